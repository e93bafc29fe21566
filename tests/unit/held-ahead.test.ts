import { describe, it, expect } from 'vitest';
import type { Offer, PhaseKind } from '$lib/domain/model';
import { bookingVerdict, DEFAULT_MAX_HELD_AHEAD, type BookedSession, type CodeState } from '$lib/domain/sessions';
import { wallTimeToInstant, addCalendarDays } from '$lib/domain/hours';
import { alcohol, drugs101a } from './offers';

/**
 * Issue 9, the outside review's second look: first bookings were limited per client, but one code could then
 * hold every free time of an offer that no cap bounds (70 of 70 U-turn times in 1.2 s). A declared default, not a
 * number from the sources: at most DEFAULT_MAX_HELD_AHEAD future sessions held at once in an uncapped phase.
 */
const adult: CodeState = { ageBand: '25plus', decision: 'granted', parentalConsent: false, courseEnded: false };
const now = wallTimeToInstant('2026-02-02', '08:00');
const daily = (phase: PhaseKind, count: number): BookedSession[] =>
	Array.from({ length: count }, (_, i) => ({
		phase,
		startsAt: wallTimeToInstant(addCalendarDays('2026-02-02', i), '10:00')
	}));

const uncapped: Offer = { ...alcohol, slug: 'uncapped', cadence: null, phases: [{ ...alcohol.phases[0]!, max: null }] };

describe('one code cannot hold every free time of an uncapped offer', () => {
	it(`attack: one code books out an uncapped offer — the ${DEFAULT_MAX_HELD_AHEAD + 1}th future session is refused`, () => {
		const phase = uncapped.phases[0]!.kind;
		const held = daily(phase, DEFAULT_MAX_HELD_AHEAD);
		const next = { phase, startsAt: wallTimeToInstant('2026-03-02', '10:00') };
		expect(bookingVerdict(uncapped, adult, held.slice(0, -1), next, now)).toEqual({ ok: true });
		expect(bookingVerdict(uncapped, adult, held, next, now)).toEqual({ ok: false, reason: 'too_many_ahead' });
	});

	it('sessions already held count only while they are ahead: once one has been, the next can be booked', () => {
		const phase = uncapped.phases[0]!.kind;
		const held = daily(phase, DEFAULT_MAX_HELD_AHEAD);
		const later = wallTimeToInstant('2026-02-02', '12:00'); // the first one, at 10:00, has been
		expect(
			bookingVerdict(uncapped, adult, held, { phase, startsAt: wallTimeToInstant('2026-03-02', '10:00') }, later)
		).toEqual({ ok: true });
	});

	it('an offer may set its own limit (maxHeldAhead)', () => {
		const phase = uncapped.phases[0]!.kind;
		const strict = { ...uncapped, maxHeldAhead: 2 };
		expect(
			bookingVerdict(strict, adult, daily(phase, 2), { phase, startsAt: wallTimeToInstant('2026-03-02', '10:00') }, now)
		).toEqual({
			ok: false,
			reason: 'too_many_ahead'
		});
	});

	it('SEL §101a stk. 8 (001): a capped group course of 10 can still be joined whole — its cap bounds it already', () => {
		const clarifying: BookedSession = { phase: 'clarifying', startsAt: wallTimeToInstant('2026-01-26', '10:00') };
		const weeks = Array.from({ length: 9 }, (_, i) => ({
			phase: 'course' as const,
			startsAt: wallTimeToInstant(addCalendarDays('2026-02-03', 7 * i), '16:00')
		}));
		const tenth = { phase: 'course' as const, startsAt: wallTimeToInstant(addCalendarDays('2026-02-03', 63), '16:00') };
		expect(bookingVerdict(drugs101a, adult, [clarifying, ...weeks], tenth, now)).toEqual({ ok: true });
	});
});
