import { error, redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { bookableFrom } from '$lib/domain/notice';
import { db } from '$lib/server/platform/app-db';
import { earliestFreePerPlace, joinableSeries } from '$lib/server/booking/citizen';
import { ageBandFrom, firstPhase, withBand } from '../flow';

/** The providers side by side with their earliest free time; the person chooses freely (SEL §101a stk. 2). */
export const load: PageServerLoad = async ({ parent, url }) => {
	const { offer, providers } = await parent();
	const band = ageBandFrom(url, offer);
	const phase = firstPhase(offer, band);
	if (!phase) error(404, 'Not found');
	if (providers.length === 1)
		redirect(303, withBand(`/tilbud/${offer.slug}/tid`, band, { sted: providers[0]!.place.slug }));

	const now = new Date();
	const isGroup = offer.phases.find((p) => p.kind === phase)?.format.kind === 'group';
	const earliest = new Map<string, Date>();
	if (isGroup) {
		for (const s of await joinableSeries(db(), offer, phase, now)) {
			const first = s.starts[0]!.startsAt;
			if (!earliest.has(s.placeSlug) || first < earliest.get(s.placeSlug)!) earliest.set(s.placeSlug, first);
		}
	} else {
		for (const [place, at] of await earliestFreePerPlace(db(), {
			offerSlug: offer.slug,
			phase,
			from: bookableFrom(offer, now)
		}))
			earliest.set(place, at);
	}
	return {
		band,
		choices: providers.map((p) => ({
			...p,
			earliest: earliest.get(p.place.slug) ?? null,
			href: withBand(`/tilbud/${offer.slug}/tid`, band, { sted: p.place.slug })
		}))
	};
};
