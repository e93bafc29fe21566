import { describe, it, expect } from 'vitest';
import type { Offer, PhaseKind } from '$lib/domain/model';
import {
	firstPhase,
	sessionUsage,
	bookingVerdict,
	mustAskParentalConsent,
	nextPhase,
	remainingSessions,
	sessionsUsed,
	type BookedSession,
	type CodeState
} from '$lib/domain/sessions';
import { addCalendarDays, wallTimeToInstant } from '$lib/domain/hours';
import { alcohol, drugs101a, youthCounselling } from './offers';

const adult: CodeState = { ageBand: '25plus', decision: 'none', parentalConsent: false, courseEnded: false };
const granted: CodeState = { ...adult, decision: 'granted' };
const under18: CodeState = { ...adult, ageBand: 'under18' };

const at = (phase: PhaseKind, day: string, wall = '10:00'): BookedSession => ({
	phase,
	startsAt: wallTimeToInstant(day, wall)
});
const utc = (phase: PhaseKind, iso: string): BookedSession => ({ phase, startsAt: new Date(iso) });
const days = (phase: PhaseKind, dates: string[]) => dates.map((d) => at(phase, d));
const weekly = (phase: PhaseKind, first: string, count: number) =>
	Array.from({ length: count }, (_, i) => at(phase, addCalendarDays(first, 7 * i)));
const januarySessions = days(
	'conversation',
	['05', '07', '12', '14', '19', '21', '26', '28'].map((d) => `2026-01-${d}`)
);

describe('SUL §141 stk. 7 anonymous alcohol: cadence per calendar month (000)', () => {
	it('SUL §141 (000): a 9th contact in one calendar month is refused', () => {
		expect(bookingVerdict(alcohol, adult, januarySessions, at('conversation', '2026-01-30'))).toEqual({
			ok: false,
			reason: 'cadence'
		});
		expect(bookingVerdict(alcohol, adult, januarySessions.slice(1), at('conversation', '2026-01-30'))).toEqual({
			ok: true
		});
	});

	it('SUL §141 (000): the 8 contacts are per calendar month, so the first in February is allowed', () => {
		expect(bookingVerdict(alcohol, adult, januarySessions, at('conversation', '2026-02-02'))).toEqual({ ok: true });
	});

	it('SUL §141 (000): 23:30 on 31 January in Copenhagen is January, although 22:30Z', () => {
		expect(bookingVerdict(alcohol, adult, januarySessions, utc('conversation', '2026-01-31T22:30:00Z'))).toEqual({
			ok: false,
			reason: 'cadence'
		});
	});

	it('SUL §141 (000): 00:30 on 1 February in Copenhagen is February, although 23:30Z on 31 January', () => {
		expect(bookingVerdict(alcohol, adult, januarySessions, utc('conversation', '2026-01-31T23:30:00Z'))).toEqual({
			ok: true
		});
		const sevenPlusFebruary = [...januarySessions.slice(1), utc('conversation', '2026-01-31T23:30:00Z')];
		expect(bookingVerdict(alcohol, adult, sevenPlusFebruary, at('conversation', '2026-01-30'))).toEqual({ ok: true });
	});

	it('SUL §141 (000): in summer the month turns at 22:00Z (CEST) — 22:30Z on 30 June is July', () => {
		const june = days(
			'conversation',
			['01', '03', '08', '10', '15', '17', '22', '24'].map((d) => `2026-06-${d}`)
		);
		expect(bookingVerdict(alcohol, adult, june, utc('conversation', '2026-06-30T21:30:00Z'))).toEqual({
			ok: false,
			reason: 'cadence'
		});
		expect(bookingVerdict(alcohol, adult, june, utc('conversation', '2026-06-30T22:30:00Z'))).toEqual({ ok: true });
	});

	it('SUL §141 (000): anonymous alcohol treatment has no session cap, only the cadence', () => {
		const manyMonths = ['01', '02', '03', '04', '05', '06'].flatMap((m) =>
			days('conversation', [`2026-${m}-05`, `2026-${m}-19`])
		);
		expect(remainingSessions(alcohol, 'conversation', manyMonths, adult)).toBeNull();
		expect(bookingVerdict(alcohol, adult, manyMonths, at('conversation', '2026-07-06'))).toEqual({ ok: true });
	});
});

