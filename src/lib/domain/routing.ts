import type { Law, MunicipalityConfig, Offer, PhaseKind, Place } from './model';

/**
 * Which places provide an offer, which places serve a municipality, and whether the configured offers keep the
 * law's rules on providers and process. Pure: no I/O, the configuration comes in as values.
 */

/** The places of an offer's providers, in the order configured (the order a citizen sees them). */
export function providersFor(offer: Offer, places: readonly Place[]): Place[] {
	return offer.providers.map((provider) => {
		const place = places.find((p) => p.slug === provider.place);
		// Loading refuses a provider without a place (config/schema.ts); reaching this is a programming error.
		if (!place)
			throw new Error(
				`Offer '${offer.slug}' names provider place '${provider.place}', which is not among the places given`
			);
		return place;
	});
}

/**
 * Every place where a citizen of the municipality can be seen for one of its offers: its own and its partners in
 * other municipalities (Gladsaxe's §101a partner Brydehuset belongs to Ballerup, 001). A place of the
 * municipality that provides none of its offers is left out; Ballerup, which owns Brydehuset but has no offers of
 * its own in the data, is served by no place.
 */
export function placesServing(municipalitySlug: string, configs: readonly MunicipalityConfig[]): Place[] {
	const config = configs.find((c) => c.municipality.slug === municipalitySlug);
	if (!config) return [];
	const all = configs.flatMap((c) => c.places);
	const served: Place[] = [];
	for (const offer of config.offers) {
		for (const place of providersFor(offer, all)) {
			if (!served.some((p) => p.slug === place.slug)) served.push(place);
		}
	}
	return served;
}

export interface LawViolation {
	/** The rule, as the law cites it, e.g. 'SEL §101a stk. 2'. */
	rule: string;
	/** The municipality's slug. */
	municipality: string;
	/** The offer's slug; null for a finding about the municipality (an offer the law requires is missing). */
	offer: string | null;
	/** What is wrong, as a code with its facts; the staff face words it (ui/staff/refusal-text.ts), start-up prints `message`. */
	finding: LawFinding;
	message: string;
	severity: 'error' | 'warning';
}

/** The law check's findings, one code each (issue 10, point 6: codes from the server, words from Paraglide). */
export type LawFinding =
	| { code: 'providers'; count: number; outside: number }
	| { code: 'gap_met' | 'gap_on_other_law' | 'guarantee_required' | 'clarifying_first' | 'decision_before_clarifying' }
	| { code: 'treatment_without_decision' | 'unbounded'; phases: PhaseKind[] }
	| { code: 'required_offer_missing' | 'gap_but_offered'; law: Law }
	| { code: 'required_offer_gap'; law: Law; reason: string }
	| {
			code:
				'medicine' | 'no_substitution_question' | 'no_group_course' | 'no_individual_closing' | 'guarantee_not_covered';
	  };

/**
 * The law's rules that the configuration alone can break (texts of SEL §101a and SUL §141 in 002). An error
 * stops start-up; a warning is printed at every start.
 *
 * SEL §101a stk. 2 is an error unless the offer declares the gap (`lawGaps`, see config/schema.ts): Helsingør
 * (003) and København (004) name no partner outside the municipality, and we will not invent one.
 *
 * Every municipality must offer SEL §101a (stk. 1) and anonymous alcohol treatment (SUL §141 stk. 7, "skal ydes
 * anonymt, hvis alkoholmisbrugeren ønsker det"; both texts in 002): a municipality with no offer of either law is
 * an error unless its file declares the gap with the reason (MunicipalityConfig.lawGaps), then a warning.
 *
 * Pass `offersOnly` when `configs` holds only part of a municipality (a coordinator's edit of one offer): the
 * municipality-wide rules are then skipped, and only the offers given are checked.
 */
export const REQUIRED_LAWS = ['SEL §101a', 'SUL §141 stk. 7'] as const satisfies readonly Law[];

