import type { AgeBand, Offer, Phase, PhaseKind } from './model';
import { keepsCadence, type BookedSession } from './cadence';

export type { BookedSession } from './cadence';

/** The §101a decision on a code (stk. 4): the list is in values.ts. */
export type { Decision } from './values';
import type { Decision } from './values';

/** The few facts about a code holder that the rules need; nothing about the person (DOMAIN.md). */
export interface CodeState {
	ageBand: AgeBand | null;
	decision: Decision;
	parentalConsent: boolean;
	courseEnded: boolean;
}

export type Refusal =
	| 'cap'
	| 'cadence'
	| 'consent_needed'
	| 'decision_pending'
	| 'not_granted'
	| 'phase_order'
	| 'course_ended'
	| 'phase_not_in_offer'
	| 'too_many_ahead'
	| 'closing_before_course';

/**
 * A declared default, not from the sources (issue 11, item 9): whether a missed session (`no_show`) uses up one of
 * its phase's sessions, where the offer's phase does not say (Phase.noShowUsesSession). It does not for
 * counselling and for the §101a clarifying conversation: no-shows are common in this group, and a missed
 * clarifying conversation must lead to a new one, not to a dead end (SEL §101a stk. 3–4, 002). It does for a
 * course and its closing talk: the group met, the week is gone (001 "én ugentlig kontakt i 10 uger").
 * tests/db/offer-rules-agree.test.ts holds the database's cap trigger (migrations/055) to the same rule.
 */
export const DEFAULT_NO_SHOW_USES_SESSION: Readonly<Record<PhaseKind, boolean>> = {
	clarifying: false,
	conversation: false,
	course: true,
	closing: true
};

export function noShowUsesSession(phase: Phase): boolean {
	return phase.noShowUsesSession ?? DEFAULT_NO_SHOW_USES_SESSION[phase.kind];
}

/**
 * The sessions the rules count: every booked or attended one, and a no-show only where its phase counts it. A
 * no-show that uses nothing is no contact either, so it counts towards no cadence (000 "kontakter").
 */
export function countedSessions(offer: Offer, bookings: readonly BookedSession[]): BookedSession[] {
	return bookings.filter((b) => {
		if (b.status !== 'no_show') return true;
		const phase = findPhase(offer, b.phase);
		return phase !== undefined && noShowUsesSession(phase);
	});
}

/**
 * A declared default, not a number from the sources: how many future sessions one code may hold at once in a
 * phase that no cap bounds (SUL §141 anonymous alcohol, uncapped counselling). 8 is the largest monthly count any
 * source gives (000: "2-8 gange pr. måned"), so a person can hold a month of sessions; a script holding every
 * free time of an offer with one code is refused (issue 9, outside review). An offer may set its own
 * (`maxHeldAhead`). Capped phases are bounded by their cap already, so a group course of 14 can still be joined.
 */
export const DEFAULT_MAX_HELD_AHEAD = 8;

export type BookingVerdict = { ok: true } | { ok: false; reason: Refusal };

export type NextPhase = { ok: true; phase: PhaseKind } | { ok: false; reason: Refusal };

/** Sessions booked (not cancelled) in one phase, or in the whole offer when no phase is named. */
export function sessionsUsed(bookings: readonly BookedSession[], phase?: PhaseKind): number {
	return phase === undefined ? bookings.length : bookings.filter((b) => b.phase === phase).length;
}

/**
 * The under-18 gate applies to a young person on an offer with one (001, 003). An unknown age band on an offer
 * open to under-18s is treated as under 18: the gate must never be passed for want of a recorded band
 * (DOMAIN.md "What must never happen").
 */
export function youthGateApplies(offer: Offer, state: CodeState): boolean {
	if (offer.youth === null) return false;
	return state.ageBand === 'under18' || (state.ageBand === null && offer.minAge < 18);
}

/** How many sessions in all the youth gate allows now: the anonymous ones, more once parents consent (001). */
function youthAllowance(offer: Offer, state: CodeState): number | null {
	if (!offer.youth || !youthGateApplies(offer, state)) return null;
	return offer.youth.anonymousMax + (state.parentalConsent ? offer.youth.withConsentMax : 0);
}

/**
 * Sessions still bookable in a phase under its cap and the youth gate; null when neither bounds it (SUL §141
 * anonymous alcohol is bounded only by its monthly cadence, 000).
 */
export function remainingSessions(
	offer: Offer,
	phase: PhaseKind,
	bookings: readonly BookedSession[],
	state: CodeState
): number | null {
	const found = findPhase(offer, phase);
	if (!found || state.courseEnded) return 0;
	bookings = countedSessions(offer, bookings);
	const allowance = youthAllowance(offer, state);
	// Under 18 the youth gate, not the phase cap, bounds the sessions (see phaseRefusal).
	if (allowance !== null) return Math.max(0, allowance - sessionsUsed(bookings));
	return found.max === null ? null : Math.max(0, found.max - sessionsUsed(bookings, phase));
}

