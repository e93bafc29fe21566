import { redirect } from '@sveltejs/kit';
import type { LayoutServerLoad } from './$types';
import { db } from '$lib/server/platform/app-db';
import { bookingsOfCode } from '$lib/server/booking/bookings';
import { codeState, heldSessions, offerContext } from '$lib/server/booking/citizen';

/** Everything under /mine-tider belongs to the code of this browser's code session; without one, enter the code. */
export const load: LayoutServerLoad = async ({ locals, depends }) => {
	depends('citizen:bookings');
	if (!locals.code) redirect(303, '/kode');
	const context = await offerContext(db(), locals.code.offerSlug);
	if (!context) redirect(303, '/kode');
	const bookings = await bookingsOfCode(db(), locals.code.id);
	return { ...context, bookings, held: heldSessions(bookings), state: codeState(locals.code) };
};
