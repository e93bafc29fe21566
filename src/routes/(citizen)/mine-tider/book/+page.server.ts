import { z } from 'zod';
import type { PageServerLoad } from './$types';
import { db } from '$lib/server/platform/app-db';
import { earliestFreePerPlace, joinableSeries } from '$lib/server/booking/citizen';
import { timeChooser } from '$lib/server/booking/time-chooser';
import { bookableFrom } from '$lib/domain/notice';
import { nextPhase } from '$lib/domain/sessions';

/**
 * The next time for a code holder: the phase the rules open to them (domain nextPhase), at a place they choose.
 * Refusals are explained on /mine-tider itself, so here a closed phase just shows no times.
 */
export const load: PageServerLoad = async ({ parent, url }) => {
	const { offer, providers, held, state } = await parent();
	const next = nextPhase(offer, held, state);
	const now = new Date();
	if (!next.ok) return { phase: null, choices: [], provider: null, chooser: null, series: [], group: null };
	const phase = next.phase;
	const format = offer.phases.find((p) => p.kind === phase)!.format;
	const group = format.kind === 'group' ? format : null;
	if (group)
		return {
			phase,
			choices: [],
			provider: null,
			chooser: null,
			series: await joinableSeries(db(), offer, phase, now),
			group
		};

	const chosen = z.string().max(100).nullable().parse(url.searchParams.get('sted'));
	const provider = providers.length === 1 ? providers[0]! : providers.find((p) => p.place.slug === chosen);
	if (!provider) {
		const earliest = await earliestFreePerPlace(db(), { offerSlug: offer.slug, phase, from: bookableFrom(offer, now) });
		const choices = providers.map((p) => ({
			...p,
			earliest: earliest.get(p.place.slug) ?? null,
			href: `/mine-tider/book?sted=${p.place.slug}`
		}));
		return { phase, choices, provider: null, chooser: null, series: [], group };
	}
	const chooser = await timeChooser(db(), {
		offer,
		phase,
		placeSlug: provider.place.slug,
		now,
		month: url.searchParams.get('maaned'),
		day: url.searchParams.get('dag'),
		held
	});
	return { phase, choices: [], provider, chooser, series: [], group, place: provider.place.slug };
};
