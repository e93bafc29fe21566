/**
 * The shape of a municipality's anonymous offers. Every legal difference between municipalities is a value
 * here, never a branch in code (DOMAIN.md: "Where a rule differs between municipalities, it is configuration").
 */

export type Law = 'SEL §101a' | 'SUL §141 stk. 7' | 'SEL §§10–11' | 'SEL §11' | 'SUL §141';

/** Who the offer is for: the person with the problem, or a parent/relative of someone (SEL §11). */
export type Audience = 'self' | 'relative';

/** Only the band is ever kept, never a birth date (DESIGN.md: "age band"). */
export type AgeBand = 'under18' | '18to24' | '25plus';

/** Questions a person answers before booking; the answers are never stored (issue 3). */
export type EligibilityQuestion =
	| 'adult' // 18 or older (SEL §101a, SUL §141 stk. 7)
	| 'drugProblem' // a drug problem that needs treatment (001)
	| 'selfSupporting' // forsørger sig selv (001)
	| 'hasHome' // har egen bolig (001)
	| 'noSubstitution' // does not want substitution medicine (001)
	| 'noPsychiatric' // no psychiatric illness needing treatment (001)
	| 'workOrEducation' // Helsingør, København (003, 004)
	| 'livesInMunicipality'; // Gladsaxe youth: "bor i Gladsaxe" (001)

export type Wall = `${number}:${number}`; // "09:00", local Europe/Copenhagen wall time

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export interface OpeningInterval {
	weekday: Weekday;
	from: Wall;
	to: Wall;
}

/** `unknown` is the honest value where the documents do not give it (Brydehuset, DOMAIN.md). */
export type Known<T> = { known: true; value: T } | { known: false };

export interface Place {
	slug: string;
	/** The municipality that runs the place. */
	municipality: string;
	name: string;
	address: Known<string>;
	phone: Known<string>;
	/** "Times outside hours by individual agreement" (000, 001). */
	outsideHoursByAgreement: boolean;
}

/**
 * A place providing an offer, with that offer's hours there: one centre keeps different hours for different
 * offers (Gladsaxe drugs Mon–Wed 9–14 … vs alcohol Mon–Fri 9–14 + Mon/Thu 16–18; 000, 001).
 */
export interface Provider {
	place: string;
	hours: Known<OpeningInterval[]>;
	/**
	 * What the source says about these hours that is not yet hours, shown next to them in its words: Gladsaxe's
	 * Monday until 20:00 is planned, "Konkretisering … er under udarbejdelse" (001), so it is a note, not an interval.
	 */
	hoursNote?: { da: string; en: string };
}

export type Format =
	| { kind: 'individual'; minutes: number }
	| { kind: 'group'; minutes: number; seats: number; weeks: number; rollingIntake: boolean; minParticipants?: number };

/**
 * A phase of an offer. §101a runs clarifying conversation → decision → course → optional closing
 * conversation (SEL §101a stk. 3, 4, 8; 002); counselling has one phase of conversations.
 */
export type PhaseKind = 'clarifying' | 'conversation' | 'course' | 'closing';

export interface Phase {
	kind: PhaseKind;
	/** Maximum sessions in this phase; null = bounded only by cadence (SUL §141 anonymous alcohol). */
	max: number | null;
	format: Format;
	/** Sessions in this phase need a granted §101a decision first (stk. 4). */
	requiresDecision: boolean;
	/**
	 * The format used where the primary one does not run: Gladsaxe §101a gives 10 individual talks "hvis der ikke
	 * udbydes relevant gruppebehandling" (001). Same cap as the phase.
	 */
	alternative?: Format;
	/**
	 * Which of this phase's numbers the seeds do not give (no seed names a group's seats, most give no session
	 * length). They are placeholders so the demo can open times; they must not be told to citizens as facts.
	 */
	assumed?: AssumedValue[];
}

