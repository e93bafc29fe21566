import { describe, it, expect } from 'vitest';
import type { Offer, PhaseKind } from '$lib/domain/model';
import {
	bookingVerdict,
	clarifyingStatus,
	noShowUsesSession,
	nextPhase,
	remainingSessions,
	youthHandover,
	type BookedSession,
	type CodeState
} from '$lib/domain/sessions';
import { checkEligibility } from '$lib/domain/eligibility';
import { wallTimeToInstant } from '$lib/domain/hours';
import { drugs101a, youthCounselling } from './offers';
import { loadConfig } from '$lib/server/catalogue/config';
import { anonymityLimits, offerFacts } from '$lib/ui/citizen/offer-facts';

/**
 * Issue 11, the rules of the §101a flow and the way on from anonymous help: no-shows (items 2, 9), the closing
 * talk's place (item 15), the under-18 hand-over (item 4) and the soft gates (item 6).
 */

const adult: CodeState = { ageBand: '25plus', decision: 'none', parentalConsent: false, courseEnded: false };
const granted: CodeState = { ...adult, decision: 'granted' };
const under18: CodeState = { ...adult, ageBand: 'under18' };
const at = (phase: PhaseKind, day: string, status: BookedSession['status'] = 'attended'): BookedSession => ({
	phase,
	startsAt: wallTimeToInstant(day, '10:00'),
	status
});
const now = wallTimeToInstant('2026-03-20', '12:00');

const offers = loadConfig().configs.flatMap((c) => c.offers);
const offer = (slug: string): Offer => offers.find((o) => o.slug === slug)!;

describe('No-shows and caps: per-phase configuration, declared default (issue 11, items 2 and 9)', () => {
	const missed = [at('clarifying', '2026-03-02', 'no_show')];

	it('SEL §101a stk. 3 (002): a missed clarifying conversation does not use up the one there is — the person books a new one', () => {
		expect(nextPhase(drugs101a, missed, adult)).toEqual({ ok: true, phase: 'clarifying' });
		expect(bookingVerdict(drugs101a, adult, missed, at('clarifying', '2026-03-23', 'booked'))).toEqual({ ok: true });
		expect(remainingSessions(drugs101a, 'clarifying', missed, adult)).toBe(1);
	});

	it('declared default: a no-show does not use a counselling conversation, and does use a course session (sources silent)', () => {
		expect(
			noShowUsesSession({
				kind: 'conversation',
				max: 2,
				format: { kind: 'individual', minutes: 30 },
				requiresDecision: false
			})
		).toBe(false);
		expect(
			noShowUsesSession({
				kind: 'clarifying',
				max: 1,
				format: { kind: 'individual', minutes: 30 },
				requiresDecision: false
			})
		).toBe(false);
		expect(noShowUsesSession(drugs101a.phases[1]!)).toBe(true);
		const two = [at('conversation', '2026-03-02', 'no_show'), at('conversation', '2026-03-09')];
		const capped: Offer = {
			...youthCounselling,
			youth: null,
			phases: youthCounselling.phases.map((p) => ({ ...p, max: 2 }))
		};
		expect(remainingSessions(capped, 'conversation', two, adult)).toBe(1);
	});

	it('configuration: a phase may count a no-show as used; then a missed clarifying conversation leaves the person to call', () => {
		const counts: Offer = {
			...drugs101a,
			phases: drugs101a.phases.map((p) => (p.kind === 'clarifying' ? { ...p, noShowUsesSession: true } : p))
		};
		expect(bookingVerdict(counts, adult, missed, at('clarifying', '2026-03-23', 'booked'))).toEqual({
			ok: false,
			reason: 'cap'
		});
		expect(clarifyingStatus(counts, missed, adult, now)).toEqual({ kind: 'missed', canRebook: false });
	});

	it('issue 11 item 2: the citizen is told the real state — booked, missed, waiting for the decision, decided', () => {
		expect(clarifyingStatus(drugs101a, [], adult, now)).toEqual({ kind: 'none' });
		expect(clarifyingStatus(drugs101a, [at('clarifying', '2026-03-25', 'booked')], adult, now)).toEqual({
			kind: 'booked'
		});
		expect(clarifyingStatus(drugs101a, missed, adult, now)).toEqual({ kind: 'missed', canRebook: true });
		expect(clarifyingStatus(drugs101a, [at('clarifying', '2026-03-02')], adult, now)).toEqual({
			kind: 'awaiting_decision'
		});
		// Recorded as attended earlier the same day (attendance is recorded from the session's day on).
		expect(
			clarifyingStatus(
				drugs101a,
				[{ ...at('clarifying', '2026-03-20'), startsAt: wallTimeToInstant('2026-03-20', '13:00') }],
				adult,
				now
			)
		).toEqual({
			kind: 'awaiting_decision'
		});
		// A missed one, then a new one booked: the new one is what counts.
		expect(clarifyingStatus(drugs101a, [...missed, at('clarifying', '2026-03-25', 'booked')], adult, now)).toEqual({
			kind: 'booked'
		});
		expect(clarifyingStatus(drugs101a, [at('clarifying', '2026-03-02')], granted, now)).toEqual({ kind: 'granted' });
		expect(
			clarifyingStatus(drugs101a, [at('clarifying', '2026-03-02')], { ...adult, decision: 'not_granted' }, now)
		).toEqual({ kind: 'not_granted' });
	});
});

