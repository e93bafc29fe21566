import type { PageServerLoad } from './$types';
import { db } from '$lib/server/platform/app-db';
import { joinableSeries } from '$lib/server/booking/citizen';
import { firstStep } from './flow';

/**
 * The offer in plain words, and its groups as they stand: when they meet, seats left, the next start dates
 * (rolling intake, 003) and, for groups that run only with enough sign-ups, how many have signed up.
 */
export const load: PageServerLoad = async ({ parent }) => {
	const { offer } = await parent();
	const now = new Date();
	const groups = [];
	for (const phase of offer.phases) {
		if (phase.format.kind !== 'group') continue;
		const series = await joinableSeries(db(), offer, phase.kind, now);
		if (series.length > 0)
			groups.push({ phase: phase.kind, format: phase.format, afterDecision: phase.requiresDecision, series });
	}
	return { groups, next: firstStep(offer) };
};
