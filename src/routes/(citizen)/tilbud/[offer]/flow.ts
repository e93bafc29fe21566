import { redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { AgeBand, Offer } from '$lib/domain/model';
import { ageBandFits, needsAgeBand } from '$lib/domain/eligibility';
import { AGE_BANDS } from '$lib/domain/values';

/**
 * The booking steps pass only the age band from page to page, in the address (`?alder=18to24`): never the
 * eligibility answers, which are not kept anywhere (issue 3).
 */

export const AgeBandParam = z.enum(AGE_BANDS);

/** The band from the address when the offer needs one; without a fitting band, back to the questions. */
export function ageBandFrom(url: URL, offer: Offer): AgeBand | null {
	if (!needsAgeBand(offer)) return null;
	const band = AgeBandParam.safeParse(url.searchParams.get('alder'));
	if (!band.success || !ageBandFits(offer, band.data)) redirect(303, `/tilbud/${offer.slug}/tjek`);
	return band.data;
}

export function withBand(path: string, band: AgeBand | null, extra: Record<string, string> = {}): string {
	const params = new URLSearchParams(extra);
	if (band) params.set('alder', band);
	const query = params.toString();
	return query ? `${path}?${query}` : path;
}

/** Where "Book a time" leads: the questions first when the offer has any, or when the age band is needed. */
export function firstStep(offer: Offer): string {
	return offer.eligibility.length > 0 || needsAgeBand(offer)
		? `/tilbud/${offer.slug}/tjek`
		: `/tilbud/${offer.slug}/sted`;
}

/** A person with no code yet: what the rules let them book first (domain/sessions.ts). */
export { firstPhase } from '$lib/domain/sessions';
