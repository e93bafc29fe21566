import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { env } from '$lib/server/platform/env.js';
import { db } from '$lib/server/platform/app-db';
import { municipalitiesWithOffers } from '$lib/server/catalogue/catalogue';

/**
 * The accessibility statement (webtilgængelighedsloven) is the deployment's, usually on was.digst.dk: set
 * ACCESSIBILITY_STATEMENT_URL and this address leads there. Unset, the page says so and whom to call.
 */
export const load: PageServerLoad = async () => {
	const statement = env().ACCESSIBILITY_STATEMENT_URL;
	if (statement) redirect(303, statement);
	const municipalities = (await municipalitiesWithOffers(db())).filter((mu) => mu.offers.length > 0);
	return { phones: municipalities.flatMap((mu) => (mu.phone.known ? [{ name: mu.name, phone: mu.phone.value }] : [])) };
};
