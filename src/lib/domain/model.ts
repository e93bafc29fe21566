/**
 * The shape of a municipality's anonymous offers. Every legal difference between municipalities is a value
 * here, never a branch in code (DOMAIN.md: "Where a rule differs between municipalities, it is configuration").
 */

export type Law = 'SEL §101a' | 'SUL §141 stk. 7' | 'SEL §§10–11' | 'SEL §11' | 'SUL §141';

/** Who the offer is for: the person with the problem, or a parent/relative of someone (SEL §11). */
export type Audience = 'self' | 'relative';

/** Only the band is ever kept, never a birth date: the list is in values.ts. */
export type { AgeBand, PhaseKind } from './values';
import type { PhaseKind } from './values';

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
	/**
	 * SEL §101a stk. 5 (002): the municipality "kan beslutte, at de leverandører … skal behandle henvendelser … og
	 * træffe afgørelse om behandling". Absent or false: the municipality's own staff decide (stk. 4), and this
	 * provider's partner staff cannot record a decision. Only a §101a offer can delegate.
	 */
	decisionDelegated?: boolean;
}

export type Format =
	| { kind: 'individual'; minutes: number }
	| { kind: 'group'; minutes: number; seats: number; weeks: number; rollingIntake: boolean; minParticipants?: number };

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
	/**
	 * Whether a session the person did not come to (`no_show`) uses up one of this phase's sessions. No source says
	 * (issue 11, item 9); absent: the declared default DEFAULT_NO_SHOW_USES_SESSION in sessions.ts — not for
	 * counselling and the §101a clarifying conversation (a missed one must not be a dead end), yes for a course.
	 */
	noShowUsesSession?: boolean;
}

export type AssumedValue = 'max' | 'minutes' | 'seats' | 'weeks' | 'minParticipants';

/**
 * The rules a gap can be declared against. On an offer: 'SEL §101a stk. 2' (≥ 2 providers, ≥ 1 outside the
 * municipality). On a municipality (MunicipalityConfig.lawGaps): 'SEL §101a' (it must offer anonymous drug
 * treatment) and 'SUL §141 stk. 7' (alcohol treatment "skal ydes anonymt, hvis alkoholmisbrugeren ønsker det",
 * text in 002), when no offer of that law is configured and the documents say why not.
 */
export type LawGapRule = 'SEL §101a stk. 2' | 'SEL §101a' | 'SUL §141 stk. 7';

/**
 * A legal requirement the source documents do not show the offer meeting, shipped anyway and declared here so
 * the law check reports it at every start as a warning naming the offer instead of refusing to start. Not a
 * legal exemption: the municipality must still meet the rule. Only SEL §101a stk. 2 (≥ 2 providers, ≥ 1 outside
 * the municipality) can be declared: Helsingør (003) and København (004) name no partner.
 */
export interface LawGap {
	rule: LawGapRule;
	/** Why the data cannot show the rule met (which seed is silent). */
	reason: string;
	sources: string[];
}

/**
 * How many sessions a code may have in a window. `rolling`: at most `max` in any `days` consecutive Copenhagen
 * calendar days, so 8 at the end of one month and 8 at the start of the next cannot fall in two weeks (000: "2-8
 * gange pr. måned … typisk én individuel samtale hver 14. dag"). `perCalendarMonth` is kept for a municipality
 * that counts by calendar month.
 */
export type Cadence =
	| { kind: 'perCalendarMonth'; max: number }
	| { kind: 'rolling'; days: number; max: number } // SUL §141: up to 8 contacts in any 30 days (000)
	| { kind: 'perWeek'; max: number }; // §101a group: weekly (001)

/**
 * Under 18: the anonymous conversations without parents. Past them the young person is handed over: the parents'
 * permission is for enrolment in identified treatment (001 §5 "Forældre skal give samtykke for den unges
 * indskrivning"; 003 parents and Familierådgivningen; 004 a caseworker and the parents), not for more anonymous talks.
 */
export interface YouthGate {
	anonymousMax: number;
	/**
	 * How many further anonymous sessions a recorded parental consent unlocks: 0 unless a source gives such a step
	 * (none does, issue 11 item 4). Then the portal asks for no consent and shows the hand-over instead.
	 */
	withConsentMax: number;
	/** Whom the young person or staff must involve beyond the parents (Helsingør: family department, 003). */
	alsoNeeds?: string;
	/**
	 * `anonymousMax` is a declared default, not a number of the offer's source (U-turn: 004 gives none): the portal
	 * holds to it, but the offer's facts do not tell it as the source's (as Phase.assumed).
	 */
	assumed?: 'anonymousMax'[];
}

