import { z } from 'zod';
import type { PageServerLoad } from './$types';
import { db } from '$lib/server/platform/app-db';
import { earliestFreePerPlace, joinableSeries, timesAt } from '$lib/server/booking/citizen';
import { nextPhase } from '$lib/domain/sessions';

/**
 * The next time for a code holder: the phase the rules open to them (domain nextPhase), at a place they choose.
 * Refusals are explained on /mine-tider itself, so here a closed phase just shows no times.
 */
export const load: PageServerLoad = async ({ parent, url }) => {
	const { offer, providers, held, state } = await parent();
	const next = nextPhase(offer, held, state);
	const now = new Date();
	if (!next.ok) return { phase: null, choices: [], provider: null, times: [], series: [], group: null };
	const phase = next.phase;
	const format = offer.phases.find((p) => p.kind === phase)!.format;
	const group = format.kind === 'group' ? format : null;
	if (group) return { phase, choices: [], provider: null, times: [], series: await joinableSeries(db(), offer, phase, now), group };

	const chosen = z.string().max(100).nullable().parse(url.searchParams.get('sted'));
	const provider = providers.length === 1 ? providers[0]! : providers.find((p) => p.place.slug === chosen);
	if (!provider) {
		const earliest = await earliestFreePerPlace(db(), { offerSlug: offer.slug, phase, from: now });
		const choices = providers.map((p) => ({ ...p, earliest: earliest.get(p.place.slug) ?? null, href: `/mine-tider/book?sted=${p.place.slug}` }));
		return { phase, choices, provider: null, times: [], series: [], group };
	}
	const times = (await timesAt(db(), offer, phase, provider.place.slug, now)).map((s) => ({ id: s.id, startsAt: s.startsAt }));
	return { phase, choices: [], provider, times, series: [], group };
};