export function lawViolations(
	configs: readonly MunicipalityConfig[],
	options: { offersOnly?: boolean } = {}
): LawViolation[] {
	const places = configs.flatMap((c) => c.places);
	const out: LawViolation[] = [];
	for (const config of configs) {
		const municipality = config.municipality.name;
		const slug = config.municipality.slug;
		if (!options.offersOnly)
			requiredOffers(config, (rule, severity, finding, message) =>
				out.push({
					rule,
					municipality: slug,
					offer: null,
					severity,
					finding,
					message: `${rule}: ${municipality} ${message}`
				})
			);
		for (const offer of config.offers) {
			const push = (rule: string, severity: LawViolation['severity'], finding: LawFinding, message: string) =>
				out.push({
					rule,
					municipality: slug,
					offer: offer.slug,
					severity,
					finding,
					message: `${rule}: offer '${offer.slug}' (${municipality}) ${message}`
				});

			if (offer.law === 'SEL §101a') {
				sel101aProviders(offer, places, config.municipality.slug, municipality, push);
				// A contact-only offer is not booked here: its process is the municipality's, not the portal's.
				if (!offer.contactOnly) sel101aProcess(offer, push);
			} else if (offer.lawGaps?.length) {
				push(
					'SEL §101a stk. 2',
					'error',
					{ code: 'gap_on_other_law' },
					`declares a SEL §101a stk. 2 gap but is a ${offer.law} offer`
				);
			}

			// SUL §141 stk. 2: alcohol treatment starts within 14 days of the request, anonymous or not (000 §1.2).
			if (offer.law === 'SUL §141 stk. 7' && !offer.guarantee14Days) {
				push(
					'SUL §141 stk. 2',
					'error',
					{ code: 'guarantee_required' },
					'is alcohol treatment, which must start within 14 days; set guarantee14Days to true.'
				);
			}
		}
	}
	return out;
}

type Push = (rule: string, severity: LawViolation['severity'], finding: LawFinding, message: string) => void;

/** SEL §101a stk. 1 and SUL §141 stk. 7: an offer for the person themself, or a declared gap saying why not. */
function requiredOffers(config: MunicipalityConfig, push: Push) {
	for (const law of REQUIRED_LAWS) {
		const offers = config.offers.filter((o) => o.law === law && o.audience === 'self');
		const gap = config.lawGaps?.find((g) => g.rule === law);
		const what = law === 'SEL §101a' ? 'anonymous drug treatment' : 'anonymous alcohol treatment';
		if (offers.length > 0) {
			if (gap)
				push(
					law,
					'warning',
					{ code: 'gap_but_offered', law },
					`declares a ${law} gap, but offers ${what} (${offers.map((o) => o.slug).join(', ')}); remove the gap.`
				);
		} else if (gap) {
			push(
				law,
				'warning',
				{ code: 'required_offer_gap', law, reason: gap.reason },
				`has no ${what} offer (${law}). Declared gap (${gap.sources.join(', ')}): ${gap.reason}`
			);
		} else {
			push(
				law,
				'error',
				{ code: 'required_offer_missing', law },
				`has no ${what} offer (${law}); the law requires one. Add the offer, or declare the gap with the reason in lawGaps.`
			);
		}
	}
}

/** Stk. 2: agreements with two or more providers, at least one of them outside the municipality. */
function sel101aProviders(offer: Offer, allPlaces: readonly Place[], slug: string, municipality: string, push: Push) {
	const rule = 'SEL §101a stk. 2';
	const placesOf = providersFor(offer, allPlaces);
	const outside = placesOf.filter((p) => p.municipality !== slug);
	const problems: string[] = [];
	if (placesOf.length < 2) {
		problems.push(
			`has ${placesOf.length} provider${placesOf.length === 1 ? '' : 's'} (${names(placesOf)}); the law requires agreements with at least two`
		);
	}
	if (outside.length === 0) {
		problems.push(
			`has no provider outside ${municipality} (${names(placesOf)}); at least one must be outside the municipality`
		);
	}
	const gap = offer.lawGaps?.find((g) => g.rule === rule);
	if (problems.length === 0) {
		if (gap)
			push(
				rule,
				'warning',
				{ code: 'gap_met' },
				`declares a ${rule} gap, but the rule is met (${names(placesOf)}); remove the gap.`
			);
		return;
	}
	const finding: LawFinding = { code: 'providers', count: placesOf.length, outside: outside.length };
	if (gap) {
		push(
			rule,
			'warning',
			finding,
			`${problems.join('; and ')}. Shipped anyway with a declared gap (${gap.sources.join(', ')}): ${gap.reason} ` +
				'Add the partner as a provider once the municipality names it.'
		);
	} else {
		push(rule, 'error', finding, `${problems.join('; and ')}.`);
	}
}

