import { error, fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/platform/app-db';
import { issueCodeAndBook, bookingsOfCode } from '$lib/server/booking/bookings';
import { chosenTimeOf, holdsSlot, offerContext, startCodeSession } from '$lib/server/booking/citizen';
import { ageBandFrom, withBand } from '../../flow';
import { clientSubject, consumeAll, refund, FIRST_BOOKING_PER_CLIENT, FIRST_BOOKING_PER_CLIENT_OFFER, type Bucket } from '$lib/server/auth/rate-limit';

const SlotId = z.uuid();

/** The chosen time, to confirm before a code is made; a time gone meanwhile shows the nearest free ones. */
export const load: PageServerLoad = async ({ parent, params, url }) => {
	const { offer, providers } = await parent();
	const band = ageBandFrom(url, offer);
	const id = SlotId.safeParse(params.slot);
	const chosen = id.success ? await chosenTimeOf(db(), offer, providers, id.data) : null;
	if (!chosen) error(404, 'Not found');
	const { slot } = chosen;
	return {
		band,
		...chosen,
		bandQuery: withBand('', band),
		timesHref: withBand(`/tilbud/${offer.slug}/tid`, band, { sted: slot.placeSlug })
	};
};

export const actions: Actions = {
	default: async (event) => {
		const { params, url, locals } = event;
		const sql = db();
		const context = await offerContext(sql, params.offer);
		const id = SlotId.safeParse(params.slot);
		if (!context || !id.success) return fail(404, { reason: 'slot_not_found' as const });
		const { offer } = context;
		const band = ageBandFrom(url, offer);

		// Sent twice (a reload of the code page, a double tap): the first booking stands, no second code is made.
		if (locals.code && (await holdsSlot(sql, locals.code.id, id.data))) redirect(303, '/mine-tider');

		// Each first booking makes a new code: a script could book out every free time (issue 9, finding 3). A person
		// books once or twice; the page shows the same time again, with a calm word, when the limit is met.
		const client = clientSubject(event.getClientAddress());
		const limits: [Bucket, string][] = [
			[FIRST_BOOKING_PER_CLIENT, client],
			[FIRST_BOOKING_PER_CLIENT_OFFER, `${client}\u0000${offer.slug}`]
		];
		if (!(await consumeAll(sql, limits))) return fail(429, { reason: 'slow_down' as const });

		const result = await issueCodeAndBook(sql, { offerSlug: offer.slug, ageBand: band, slotId: id.data });
		if (!result.ok) {
			// Someone else got the seat first: no code was made, so the try does not count against the person.
			if (result.reason === 'full') for (const [bucket, subject] of limits) await refund(sql, bucket, subject);
			return fail(409, { reason: result.reason });
		}

		await startCodeSession(sql, event, result.codeId);
		const booked = (await bookingsOfCode(sql, result.codeId)).filter((b) => b.status === 'booked');
		return {
			issued: {
				code: result.display,
				times: booked.map((b) => ({ startsAt: b.startsAt, placeName: b.placeName })),
				origin: url.origin
			}
		};
	}
};
