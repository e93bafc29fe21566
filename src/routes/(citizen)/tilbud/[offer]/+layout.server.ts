import { error, redirect } from '@sveltejs/kit';
import type { LayoutServerLoad } from './$types';
import { db } from '$lib/server/platform/app-db';
import { offerContext } from '$lib/server/booking/citizen';

/** Every step of booking an offer starts from the offer, its municipality and its places. */
export const load: LayoutServerLoad = async ({ params, route }) => {
	const context = await offerContext(db(), params.offer);
	if (!context) error(404, 'Not found');
	// An offer the documents describe too little to book (contactOnly) has only its page, with whom to contact.
	if (context.offer.contactOnly && route.id !== '/(citizen)/tilbud/[offer]')
		redirect(303, `/tilbud/${context.offer.slug}`);
	return context;
};