describe('SEL §101a stk. 8 (002): the individual closing conversation ("afsluttende") comes after the course (issue 11, item 15)', () => {
	const clarified = [at('clarifying', '2026-03-02')];
	const course = [
		at('course', '2026-03-09'),
		at('course', '2026-03-16', 'booked'),
		at('course', '2026-03-23', 'booked')
	];

	it('SEL §101a stk. 8 (002): no closing conversation before any course session', () => {
		expect(bookingVerdict(drugs101a, granted, clarified, at('closing', '2026-03-30', 'booked'))).toEqual({
			ok: false,
			reason: 'closing_before_course'
		});
	});

	it('SEL §101a stk. 8 (002): the closing conversation cannot lie before the last course session the person holds', () => {
		expect(
			bookingVerdict(drugs101a, granted, [...clarified, ...course], at('closing', '2026-03-18', 'booked'))
		).toEqual({
			ok: false,
			reason: 'closing_before_course'
		});
		expect(
			bookingVerdict(drugs101a, granted, [...clarified, ...course], at('closing', '2026-03-25', 'booked'))
		).toEqual({ ok: true });
	});

	it('SEL §101a stk. 8 (002): once the closing conversation is booked, no course session may follow it', () => {
		const closed = [...clarified, ...course, at('closing', '2026-03-25', 'booked')];
		expect(bookingVerdict(drugs101a, granted, closed, at('course', '2026-03-30', 'booked'))).toEqual({
			ok: false,
			reason: 'closing_before_course'
		});
	});
});