describe('SUL §141 stk. 7 anonymous alcohol: a rolling window, not the calendar month (000 "2-8 gange pr. måned … typisk én individuel samtale hver 14. dag")', () => {
	const rolling: Offer = { ...alcohol, slug: 'alkohol-rullende', cadence: { kind: 'rolling', days: 30, max: 8 } };
	const endOfJanuary = days('conversation', [
		'2026-01-24',
		'2026-01-25',
		'2026-01-26',
		'2026-01-27',
		'2026-01-28',
		'2026-01-29',
		'2026-01-30',
		'2026-01-31'
	]);

	it('000: 8 at the end of one month and 8 at the start of the next cannot fall in two weeks — the 9th within 30 days is refused', () => {
		// With the calendar month this was allowed: 16 sessions between 24 January and 8 February.
		expect(bookingVerdict(alcohol, adult, endOfJanuary, at('conversation', '2026-02-02'))).toEqual({ ok: true });
		expect(bookingVerdict(rolling, adult, endOfJanuary, at('conversation', '2026-02-02'))).toEqual({
			ok: false,
			reason: 'cadence'
		});
	});

	it('000: the window rolls — 30 days after the first of the 8, a new session is allowed', () => {
		expect(bookingVerdict(rolling, adult, endOfJanuary, at('conversation', '2026-02-22'))).toEqual({
			ok: false,
			reason: 'cadence'
		});
		expect(bookingVerdict(rolling, adult, endOfJanuary, at('conversation', '2026-02-23'))).toEqual({ ok: true });
	});

	it('000: a session booked before others counts in their windows too (a time in the past week is not a way round)', () => {
		const later = days('conversation', [
			'2026-03-10',
			'2026-03-11',
			'2026-03-12',
			'2026-03-13',
			'2026-03-16',
			'2026-03-17',
			'2026-03-18',
			'2026-03-19'
		]);
		expect(bookingVerdict(rolling, adult, later, at('conversation', '2026-03-02'))).toEqual({
			ok: false,
			reason: 'cadence'
		});
		expect(bookingVerdict(rolling, adult, later.slice(1), at('conversation', '2026-03-02'))).toEqual({ ok: true });
	});

	it('000: the typical rhythm, one talk every 14 days, never meets the limit', () => {
		const fortnightly = Array.from({ length: 12 }, (_, i) => at('conversation', addCalendarDays('2026-01-05', 14 * i)));
		expect(
			bookingVerdict(rolling, adult, fortnightly, at('conversation', addCalendarDays('2026-01-05', 14 * 12)))
		).toEqual({ ok: true });
	});
});

