import type { Offer, PhaseKind } from '$lib/domain/model';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import type { Locale } from './format';

/**
 * The plain-language facts a citizen needs before choosing an offer: who, what, where anonymity stops. Each says
 * only what the offer's sources say (issue 11); a number the documents do not give (`assumed`) is never told.
 */

/** Who it is for. An age only where a source gives one: Odsherred "fra 12 år" (002); 001, 003, 004 give no lower age. */
export function offerWho(offer: Offer): string[] {
	const who = [offer.audience === 'relative' ? m.offer_for_relative() : m.offer_for_self()];
	if (offer.maxAge !== null) {
		who.push(
			offer.minAge === 0
				? m.offer_age_under({ max: offer.maxAge })
				: m.offer_age_range({ min: offer.minAge, max: offer.maxAge - 1 })
		);
	} else if (offer.minAge > 0) {
		who.push(m.offer_age_from({ age: offer.minAge }));
	}
	return who;
}

/** What the person gets. */
export function offerWhat(offer: Offer): string[] {
	const what: string[] = [];
	if (offer.phases.some((p) => p.kind === 'clarifying')) what.push(m.offer_clarifying_first());
	// A weekly rhythm only where the source gives one: 001 "én ugentlig kontakt i 10 uger", 003 "14 mandage".
	const weekly = offer.cadence?.kind === 'perWeek' && offer.cadence.max === 1;
	for (const phase of offer.phases) {
		if (phase.kind === 'clarifying' || phase.kind === 'closing') continue;
		const max = phase.assumed?.includes('max') ? null : phase.max;
		if (phase.format.kind === 'group') {
			const weeks = phase.assumed?.includes('weeks') ? null : phase.format.weeks;
			if (weekly) what.push(weeks === null ? m.offer_group_weekly() : m.offer_group_weeks({ weeks }));
			else what.push(max === null ? m.offer_group() : m.offer_group_sessions({ count: max }));
		} else if (max !== null) what.push(m.offer_sessions_upto({ count: max }));
	}
	if (offer.cadence?.kind === 'perCalendarMonth') what.push(m.offer_per_month({ count: offer.cadence.max }));
	// "Op til": the most the portal lets one code book, not what the person is entitled to (000 "2-8 gange").
	if (offer.cadence?.kind === 'rolling')
		what.push(m.offer_per_days({ count: offer.cadence.max, days: offer.cadence.days }));
	// Past the anonymous talks: more anonymous talks only where consent opens them; else the hand-over (001, 004).
	if (offer.youth) {
		const count = offer.youth.anonymousMax;
		// A declared default (youth.assumed) is the portal's limit, not the source's: the facts do not tell it.
		if (offer.youth.assumed?.includes('anonymousMax')) what.push(m.offer_youth_handover_first_step());
		else what.push(offer.youth.withConsentMax > 0 ? m.offer_youth_gate({ count }) : m.offer_youth_handover({ count }));
	}
	// SUL §142 (text in 002): "tilbyder personer, som ønsker at komme i stofmisbrugsbehandling efter denne lov eller
	// efter lov om social service, en vederlagsfri lægesamtale", before treatment starts (stk. 2). No source says
	// whether it can be anonymous, so the text tells the person to ask.
	if (offer.law === 'SEL §101a') what.push(m.offer_doctor_talk());
	if (offer.guarantee14Days) what.push(m.offer_guarantee());
	return what;
}

/**
 * The weeks a group phase runs, where the source gives them (001: 10, 003: 14); null where the number is a
 * placeholder (`assumed`), so a group is never told to run "i 10 uger" on no source's word.
 */
export function sourceWeeks(offer: Offer, phase: PhaseKind | null | undefined): number | null {
	const p = offer.phases.find((x) => x.kind === phase);
	if (p?.format.kind !== 'group' || p.assumed?.includes('weeks')) return null;
	return p.format.weeks;
}

/** Who, what and the offer's own limits on medicine and doctors: the short list beside each offer. */
export function offerFacts(offer: Offer): string[] {
	const care = offer.anonymousCare?.[getLocale() as Locale];
	return [...offerWho(offer), ...offerWhat(offer), ...(care ? [care] : [])];
}

/**
 * Where anonymity stops, for the offer page. Every offer says the staff's duty to report concern for a child, so
 * nothing reads as "anonymous all the way": 002 "Rusmiddelteamets medarbejdere har, jvf. Servicelovens § 153,
 * skærpet underretningspligt, hvis det vurderes, at der er grund til bekymring, eller behov for støtte, til et barn
 * eller en ung" — a national duty, not Odsherred's alone.
 */
export function anonymityLimits(offer: Offer): string[] {
	const limits: string[] = [];
	const care = offer.anonymousCare?.[getLocale() as Locale];
	if (care) limits.push(care);
	if (offer.youth) {
		const count = offer.youth.anonymousMax;
		if (offer.youth.assumed?.includes('anonymousMax')) limits.push(m.offer_youth_handover_first_step());
		else
			limits.push(
				offer.youth.withConsentMax > 0
					? m.citizen_offer_stop_youth({ count })
					: m.citizen_offer_stop_youth_handover({ count })
			);
	}
	if (offer.phases.some((p) => p.requiresDecision)) limits.push(m.citizen_offer_stop_decision());
	// SEL §101a stk. 7 (002): "skal foregå adskilt fra behandlingstilbud efter § 101" — apart from §101 treatment,
	// not from everything, and possibly in the same house (Gladsaxe runs both at Østmarken 4B, 001).
	if (offer.law === 'SEL §101a') limits.push(m.citizen_offer_stop_apart());
	limits.push(m.citizen_offer_stop_report());
	return limits;
}

/**
 * The landing page's line for parents and relatives, naming only the municipalities that have an offer for them
 * (000–004 differ); null where none has.
 */
export function relativesLine(
	municipalities: readonly { name: string; offers: readonly Offer[] }[],
	locale: Locale
): string | null {
	const names = municipalities.filter((mu) => mu.offers.some((o) => o.audience === 'relative')).map((mu) => mu.name);
	if (names.length === 0) return null;
	names.sort((a, b) => a.localeCompare(b, 'da'));
	const list = new Intl.ListFormat(locale === 'da' ? 'da-DK' : 'en-GB', { type: 'conjunction' }).format(names);
	return m.landing_relatives({ municipalities: list }, { locale });
}
