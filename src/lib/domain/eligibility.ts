import type { AgeBand, EligibilityQuestion, Offer } from './model';
import { AGE_BANDS } from './values';

/**
 * A person's answers before booking; never stored (issue 3). `true` always means the criterion is met;
 * `'unknown'` is "ved ikke", accepted only for the soft questions (SOFT_QUESTIONS).
 */
export type EligibilityAnswer = boolean | 'unknown';
export type EligibilityAnswers = Partial<Record<EligibilityQuestion, EligibilityAnswer>>;

/**
 * Questions a person may answer "ved ikke" and still book the clarifying conversation, where the centre judges
 * them (SEL §101a stk. 4, 002: the decision is made "på baggrund af en afklarende samtale"). Helsingør's work or
 * education is "som udgangspunkt" (003), København's "i job, har tæt tilknytning til arbejdsmarkedet eller er i
 * gang med en uddannelse" (004) is not a thing a person can always judge alone, nor whether an illness "kræver
 * behandling" (001). 18+ and "no substitution medicine" stay hard gates (issue 11, item 6; DOMAIN.md).
 */
export const SOFT_QUESTIONS: readonly EligibilityQuestion[] = ['workOrEducation', 'noPsychiatric'];

export function acceptsUnknown(question: EligibilityQuestion): boolean {
	return SOFT_QUESTIONS.includes(question);
}

export type EligibilityVerdict =
	| {
			eligible: true;
			/** Answered "ved ikke": what the centre will talk about in the clarifying conversation. Absent when none. */
			toDiscuss?: EligibilityQuestion[];
	  }
	| {
			eligible: false;
			/** Answered, and the answer rules the person out: show the next step (DOMAIN.md: never a dead end). */
			failed: EligibilityQuestion[];
			/** Not answered: ask again rather than refuse. */
			unanswered: EligibilityQuestion[];
			/** 'outside': the age band falls outside the offer's ages; 'unanswered': the offer needs the band. */
			age: 'fits' | 'outside' | 'unanswered';
	  };

/** Ages a band covers, [from, to). Under-18 starts at 0: a band cannot tell a 10-year-old from a 12-year-old. */
export const AGE_BAND_YEARS: Record<AgeBand, { from: number; to: number | null }> = {
	under18: { from: 0, to: 18 },
	'18to24': { from: 18, to: 25 },
	'25plus': { from: 25, to: null }
};

/**
 * Someone in the band could be of an age the offer takes ([minAge, maxAge)). Where the band straddles an
 * offer's edge it fits: the band is all the portal knows, and the offer page states the ages.
 */
export function ageBandFits(offer: Offer, band: AgeBand): boolean {
	const { from, to } = AGE_BAND_YEARS[band];
	const belowMax = offer.maxAge === null || from < offer.maxAge;
	const aboveMin = to === null || to > offer.minAge;
	return belowMax && aboveMin;
}

/**
 * DOMAIN.md: the age band is asked only where a rule needs it — the under-18 consent gate (001, 003), or an age
 * range that leaves out a band the questions have not already ruled out (Helsingør 25+ and Helsingung under 25,
 * 003; Gladsaxe youth under 25, 001). An 18+ offer that asks 'adult' does not need it.
 */
export function needsAgeBand(offer: Offer): boolean {
	if (offer.youth !== null) return true;
	const possible = offer.eligibility.includes('adult') ? AGE_BANDS.filter((b) => b !== 'under18') : AGE_BANDS;
	return possible.some((band) => !ageBandFits(offer, band));
}

/** The offer's eligibility questions (001, 003, 004) and, where it is needed, the age band. */
export function checkEligibility(offer: Offer, answers: EligibilityAnswers, age?: AgeBand): EligibilityVerdict {
	const failed = offer.eligibility.filter((q) => answers[q] === false);
	// "Ved ikke" to a hard question is no answer: it is asked again, without that choice.
	const unanswered = offer.eligibility.filter(
		(q) => answers[q] === undefined || (answers[q] === 'unknown' && !acceptsUnknown(q))
	);
	const toDiscuss = offer.eligibility.filter((q) => answers[q] === 'unknown' && acceptsUnknown(q));
	const ageVerdict =
		age === undefined ? (needsAgeBand(offer) ? 'unanswered' : 'fits') : ageBandFits(offer, age) ? 'fits' : 'outside';
	if (failed.length === 0 && unanswered.length === 0 && ageVerdict === 'fits')
		return toDiscuss.length > 0 ? { eligible: true, toDiscuss } : { eligible: true };
	return { eligible: false, failed, unanswered, age: ageVerdict };
}