/**
 * The young person has had the anonymous sessions and more need their parents' permission (001; in Helsingør
 * also the family department's, 003). Only asked when consent would actually unlock a session.
 */
export function mustAskParentalConsent(offer: Offer, bookings: readonly BookedSession[], state: CodeState): boolean {
	if (!offer.youth || !youthGateApplies(offer, state) || state.parentalConsent || state.courseEnded) return false;
	return offer.youth.withConsentMax > 0 && sessionsUsed(countedSessions(offer, bookings)) >= offer.youth.anonymousMax;
}

/**
 * A young person under 18 has had every anonymous session the gate allows and no consent step opens more: the
 * anonymous part has ended and the next step is identified help, with the parents' permission (001 §5
 * "indskrivning"; 003; 004 "En sagsbehandler … og den unges forældre skal godkende behandling"). Issue 11, item 4.
 */
export function youthHandover(offer: Offer, bookings: readonly BookedSession[], state: CodeState): boolean {
	if (!offer.youth || !youthGateApplies(offer, state) || state.courseEnded) return false;
	if (mustAskParentalConsent(offer, bookings, state)) return false;
	const allowance = youthAllowance(offer, state)!;
	return sessionsUsed(countedSessions(offer, bookings)) >= allowance;
}

/** Where a §101a person stands with the clarifying conversation and the decision (issue 11, item 2). */
export type ClarifyingStatus =
	| { kind: 'none' }
	| { kind: 'booked' }
	| { kind: 'missed'; canRebook: boolean }
	| { kind: 'awaiting_decision' }
	| { kind: 'granted' }
	| { kind: 'not_granted' };

/**
 * What the person is told on "Mine tider": the clarifying conversation is booked; it was missed (and a new one can
 * be booked, or they must call); it took place and the centre is deciding (stk. 4); or the decision. A past session
 * whose attendance is not yet recorded counts as held: the person knows whether they came. One recorded as
 * attended is held, even later the same day.
 */
export function clarifyingStatus(
	offer: Offer,
	bookings: readonly BookedSession[],
	state: CodeState,
	now: Date
): ClarifyingStatus {
	if (state.decision === 'granted') return { kind: 'granted' };
	if (state.decision === 'not_granted') return { kind: 'not_granted' };
	const clarifying = bookings
		.filter((b) => b.phase === 'clarifying')
		.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
	if (clarifying.some((b) => (b.status ?? 'booked') === 'booked' && b.startsAt.getTime() > now.getTime()))
		return { kind: 'booked' };
	if (state.decision === 'pending' || clarifying.some((b) => b.status !== 'no_show'))
		return { kind: 'awaiting_decision' };
	if (clarifying.length === 0) return { kind: 'none' };
	const next = nextPhase(offer, bookings, state);
	return { kind: 'missed', canRebook: next.ok && next.phase === 'clarifying' };
}

/**
 * May this code book this session? The guards run in the order a person would be told: the offer, the course,
 * the §101a process, the phase cap, the under-18 gate, the cadence, and (given `now`) how many future sessions one
 * code may hold in an uncapped phase. `bookings` are the code's sessions that are not cancelled; leave out the one
 * being moved when rescheduling.
 */
export function bookingVerdict(
	offer: Offer,
	state: CodeState,
	bookings: readonly BookedSession[],
	wanted: BookedSession,
	now?: Date
): BookingVerdict {
	const phase = findPhase(offer, wanted.phase);
	if (!phase) return refuse('phase_not_in_offer');
	bookings = countedSessions(offer, bookings);
	const refusal = phaseRefusal(offer, phase, state, bookings);
	if (refusal) return refuse(refusal);
	if (!clarifyingComesFirstInTime(offer, bookings, wanted)) return refuse('phase_order');
	if (!closingComesLast(offer, bookings, wanted)) return refuse('closing_before_course');
	if (!keepsCadence(offer.cadence, bookings, wanted)) return refuse('cadence');
	if (now && holdsTooManyAhead(offer, phase, state, bookings, now)) return refuse('too_many_ahead');
	return { ok: true };
}

/** An uncapped phase's future sessions already held by the code reach the offer's limit (DEFAULT_MAX_HELD_AHEAD). */
function holdsTooManyAhead(
	offer: Offer,
	phase: Phase,
	state: CodeState,
	bookings: readonly BookedSession[],
	now: Date
): boolean {
	if (remainingSessions(offer, phase.kind, bookings, state) !== null) return false;
	const ahead = bookings.filter((b) => b.phase === phase.kind && b.startsAt.getTime() > now.getTime()).length;
	return ahead >= (offer.maxHeldAhead ?? DEFAULT_MAX_HELD_AHEAD);
}

/**
 * What the code holder may book next: the first phase, in the offer's order, open to them. When none is, the
 * reason that tells them most (a pending decision or a needed consent rather than a plain cap).
 */
