import type { PageServerLoad } from './$types';
import { env } from '$lib/server/platform/env.js';
import { db } from '$lib/server/platform/app-db';
import { municipalitiesWithOffers } from '$lib/server/catalogue/catalogue';

/** Who runs this: the municipalities with their offers and numbers, and the operator when configured (OPERATOR_NAME). */
export const load: PageServerLoad = async () => {
	const municipalities = (await municipalitiesWithOffers(db())).filter((mu) => mu.offers.length > 0);
	return {
		operator: env().OPERATOR_NAME ?? null,
		phones: municipalities.map((mu) => ({ name: mu.name, phone: mu.phone.known ? mu.phone.value : null }))
	};
};
