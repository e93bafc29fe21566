import { error, fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { bookableFrom, minNoticeMinutes, tooSoon } from '$lib/domain/notice';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/platform/app-db';
import { reschedule } from '$lib/server/booking/bookings';
import { startsTooSoon, offerContext } from '$lib/server/booking/citizen';
import { chosenTime } from '$lib/server/booking/slots';
import { timeChooser } from '$lib/server/booking/time-chooser';

const Id = z.uuid();

/** Move one upcoming booking: pick a free time of the same phase and place (`?tid=` shows it to confirm). */
export const load: PageServerLoad = async ({ parent, params, url }) => {
	const { offer, bookings, providers, held } = await parent();
	const now = new Date();
	const booking = bookings.find((b) => b.id === params.booking && b.status === 'booked' && b.startsAt > now);
	if (!booking) error(404, 'Not found');
	const wanted = Id.safeParse(url.searchParams.get('tid'));
	const chosen = wanted.success ? await chosenTime(db(), wanted.data, now, bookableFrom(offer, now)) : null;
	const place = providers.find((p) => p.place.slug === booking.placeSlug)!.place;
	if (chosen && chosen.slot.offerSlug === offer.slug && chosen.slot.phase === booking.phase) {
		const { slot } = chosen;
		return {
			booking,
			place,
			...chosen,
			chooser: null,
			soonHours: soonHours(offer, slot.startsAt, now, slot.seatsLeft > 0 && !slot.cancelled)
		};
	}
	// The time being moved does not count against the month it leaves (bookings.ts cancels it first).
	const others = held.filter((h) => h.startsAt.getTime() !== booking.startsAt.getTime());
	const chooser = await timeChooser(db(), {
		offer,
		phase: booking.phase,
		placeSlug: booking.placeSlug,
		now,
		month: url.searchParams.get('maaned'),
		day: url.searchParams.get('dag'),
		held: others
	});
	return { booking, place, slot: null, gone: false, nearest: [], chooser, soonHours: null };
};

export const actions: Actions = {
	default: async ({ locals, params, request }) => {
		if (!locals.code) return fail(401, { sessionGone: true as const });
		const booking = Id.safeParse(params.booking);
		const slot = Id.safeParse((await request.formData()).get('tid'));
		if (!booking.success || !slot.success) return fail(400, { reason: 'slot_not_found' as const });
		const context = await offerContext(db(), locals.code.offerSlug);
		if (context && (await startsTooSoon(db(), context.offer, slot.data)))
			return fail(409, { reason: 'slot_past' as const });
		const result = await reschedule(db(), locals.code.id, booking.data, slot.data);
		if (!result.ok) return fail(409, { reason: result.reason });
		redirect(303, '/mine-tider?besked=flyttet');
	}
};

/** The notice in hours when a free time is gone only because it is too soon (issue 12, item 6); else null. */
function soonHours(offer: Parameters<typeof tooSoon>[0], startsAt: Date, now: Date, free: boolean): number | null {
	return free && startsAt > now && tooSoon(offer, startsAt, now) ? Math.round(minNoticeMinutes(offer) / 60) : null;
}