describe('SEL §101a: clarifying conversation → decision → course (001, 002)', () => {
	const clarified = [at('clarifying', '2026-03-02')];

	it('SEL §101a stk. 3 (002): the clarifying conversation is bookable first, and only once', () => {
		expect(bookingVerdict(drugs101a, adult, [], at('clarifying', '2026-03-02'))).toEqual({ ok: true });
		expect(bookingVerdict(drugs101a, adult, clarified, at('clarifying', '2026-03-09'))).toEqual({
			ok: false,
			reason: 'cap'
		});
	});

	it('SEL §101a stk. 3–4 (002): a course session before any clarifying conversation is "phase_order"', () => {
		expect(bookingVerdict(drugs101a, granted, [], at('course', '2026-03-09'))).toEqual({
			ok: false,
			reason: 'phase_order'
		});
		expect(bookingVerdict(drugs101a, granted, [], at('closing', '2026-03-09'))).toEqual({
			ok: false,
			reason: 'phase_order'
		});
	});

	it('SEL §101a stk. 4 (002): no course session may lie before the clarifying conversation in time', () => {
		expect(bookingVerdict(drugs101a, granted, clarified, at('course', '2026-02-23'))).toEqual({
			ok: false,
			reason: 'phase_order'
		});
		expect(bookingVerdict(drugs101a, granted, clarified, at('course', '2026-03-09'))).toEqual({ ok: true });
	});

	it('SEL §101a stk. 4 (002): the course waits for the decision — none or pending is "decision_pending"', () => {
		for (const decision of ['none', 'pending'] as const) {
			expect(bookingVerdict(drugs101a, { ...adult, decision }, clarified, at('course', '2026-03-09'))).toEqual({
				ok: false,
				reason: 'decision_pending'
			});
		}
	});

	it('SEL §101a stk. 6 (002): a decision not granted (and not appealable) refuses course and closing', () => {
		const refused = { ...adult, decision: 'not_granted' } as const;
		expect(bookingVerdict(drugs101a, refused, clarified, at('course', '2026-03-09'))).toEqual({
			ok: false,
			reason: 'not_granted'
		});
		expect(bookingVerdict(drugs101a, refused, clarified, at('closing', '2026-03-09'))).toEqual({
			ok: false,
			reason: 'not_granted'
		});
	});

	it('001: Gladsaxe §101a is 10 group sessions — an 11th is refused as "cap"', () => {
		const tenWeeks = weekly('course', '2026-03-09', 10);
		const nine = [...clarified, ...tenWeeks.slice(0, 9)];
		expect(remainingSessions(drugs101a, 'course', nine, granted)).toBe(1);
		expect(bookingVerdict(drugs101a, granted, nine, at('course', '2026-06-01'))).toEqual({ ok: true });
		const ten = [...clarified, ...tenWeeks];
		expect(remainingSessions(drugs101a, 'course', ten, granted)).toBe(0);
		expect(bookingVerdict(drugs101a, granted, ten, at('course', '2026-06-01'))).toEqual({ ok: false, reason: 'cap' });
	});

	it('001: the group is weekly — a second course session in the same ISO week is "cadence"', () => {
		const monday = [...clarified, at('course', '2026-03-09')];
		expect(bookingVerdict(drugs101a, granted, monday, at('course', '2026-03-12'))).toEqual({
			ok: false,
			reason: 'cadence'
		});
		expect(bookingVerdict(drugs101a, granted, monday, at('course', '2026-03-15', '18:00'))).toEqual({
			ok: false,
			reason: 'cadence'
		});
		expect(bookingVerdict(drugs101a, granted, monday, at('course', '2026-03-16'))).toEqual({ ok: true });
	});

	it('001: the week turns at midnight Copenhagen time — 00:30 Monday is a new week although 23:30Z Sunday', () => {
		const sundayNight = [...clarified, at('course', '2026-03-22', '23:30')];
		expect(bookingVerdict(drugs101a, granted, sundayNight, utc('course', '2026-03-22T23:30:00Z'))).toEqual({
			ok: true
		});
		expect(bookingVerdict(drugs101a, granted, sundayNight, utc('course', '2026-03-22T21:30:00Z'))).toEqual({
			ok: false,
			reason: 'cadence'
		});
	});

	it('SEL §101a stk. 8 (002): the closing conversation may fall in the same week as the last group session', () => {
		const lastWeek = [...clarified, at('course', '2026-03-09')];
		expect(bookingVerdict(drugs101a, granted, lastWeek, at('closing', '2026-03-11'))).toEqual({ ok: true });
	});

	it('DOMAIN.md: once the course has ended, nothing more is booked ("course_ended")', () => {
		const ended = { ...granted, courseEnded: true };
		expect(bookingVerdict(drugs101a, ended, clarified, at('closing', '2026-03-11'))).toEqual({
			ok: false,
			reason: 'course_ended'
		});
		expect(remainingSessions(drugs101a, 'course', clarified, ended)).toBe(0);
	});

	it('model.ts: a phase the offer does not have is "phase_not_in_offer"', () => {
		expect(bookingVerdict(drugs101a, granted, clarified, at('conversation', '2026-03-11'))).toEqual({
			ok: false,
			reason: 'phase_not_in_offer'
		});
		expect(bookingVerdict(alcohol, adult, [], at('course', '2026-03-11'))).toEqual({
			ok: false,
			reason: 'phase_not_in_offer'
		});
		expect(remainingSessions(alcohol, 'course', [], adult)).toBe(0);
	});
});

