import { error, fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { minNoticeMinutes, tooSoon } from '$lib/domain/notice';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/platform/app-db';
import { bookSlotOrJoinSeries } from '$lib/server/booking/bookings';
import { chosenTimeOf, holdsSlot, offerContext, startsTooSoon } from '$lib/server/booking/citizen';

const SlotId = z.uuid();

export const load: PageServerLoad = async ({ parent, params }) => {
	const { offer, providers } = await parent();
	const id = SlotId.safeParse(params.slot);
	const now = new Date();
	const chosen = id.success ? await chosenTimeOf(db(), offer, providers, id.data, null, now) : null;
	if (!chosen) error(404, 'Not found');
	const { slot } = chosen;
	return { ...chosen, soonHours: soonHours(offer, slot.startsAt, now, slot.seatsLeft > 0 && !slot.cancelled) };
};

/** A code holder's next booking; joining a group series books its following weeks too (bookings.ts). */
export const actions: Actions = {
	default: async ({ locals, params }) => {
		if (!locals.code) return fail(401, { sessionGone: true as const });
		const id = SlotId.safeParse(params.slot);
		if (!id.success) return fail(404, { reason: 'slot_not_found' as const });
		// Sent twice: the booking from the first time stands.
		if (await holdsSlot(db(), locals.code.id, id.data)) redirect(303, '/mine-tider?besked=booket');
		const context = await offerContext(db(), locals.code.offerSlug);
		if (context && (await startsTooSoon(db(), context.offer, id.data)))
			return fail(409, { reason: 'slot_past' as const });
		const result = await bookSlotOrJoinSeries(db(), locals.code.id, id.data);
		if (!result.ok) return fail(409, { reason: result.reason });
		// Joining a group books its following weeks too: the page says "signed up for the group", not "your time".
		redirect(303, `/mine-tider?besked=${result.bookingIds.length > 1 ? 'hold' : 'booket'}`);
	}
};

/** The notice in hours when a free time is gone only because it is too soon (issue 12, item 6); else null. */
function soonHours(offer: Parameters<typeof tooSoon>[0], startsAt: Date, now: Date, free: boolean): number | null {
	return free && startsAt > now && tooSoon(offer, startsAt, now) ? Math.round(minNoticeMinutes(offer) / 60) : null;
}
