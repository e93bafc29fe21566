import type { PageServerLoad } from './$types';
import { db } from '$lib/server/platform/app-db';
import { municipalitiesWithOffers } from '$lib/server/catalogue/catalogue';

/**
 * The landing page asks one thing first: which municipality (issue 12, item 3). Only municipalities with offers of
 * their own are listed, as plain links; the offers are on the municipality's page.
 */
export const load: PageServerLoad = async () => {
	const municipalities = await municipalitiesWithOffers(db());
	return {
		municipalities: municipalities.filter((mu) => mu.offers.length > 0).map((mu) => ({ slug: mu.slug, name: mu.name }))
	};
};
