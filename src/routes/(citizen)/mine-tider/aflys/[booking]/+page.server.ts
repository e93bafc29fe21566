import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/platform/app-db';
import { cancel } from '$lib/server/booking/bookings';

/** Cancel takes a second step (issue 12, item 7): one stray tap next to "Flyt" must not give a time away. */
export const load: PageServerLoad = async ({ parent, params }) => {
	const { bookings, providers } = await parent();
	const now = new Date();
	const booking = bookings.find((b) => b.id === params.booking && b.status === 'booked' && b.startsAt > now);
	if (!booking) error(404, 'Not found');
	const place = providers.find((p) => p.place.slug === booking.placeSlug)?.place ?? null;
	return { booking, place };
};

export const actions: Actions = {
	default: async ({ locals, params }) => {
		if (!locals.code) return fail(401, { sessionGone: true as const });
		const result = await cancel(db(), locals.code.id, params.booking);
		if (!result.ok) return fail(409, { cancelFailed: true as const });
		redirect(303, '/mine-tider?besked=aflyst');
	}
};
