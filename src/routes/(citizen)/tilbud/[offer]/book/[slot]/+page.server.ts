import { error, fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { minNoticeMinutes, tooSoon } from '$lib/domain/notice';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/platform/app-db';
import { issueCodeAndBook } from '$lib/server/booking/bookings';
import { keepReceipt } from '$lib/server/booking/receipt';
import { chosenTimeOf, holdsSlot, offerContext, startCodeSession, startsTooSoon } from '$lib/server/booking/citizen';
import { ageBandFrom, withBand } from '../../flow';
import {
	clientSubject,
	consumeAll,
	refund,
	FIRST_BOOKING_PER_CLIENT,
	FIRST_BOOKING_PER_CLIENT_OFFER,
	type Bucket
} from '$lib/server/auth/rate-limit';

const SlotId = z.uuid();

/** The chosen time, to confirm before a code is made; a time gone meanwhile shows the nearest free ones. */
export const load: PageServerLoad = async ({ parent, params, url, locals }) => {
	const { offer, providers } = await parent();
	const band = ageBandFrom(url, offer);
	const id = SlotId.safeParse(params.slot);
	const now = new Date();
	const chosen = id.success ? await chosenTimeOf(db(), offer, providers, id.data, locals.code?.id ?? null, now) : null;
	if (!chosen) error(404, 'Not found');
	const { slot } = chosen;
	return {
		band,
		...chosen,
		soonHours: soonHours(offer, slot.startsAt, now, slot.seatsLeft > 0 && !slot.cancelled),
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
		if (locals.code && (await holdsSlot(sql, locals.code.id, id.data))) redirect(303, '/kvittering');

		// Inside the offer's minimum notice the time is gone for online booking, as a past one is (issue 12, item 6).
		if (await startsTooSoon(sql, offer, id.data)) return fail(409, { reason: 'slot_past' as const });

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

		// POST/redirect/GET to the receipt (issue 12, item 1): a reload or Back shows the receipt again, not the form.
		const token = await startCodeSession(sql, event, result.codeId);
		await keepReceipt(sql, token, result.display);
		redirect(303, '/kvittering');
	}
};

/** The notice in hours when a free time is gone only because it is too soon (issue 12, item 6); else null. */
function soonHours(offer: Parameters<typeof tooSoon>[0], startsAt: Date, now: Date, free: boolean): number | null {
	return free && startsAt > now && tooSoon(offer, startsAt, now) ? Math.round(minNoticeMinutes(offer) / 60) : null;
}
