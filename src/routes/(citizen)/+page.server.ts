import type { PageServerLoad } from './$types';
import { db } from '$lib/server/platform/app-db';
import { municipalitiesWithOffers, partnerPlaces } from '$lib/server/catalogue/catalogue';
import { offerFacts, relativesLine } from '$lib/ui/citizen/offer-facts';

/** Only what the page shows is sent: the facts as sentences in the reader's language, not whole offers. */
export const load: PageServerLoad = async ({ locals }) => {
	const sql = db();
	const [municipalities, partners] = await Promise.all([municipalitiesWithOffers(sql), partnerPlaces(sql)]);
	// Municipalities with their own offers first; a partner-only municipality (Ballerup) after them.
	const ordered = [...municipalities].sort((a, b) => Number(b.offers.length > 0) - Number(a.offers.length > 0));
	return {
		// Only the municipalities that have an offer for parents and relatives are named to them (issue 11).
		relatives: relativesLine(municipalities, locals.locale),
		municipalities: ordered.map((mu) => ({
			slug: mu.slug,
			name: mu.name,
			phone: mu.phone.known ? mu.phone.value : null,
			offers: mu.offers.map((o) => ({
				slug: o.slug,
				title: o.title[locals.locale],
				summary: o.summary[locals.locale],
				law: o.law,
				facts: offerFacts(o)
			})),
			partners: partners.filter((p) => p.municipality === mu.slug)
		}))
	};
};
