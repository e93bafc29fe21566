import { error } from '@sveltejs/kit';
import type { LayoutServerLoad } from './$types';
import { db } from '$lib/server/platform/app-db';
import { offerContext } from '$lib/server/booking/citizen';

/** Every step of booking an offer starts from the offer, its municipality and its places. */
export const load: LayoutServerLoad = async ({ params }) => {
	const context = await offerContext(db(), params.offer);
	if (!context) error(404, 'Not found');
	return context;
};