/**
 * Where a configured value comes from: the seed documents that give it, by number ('000' … '004', files in
 * shared/seeds), and/or 'default' — a declared, configurable default that no document gives (a placeholder, a
 * reading, an abuse limit). Kept in the municipality files per value, validated by config/schema.ts, tested
 * (tests/unit/provenance.test.ts), and never shown to citizens.
 */
export type ProvenanceTag = '000' | '001' | '002' | '003' | '004' | 'default';
export type Provenance = Record<string, ProvenanceTag[]>;

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
	/**
	 * An urgent route the offer's source gives, in its words (Gladsaxe alcohol: afrusning with a doctor the same or
	 * the next weekday, 000 §2.3). Shown with the next step. Left out where the source gives none.
	 */
	urgent?: { da: string; en: string };
	/** Whom to call when refused, for identified help (DOMAIN.md: never a dead end). */
	nextStep: { da: string; en: string; phone: Known<string> };
	/** Source documents in shared/seeds that give this offer. */
	sources: string[];
	/**
	 * How many future sessions one code may hold at once in a phase no cap bounds; absent: the declared default
	 * (DEFAULT_MAX_HELD_AHEAD in sessions.ts). Not from the sources: an abuse limit a municipality may change.
	 */
	maxHeldAhead?: number;
	/**
	 * How long before a time a citizen can still book it online, in minutes; absent: the declared default
	 * (DEFAULT_MIN_NOTICE_MINUTES in notice.ts). Not from the sources: the centre needs to see a booking coming.
	 */
	minNoticeMinutes?: number;
	/** See LawGap: declared, reported at start-up as a warning. */
	lawGaps?: LawGap[];
	/**
	 * The documents name the offer and where to turn, but not enough to book it (no sessions, times or format):
	 * it is listed with its contact (nextStep, the providers' addresses and phones) and has no phases. Never
	 * bookable online; a number is shown only where the document gives one.
	 */
	contactOnly?: true;
	/** What the seeds leave open, for coordinators and developers (not shown to citizens). */
	notes?: string[];
	/** Per value of this offer (its keys: title, phases, …): which documents give it, or 'default'. */
	provenance?: Provenance;
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
	/**
	 * Hours a freed seat in a full group is held for the first in line (issue 15); absent: the declared product
	 * default WAITLIST_HOLD_HOURS_DEFAULT (domain/waitlist.ts), which no source gives.
	 */
	waitlistHoldHours?: number;
}

/**
 * A municipality's closed days (issue 11 item 10). DOMAIN.md: "Danish public holidays: centres are closed. Other
 * closed or half days (5 June, 24 and 31 December) are not in the documents: per-municipality configuration."
 * Absent: the declared default, public holidays only (hours.ts DEFAULT_CLOSED_DAYS). Other days are listed whole
 * (no `from`) or from a wall time (a half day, e.g. closed from 12:00 on 31 December), every year on that date.
 * Staff can still open a time on a closed day by individual agreement, with a warning (staff-slots.ts).
 */
export interface ClosedDays {
	/** Danish helligdage (date-holidays 'public'/'bank') closed all day. */
	publicHolidays: boolean;
	days: ClosedDay[];
}

export interface ClosedDay {
	/** 'MM-DD', every year. */
	monthDay: string;
	name: string;
	/** Closed from this wall time on (a half day); absent: closed all day. */
	from?: Wall;
}

export interface MunicipalityConfig {
	municipality: Municipality;
	places: Place[];
	offers: Offer[];
	/**
	 * Laws the municipality must offer under but has no offer of in the data, each with why (LawGapRule):
	 * reported at every start as a warning and shown to its coordinators. Without it, a missing offer stops start-up.
	 */
	lawGaps?: LawGap[];
	closedDays?: ClosedDays;
	/**
	 * Per value outside the offers: 'municipality.name', 'places.<slug>.address', 'closedDays', …: which documents
	 * give it, or 'default'.
	 */
	provenance?: Provenance;
}
