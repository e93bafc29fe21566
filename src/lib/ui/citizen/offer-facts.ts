import type { Offer } from '$lib/domain/model';
import { m } from '$lib/paraglide/messages';

/** The plain-language facts a citizen needs before choosing an offer: who, how much, where anonymity stops. */
export function offerFacts(offer: Offer): string[] {
	const facts: string[] = [];
	facts.push(offer.audience === 'relative' ? m.offer_for_relative() : m.offer_for_self());
	facts.push(
		offer.maxAge === null
			? m.offer_age_from({ age: offer.minAge })
			: m.offer_age_range({ min: offer.minAge, max: offer.maxAge - 1 })
	);
	if (offer.phases.some((p) => p.kind === 'clarifying')) facts.push(m.offer_clarifying_first());
	for (const phase of offer.phases) {
		if (phase.kind === 'clarifying' || phase.kind === 'closing') continue;
		if (phase.format.kind === 'group') {
			// A number the documents do not give (marked `assumed`) is not promised to anyone.
			const weeks = phase.max ?? (phase.assumed?.includes('weeks') ? null : phase.format.weeks);
			facts.push(weeks === null ? m.offer_group_weekly() : m.offer_group_weeks({ weeks }));
		}
		else if (phase.max !== null && !phase.assumed?.includes('max')) facts.push(m.offer_sessions_upto({ count: phase.max }));
	}
	if (offer.cadence?.kind === 'perCalendarMonth') facts.push(m.offer_per_month({ count: offer.cadence.max }));
	if (offer.youth) facts.push(m.offer_youth_gate({ count: offer.youth.anonymousMax }));
	if (offer.noMedicineWhileAnonymous) facts.push(m.offer_no_medicine());
	if (offer.guarantee14Days) facts.push(m.offer_guarantee());
	return facts;
}