/** Stk. 3, 4, 7 and 8: the process every anonymous §101a course must follow (002). */
function sel101aProcess(offer: Offer, push: Push) {
	const first = offer.phases[0];
	if (first?.kind !== 'clarifying') {
		push(
			'SEL §101a stk. 3',
			'error',
			{ code: 'clarifying_first' },
			'must begin with a clarifying conversation (afklarende samtale), booked anonymously.'
		);
	} else if (first.requiresDecision) {
		push(
			'SEL §101a stk. 3',
			'error',
			{ code: 'decision_before_clarifying' },
			'cannot require a decision before the clarifying conversation; the decision is made on it (stk. 4).'
		);
	}
	const treatment = offer.phases.filter((p) => p.kind !== 'clarifying');
	const undecided = treatment.filter((p) => !p.requiresDecision).map((p) => p.kind);
	if (undecided.length > 0) {
		push(
			'SEL §101a stk. 4',
			'error',
			{ code: 'treatment_without_decision', phases: undecided },
			`lets phases be booked without a decision (${undecided.join(', ')}); treatment follows the decision.`
		);
	}
	// Stk. 7: apart from §101 treatment. Medicine (substitution, SUL §142) is given only in identified treatment
	// (001: "ikke efterspørge substitutionsbehandling"; 004: "kan man ikke modtage medicinsk behandling anonymt").
	if (!offer.noMedicineWhileAnonymous) {
		push(
			'SEL §101a stk. 7',
			'error',
			{ code: 'medicine' },
			'offers medicine; medicine is identified treatment, which the anonymous course must be kept apart from.'
		);
	}
	if (!offer.eligibility.includes('noSubstitution')) {
		push(
			'SEL §101a stk. 7',
			'error',
			{ code: 'no_substitution_question' },
			"must ask 'noSubstitution': a person who wants substitution medicine is referred to identified §101 treatment."
		);
	}
	// Stk. 8: a bounded, short course with group treatment and the option of an individual closing conversation.
	// "et afgrænset behandlingsforløb af kortere varighed": every phase has a number of sessions (a cap, or weeks
	// of a group that ends); a phase without a cap would let the course run for ever.
	const unbounded = offer.phases.filter((p) => p.max === null).map((p) => p.kind);
	if (unbounded.length > 0) {
		push(
			'SEL §101a stk. 8',
			'error',
			{ code: 'unbounded', phases: unbounded },
			`has no limit on the number of sessions (${unbounded.join(', ')}); the course must be "et afgrænset behandlingsforløb af kortere varighed". Give each phase a maximum.`
		);
	}
	if (!treatment.some((p) => p.kind === 'course' && p.format.kind === 'group')) {
		push(
			'SEL §101a stk. 8',
			'error',
			{ code: 'no_group_course' },
			'must contain group treatment (a course phase in group format).'
		);
	}
	const closing = treatment.find((p) => p.kind === 'closing');
	if (!closing || closing.format.kind !== 'individual') {
		push(
			'SEL §101a stk. 8',
			'error',
			{ code: 'no_individual_closing' },
			'must offer an individual closing conversation (a closing phase in individual format).'
		);
	}
	// 002: "Anonym stofmisbrugsbehandling efter SEL § 101a er ikke omfattet af behandlingsgarantien."
	if (offer.guarantee14Days) {
		push(
			'SEL §101a (002)',
			'warning',
			{ code: 'guarantee_not_covered' },
			'promises the 14-day guarantee, which does not cover §101a; citizens would be promised more than the law gives.'
		);
	}
}

function names(places: readonly Place[]): string {
	return places.length === 0 ? 'none' : places.map((p) => `${p.name} [${p.municipality}]`).join('; ');
}
