import { error, fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/platform/app-db';
import { reschedule } from '$lib/server/booking/bookings';
import { timesAt } from '$lib/server/booking/citizen';
import { chosenTime } from '$lib/server/booking/slots';

const Id = z.uuid();

/** Move one upcoming booking: pick a free time of the same phase and place (`?tid=` shows it to confirm). */
export const load: PageServerLoad = async ({ parent, params, url }) => {
	const { offer, bookings, providers } = await parent();
	const now = new Date();
	const booking = bookings.find((b) => b.id === params.booking && b.status === 'booked' && b.startsAt > now);
	if (!booking) error(404, 'Not found');
	const wanted = Id.safeParse(url.searchParams.get('tid'));
	const chosen = wanted.success ? await chosenTime(db(), wanted.data, now) : null;
	const place = providers.find((p) => p.place.slug === booking.placeSlug)!.place;
	if (chosen && chosen.slot.offerSlug === offer.slug && chosen.slot.phase === booking.phase) {
		return { booking, place, ...chosen, times: [] };
	}
	const times = (await timesAt(db(), offer, booking.phase, booking.placeSlug, now)).map((s) => ({ id: s.id, startsAt: s.startsAt }));
	return { booking, place, slot: null, gone: false, nearest: [], times };
};

export const actions: Actions = {
	default: async ({ locals, params, request }) => {
		if (!locals.code) return fail(401, { sessionGone: true as const });
		const booking = Id.safeParse(params.booking);
		const slot = Id.safeParse((await request.formData()).get('tid'));
		if (!booking.success || !slot.success) return fail(400, { reason: 'slot_not_found' as const });
		const result = await reschedule(db(), locals.code.id, booking.data, slot.data);
		if (!result.ok) return fail(409, { reason: result.reason });
		redirect(303, '/mine-tider?besked=flyttet');
	}
};
