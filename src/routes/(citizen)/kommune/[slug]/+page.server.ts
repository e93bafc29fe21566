import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { db } from '$lib/server/platform/app-db';
import { municipalitiesWithOffers, partnerPlaces } from '$lib/server/catalogue/catalogue';
import { offerWho } from '$lib/ui/citizen/offer-facts';

/** One municipality's offers as short cards, for yourself and for parents and relatives (issue 12, item 3). */
export const load: PageServerLoad = async ({ params, locals }) => {
	const sql = db();
	const [municipalities, partners] = await Promise.all([municipalitiesWithOffers(sql), partnerPlaces(sql)]);
	const mu = municipalities.find((x) => x.slug === params.slug && x.offers.length > 0);
	if (!mu) error(404, 'Not found');
	const card = (o: (typeof mu.offers)[number]) => ({
		slug: o.slug,
		title: o.title[locals.locale],
		// The first sentence of the summary: the card says what it is; the offer page says the rest.
		lead: o.summary[locals.locale].split(/(?<=\.)\s/)[0] ?? '',
		who: offerWho(o)
	});
	return {
		name: mu.name,
		phone: mu.phone.known ? mu.phone.value : null,
		self: mu.offers.filter((o) => o.audience === 'self').map(card),
		relative: mu.offers.filter((o) => o.audience === 'relative').map(card),
		// A partner outside the municipality that takes its citizens (SEL §101a stk. 2: Brydehuset for Gladsaxe, 001).
		partners: partners.filter((p) => p.servesMunicipalities.includes(mu.name))
	};
};