describe('nextPhase: what a code holder may book next (002)', () => {
	const clarified = [at('clarifying', '2026-03-02')];
	const course = weekly('course', '2026-03-09', 10);

	it('SEL §101a stk. 3 (002): a new code books the clarifying conversation first', () => {
		expect(nextPhase(drugs101a, [], adult)).toEqual({ ok: true, phase: 'clarifying' });
	});

	it('SEL §101a stk. 4 (002): after the clarifying conversation the person waits for the decision', () => {
		expect(nextPhase(drugs101a, clarified, { ...adult, decision: 'pending' })).toEqual({
			ok: false,
			reason: 'decision_pending'
		});
		expect(nextPhase(drugs101a, clarified, { ...adult, decision: 'not_granted' })).toEqual({
			ok: false,
			reason: 'not_granted'
		});
	});

	it('SEL §101a stk. 8 (002): granted → the course; the course used up → the closing conversation; then nothing', () => {
		expect(nextPhase(drugs101a, clarified, granted)).toEqual({ ok: true, phase: 'course' });
		expect(nextPhase(drugs101a, [...clarified, ...course], granted)).toEqual({ ok: true, phase: 'closing' });
		expect(nextPhase(drugs101a, [...clarified, ...course, at('closing', '2026-05-20')], granted)).toEqual({
			ok: false,
			reason: 'cap'
		});
	});

	it('001: a young person past the anonymous talks is told consent is needed, not that the cap is reached', () => {
		expect(nextPhase(youthCounselling, days('conversation', ['2026-03-02', '2026-03-09']), under18)).toEqual({
			ok: false,
			reason: 'consent_needed'
		});
	});
});