export function nextPhase(offer: Offer, bookings: readonly BookedSession[], state: CodeState): NextPhase {
	bookings = countedSessions(offer, bookings);
	const refusals: Refusal[] = [];
	for (const phase of offer.phases) {
		const refusal = phaseRefusal(offer, phase, state, bookings);
		if (!refusal) return { ok: true, phase: phase.kind };
		refusals.push(refusal);
	}
	const telling = refusals.find((r) => r !== 'cap');
	return refuse(telling ?? (refusals.length > 0 ? 'cap' : 'phase_not_in_offer'));
}

/**
 * What a person with no code yet may book first, on the web or by phone (one set of rules, SEL §101a stk. 3):
 * §101a's clarifying conversation, else the offer's first open phase; null when none is open to them.
 */
export function firstPhase(offer: Offer, ageBand: AgeBand | null): PhaseKind | null {
	const next = nextPhase(offer, [], { ageBand, decision: 'none', parentalConsent: false, courseEnded: false });
	return next.ok ? next.phase : null;
}

/** Every rule that does not depend on when the wanted session is. */
function phaseRefusal(
	offer: Offer,
	phase: Phase,
	state: CodeState,
	bookings: readonly BookedSession[]
): Refusal | null {
	if (state.courseEnded) return 'course_ended';
	if (!clarifyingBooked(offer, phase, bookings)) return 'phase_order';
	if (phase.requiresDecision) {
		// SEL §101a stk. 4: the course follows a decision made on the clarifying conversation; stk. 6: no appeal.
		if (state.decision === 'not_granted') return 'not_granted';
		if (state.decision !== 'granted') return 'decision_pending';
	}
	const allowance = youthAllowance(offer, state);
	if (allowance !== null) {
		// Under 18 the gate replaces the phase cap: the anonymous sessions without the parents, then the further
		// ones the municipality offers only with their permission (001: Gladsaxe 1–2, then "udvidet" 5–8).
		if (sessionsUsed(bookings) < allowance) return null;
		return mustAskParentalConsent(offer, bookings, state) ? 'consent_needed' : 'cap';
	}
	if (phase.max !== null && sessionsUsed(bookings, phase.kind) >= phase.max) return 'cap';
	if (phase.kind === 'closing' && findPhase(offer, 'course') && !bookings.some((b) => b.phase === 'course'))
		return 'closing_before_course';
	return null;
}

/** SEL §101a stk. 3–4: the clarifying conversation comes before anything else in an offer that has one. */
function clarifyingBooked(offer: Offer, phase: Phase, bookings: readonly BookedSession[]): boolean {
	if (phase.kind === 'clarifying' || !findPhase(offer, 'clarifying')) return true;
	return bookings.some((b) => b.phase === 'clarifying');
}

/**
 * SEL §101a stk. 8 (002): "mulighed for en individuel, afsluttende samtale" — the closing conversation ends the
 * course, so it lies after every course session the person holds, and no course session is booked after it
 * (issue 11, item 15). An offer without a course phase has nothing to close.
 */
function closingComesLast(offer: Offer, bookings: readonly BookedSession[], wanted: BookedSession): boolean {
	if (!findPhase(offer, 'course') || !findPhase(offer, 'closing')) return true;
	const times = (kind: PhaseKind) => bookings.filter((b) => b.phase === kind).map((b) => b.startsAt.getTime());
	if (wanted.phase === 'closing') {
		const course = times('course');
		return course.length > 0 && Math.max(...course) < wanted.startsAt.getTime();
	}
	if (wanted.phase === 'course') return times('closing').every((t) => t > wanted.startsAt.getTime());
	return true;
}

/** …and in time too: no session may be placed before the clarifying conversation it depends on. */
function clarifyingComesFirstInTime(offer: Offer, bookings: readonly BookedSession[], wanted: BookedSession): boolean {
	if (wanted.phase === 'clarifying' || !findPhase(offer, 'clarifying')) return true;
	const clarifying = bookings.filter((b) => b.phase === 'clarifying').map((b) => b.startsAt.getTime());
	return clarifying.length > 0 && Math.min(...clarifying) < wanted.startsAt.getTime();
}

function findPhase(offer: Offer, kind: PhaseKind): Phase | undefined {
	return offer.phases.find((p) => p.kind === kind);
}

function refuse(reason: Refusal): { ok: false; reason: Refusal } {
	return { ok: false, reason };
}

/**
 * "2 af 5 samtaler brugt", for the phases a person counts: conversations, and a course once it is open to them
 * (§101a: after a granted decision, stk. 4). The total is what the rules allow this code: under 18 the youth
 * gate, widened by a recorded consent (001). A phase bounded only by cadence has no total and is left out.
 */
export function sessionUsage(
	offer: Offer,
	held: readonly BookedSession[],
	state: CodeState
): { phase: PhaseKind; used: number; max: number }[] {
	return offer.phases
		.filter(
			(p) => p.kind === 'conversation' || (p.kind === 'course' && (!p.requiresDecision || state.decision === 'granted'))
		)
		.flatMap((p) => {
			const used = sessionsUsed(countedSessions(offer, held), p.kind);
			const left = remainingSessions(offer, p.kind, held, state);
			return left === null ? [] : [{ phase: p.kind, used, max: used + left }];
		});
}
