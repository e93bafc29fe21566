import { error, fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/platform/app-db';
import { bookSlotOrJoinSeries } from '$lib/server/booking/bookings';
import { chosenTimeOf, holdsSlot } from '$lib/server/booking/citizen';

const SlotId = z.uuid();

export const load: PageServerLoad = async ({ parent, params }) => {
	const { offer, providers } = await parent();
	const id = SlotId.safeParse(params.slot);
	const chosen = id.success ? await chosenTimeOf(db(), offer, providers, id.data) : null;
	if (!chosen) error(404, 'Not found');
	return chosen;
};

/** A code holder's next booking; joining a group series books its following weeks too (bookings.ts). */
export const actions: Actions = {
	default: async ({ locals, params }) => {
		if (!locals.code) return fail(401, { sessionGone: true as const });
		const id = SlotId.safeParse(params.slot);
		if (!id.success) return fail(404, { reason: 'slot_not_found' as const });
		// Sent twice: the booking from the first time stands.
		if (await holdsSlot(db(), locals.code.id, id.data)) redirect(303, '/mine-tider?besked=booket');
		const result = await bookSlotOrJoinSeries(db(), locals.code.id, id.data);
		if (!result.ok) return fail(409, { reason: result.reason });
		redirect(303, '/mine-tider?besked=booket');
	}
};