describe('Youth under 18: anonymous talks without parents, more only with their permission (001, 003)', () => {
	const two = days('conversation', ['2026-03-02', '2026-03-09']);
	const five = days('conversation', ['2026-03-02', '2026-03-09', '2026-03-16', '2026-03-23', '2026-03-30']);
	const wanted = at('conversation', '2026-04-13');

	it('001: "en til to anonyme samtaler" — a 3rd talk for an under-18 without consent is "consent_needed"', () => {
		expect(bookingVerdict(youthCounselling, under18, two.slice(1), wanted)).toEqual({ ok: true });
		expect(bookingVerdict(youthCounselling, under18, two, wanted)).toEqual({ ok: false, reason: 'consent_needed' });
		expect(mustAskParentalConsent(youthCounselling, two, under18)).toBe(true);
		expect(remainingSessions(youthCounselling, 'conversation', two, under18)).toBe(0);
	});

	it('001: before the anonymous talks are used, parents are not asked', () => {
		expect(mustAskParentalConsent(youthCounselling, two.slice(1), under18)).toBe(false);
		expect(remainingSessions(youthCounselling, 'conversation', two.slice(1), under18)).toBe(1);
	});

	it('001: recorded parental consent unlocks withConsentMax more talks, and no more', () => {
		const consented = { ...under18, parentalConsent: true };
		expect(bookingVerdict(youthCounselling, consented, two, wanted)).toEqual({ ok: true });
		expect(remainingSessions(youthCounselling, 'conversation', two, consented)).toBe(3);
		expect(mustAskParentalConsent(youthCounselling, two, consented)).toBe(false);
		expect(bookingVerdict(youthCounselling, consented, five, wanted)).toEqual({ ok: false, reason: 'cap' });
	});

	it('001: the gate is for under-18s only — an 18–24-year-old books on up to the phase cap', () => {
		const young = { ...adult, ageBand: '18to24' } as const;
		expect(bookingVerdict(youthCounselling, young, five, wanted)).toEqual({ ok: true });
		expect(remainingSessions(youthCounselling, 'conversation', five, young)).toBe(5);
		expect(mustAskParentalConsent(youthCounselling, five, young)).toBe(false);
		const gladsaxe: Offer = { ...youthCounselling, phases: youthCounselling.phases.map((p) => ({ ...p, max: 2 })) };
		expect(bookingVerdict(gladsaxe, young, two, wanted)).toEqual({ ok: false, reason: 'cap' });
	});

	it('001: under 18 the gate, not the phase cap, decides: "1–2" talks, then more only with consent', () => {
		// Gladsaxe's youth offer: 2 talks for everyone under 25; an under-18 may go on with the parents' permission.
		const gladsaxe: Offer = { ...youthCounselling, phases: youthCounselling.phases.map((p) => ({ ...p, max: 2 })) };
		expect(bookingVerdict(gladsaxe, under18, two, wanted)).toEqual({ ok: false, reason: 'consent_needed' });
		expect(mustAskParentalConsent(gladsaxe, two, under18)).toBe(true);
		const consented = { ...under18, parentalConsent: true };
		expect(bookingVerdict(gladsaxe, consented, two, wanted)).toEqual({ ok: true });
		expect(remainingSessions(gladsaxe, 'conversation', two, consented)).toBe(3);
	});

	it('DOMAIN.md "what must never happen": an unknown age band on a youth offer is held at the gate', () => {
		const unknown = { ...adult, ageBand: null };
		expect(bookingVerdict(youthCounselling, unknown, two, wanted)).toEqual({ ok: false, reason: 'consent_needed' });
		const adultsOnly: Offer = { ...youthCounselling, minAge: 18 };
		expect(bookingVerdict(adultsOnly, unknown, two, wanted)).toEqual({ ok: true });
	});

	it('001: where consent unlocks nothing more, the answer is "cap", and parents are not asked', () => {
		const noMore: Offer = { ...youthCounselling, youth: { anonymousMax: 2, withConsentMax: 0 } };
		expect(bookingVerdict(noMore, under18, two, wanted)).toEqual({ ok: false, reason: 'cap' });
		expect(mustAskParentalConsent(noMore, two, under18)).toBe(false);
	});
});

describe('firstPhase: what a person with no code may book first, on the web or by phone (one rule)', () => {
	it('SEL §101a stk. 3: the clarifying conversation, booked anonymously, comes first (002)', () => {
		expect(firstPhase(drugs101a, null)).toBe('clarifying');
		expect(firstPhase(drugs101a, '25plus')).toBe('clarifying');
	});

	it("SUL §141 stk. 7: anonymous alcohol treatment starts in the offer's first phase (000)", () => {
		expect(firstPhase(alcohol, null)).toBe(alcohol.phases[0]!.kind);
	});
});

describe('sessionUsage: "2 af 5 samtaler brugt" on the code holder\'s page', () => {
	it('SEL §101a stk. 4: the course is counted only once the decision is granted (002)', () => {
		expect(sessionUsage(drugs101a, [], adult).map((u) => u.phase)).not.toContain('course');
		expect(sessionUsage(drugs101a, weekly('course', '2026-03-02', 2), granted)).toContainEqual({
			phase: 'course',
			used: 2,
			max: 10
		});
	});

	it('a phase bounded only by cadence has no total (SUL §141 stk. 7, 000)', () => {
		const unbounded = alcohol.phases.filter((p) => p.max === null).map((p) => p.kind);
		expect(unbounded.length).toBeGreaterThan(0);
		for (const u of sessionUsage(alcohol, [], adult)) expect(unbounded).not.toContain(u.phase);
	});
});

describe('sessionsUsed', () => {
	it('counts one phase, or the whole offer when no phase is named', () => {
		const mixed = [at('clarifying', '2026-03-02'), at('course', '2026-03-09'), at('course', '2026-03-16')];
		expect(sessionsUsed(mixed, 'course')).toBe(2);
		expect(sessionsUsed(mixed, 'closing')).toBe(0);
		expect(sessionsUsed(mixed)).toBe(3);
	});
});