export type AssumedValue = 'max' | 'minutes' | 'seats' | 'weeks';

/**
 * A legal requirement the source documents do not show the offer meeting, shipped anyway and declared here so
 * the law check reports it at every start as a warning naming the offer instead of refusing to start. Not a
 * legal exemption: the municipality must still meet the rule. Only SEL §101a stk. 2 (≥ 2 providers, ≥ 1 outside
 * the municipality) can be declared: Helsingør (003) and København (004) name no partner.
 */
export interface LawGap {
	rule: 'SEL §101a stk. 2';
	/** Why the data cannot show the rule met (which seed is silent). */
	reason: string;
	sources: string[];
}

export type Cadence =
	| { kind: 'perCalendarMonth'; max: number } // SUL §141: 2–8 contacts a month (000)
	| { kind: 'perWeek'; max: number }; // §101a group: weekly (001)

/** Under 18: the anonymous conversations without parents, more only with parental consent (001, 003). */
export interface YouthGate {
	anonymousMax: number;
	/** How many further sessions a recorded parental consent unlocks. */
	withConsentMax: number;
	/** Whom the young person or staff must involve beyond the parents (Helsingør: family department, 003). */
	alsoNeeds?: string;
}

export interface Offer {
	slug: string;
	municipality: string;
	law: Law;
	audience: Audience;
	title: { da: string; en: string };
	/** Plain-language summary for the citizen page. */
	summary: { da: string; en: string };
	minAge: number;
	/** Exclusive upper bound (Helsingung: under 25 → 25). */
	maxAge: number | null;
	eligibility: EligibilityQuestion[];
	phases: Phase[];
	cadence: Cadence | null;
	youth: YouthGate | null;
	/** SUL §141 stk. 2: treatment starts within 14 days. §101a is exempt (002). */
	guarantee14Days: boolean;
	/**
	 * No medicine in the anonymous course: read by the law check (SEL §101a stk. 7, domain/routing.ts). What a
	 * citizen is told about medicine and doctors is `anonymousCare`, in the offer's own source's terms.
	 */
	noMedicineWhileAnonymous: boolean;
	/**
	 * What the offer's own source says about medicine, doctors and psychiatrists while anonymous, in plain words
	 * (000: no medicine, no dual-diagnosis screening, no psychiatrist, but doctor talks; 004: no medical
	 * treatment). Left out where the source says nothing: then nothing is claimed (issue 11).
	 */
	anonymousCare?: { da: string; en: string };
	/** Who provides it, and when. §101a needs ≥ 2 providers, ≥ 1 outside the municipality (stk. 2). */
	providers: Provider[];
	/** Whom to call when refused, for identified help (DOMAIN.md: never a dead end). */
	nextStep: { da: string; en: string; phone: Known<string> };
	/** Source documents in shared/seeds that give this offer. */
	sources: string[];
	/**
	 * How many future sessions one code may hold at once in a phase no cap bounds; absent: the declared default
	 * (DEFAULT_MAX_HELD_AHEAD in sessions.ts). Not from the sources: an abuse limit a municipality may change.
	 */
	maxHeldAhead?: number;
	/** See LawGap: declared, reported at start-up as a warning. */
	lawGaps?: LawGap[];
	/** What the seeds leave open, for coordinators and developers (not shown to citizens). */
	notes?: string[];
}

export interface Municipality {
	slug: string;
	name: string;
	phone: Known<string>;
	/** Months after a code's last activity before it is deleted (issue 5). */
	retentionMonths: number;
	/**
	 * Working days ahead the centre needs to know of an interpreter (issue 15); absent: the declared default
	 * INTERPRETER_NOTICE_WORKING_DAYS_DEFAULT (domain/interpreter.ts), which no source gives.
	 */
	interpreterNoticeWorkingDays?: number;
}

export interface MunicipalityConfig {
	municipality: Municipality;
	places: Place[];
	offers: Offer[];
}