describe('Under 18: past the anonymous talks the young person is handed over, not given more anonymous talks (issue 11, item 4)', () => {
	it('001 §3.3.3 and §5: Gladsaxe gives 1–2 anonymous talks; parents consent to enrolment (indskrivning), so no consent unlocks more anonymous talks', () => {
		const gladsaxe = offer('gladsaxe-ung-anonym-raadgivning');
		expect(gladsaxe.youth?.withConsentMax).toBe(0);
		const two = [at('conversation', '2026-03-02'), at('conversation', '2026-03-09')];
		const consented = { ...under18, parentalConsent: true };
		expect(bookingVerdict(gladsaxe, consented, two, at('conversation', '2026-03-23', 'booked'))).toEqual({
			ok: false,
			reason: 'cap'
		});
		expect(youthHandover(gladsaxe, two, under18)).toBe(true);
		expect(youthHandover(gladsaxe, two.slice(1), under18)).toBe(false);
		expect(gladsaxe.summary.da).not.toContain('Er du under 18 og vil have flere samtaler, skal dine forældre give lov');
		// What the offer page says: the talks, then the parents' yes to treatment — not "more talks with consent".
		expect(offerFacts(gladsaxe).join(' ')).toContain('Mere hjælp kræver, at dine forældre siger ja til behandling.');
		expect(offerFacts(gladsaxe).join(' ')).not.toContain('Flere kræver, at dine forældre siger ja');
	});

	it('004 §3.3.3: U-turn under 18 is anonymous counselling as a first step; a caseworker and the parents approve treatment — capped, then handed over', () => {
		const uturn = offer('uturn-anonym-raadgivning');
		expect(uturn.youth).not.toBeNull();
		expect(uturn.youth!.withConsentMax).toBe(0);
		const cap = uturn.youth!.anonymousMax;
		const held = Array.from({ length: cap }, (_, i) => at('conversation', `2026-03-${String(2 + i).padStart(2, '0')}`));
		expect(bookingVerdict(uturn, under18, held, at('conversation', '2026-03-30', 'booked'))).toEqual({
			ok: false,
			reason: 'cap'
		});
		expect(youthHandover(uturn, held, under18)).toBe(true);
		// 5 is a declared default, not 004's: the portal holds to it but does not tell it as the source's number.
		expect(uturn.youth!.assumed).toEqual(['anonymousMax']);
		expect([...offerFacts(uturn), ...anonymityLimits(uturn)].join(' ')).not.toMatch(/\b5 samtaler/);
		expect(offerFacts(uturn).join(' ')).toContain('Vil du i behandling, skal dine forældre sige ja til det.');
		// 18–24 at U-turn: anonymous counselling, no such gate (004 §3.3.3).
		expect(
			bookingVerdict(uturn, { ...adult, ageBand: '18to24' }, held, at('conversation', '2026-03-30', 'booked'))
		).toEqual({ ok: true });
	});
});

describe('Soft gates: judged in the clarifying conversation (SEL §101a stk. 4, 002), only 18+ and no substitution medicine are hard (issue 11, item 6)', () => {
	const kbh = offer('kobenhavn-anonym-stofbehandling');
	const yes = { adult: true, drugProblem: true, workOrEducation: true, noSubstitution: true } as const;

	it('004, 003: "ved ikke" to work or education still lets the person book the clarifying conversation', () => {
		expect(checkEligibility(kbh, { ...yes, workOrEducation: 'unknown' })).toEqual({
			eligible: true,
			toDiscuss: ['workOrEducation']
		});
	});

	it('001: "ved ikke" to a psychiatric illness needing treatment still lets the person book the clarifying conversation', () => {
		const gladsaxe = offer('gladsaxe-anonym-stofbehandling');
		const answers = {
			adult: true,
			drugProblem: true,
			selfSupporting: true,
			hasHome: true,
			noSubstitution: true,
			noPsychiatric: 'unknown'
		} as const;
		expect(checkEligibility(gladsaxe, answers)).toEqual({ eligible: true, toDiscuss: ['noPsychiatric'] });
	});

	it('SEL §101a (002): 18+ and "no substitution medicine" stay hard gates — "ved ikke" is not accepted there', () => {
		const verdict = checkEligibility(kbh, { ...yes, noSubstitution: 'unknown' });
		expect(verdict.eligible).toBe(false);
		expect(checkEligibility(kbh, { ...yes, adult: false }).eligible).toBe(false);
	});
});

describe('Urgent routes: only those the documents give (issue 11)', () => {
	it('000 §2.3: Gladsaxe anonymous alcohol gives afrusning with a doctor "samme dag eller senest hverdagen efter", on 000\'s phone', () => {
		const alcohol = offer('gladsaxe-anonym-alkoholbehandling');
		expect(alcohol.urgent?.da).toContain('samme dag eller hverdagen efter');
		expect(alcohol.urgent?.da).toContain('39 57 39 00');
	});

	it('issue 11: no other offer claims an urgent route its source does not give', () => {
		expect(offers.filter((o) => o.urgent).map((o) => o.slug)).toEqual(['gladsaxe-anonym-alkoholbehandling']);
	});

	it('SUL §141 stk. 2 (issue 11, item 7): no summary promises "en tid senest 14 dage" — the times page tells the guarantee with a way to use it', () => {
		for (const o of offers) expect(o.summary.da, o.slug).not.toMatch(/senest 14 dage/);
	});
});
