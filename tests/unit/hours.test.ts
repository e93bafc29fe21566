import { describe, it, expect } from 'vitest';
import type { ClosedDays, OpeningInterval } from '$lib/domain/model';
import {
	candidateStarts,
	closedDuring,
	copenhagenDate,
	DEFAULT_CLOSED_DAYS,
	isClosedDay,
	isPublicHoliday,
	isWithinOpeningHours,
	wallTimeToInstant,
	weekdayOf
} from '$lib/domain/hours';

const utc = (iso: string) => new Date(iso);

/** Gladsaxe alcohol: Mon–Fri 9–14, also Mon and Thu 16–18 (000). */
const gladsaxeAlcohol: OpeningInterval[] = [
	...([1, 2, 3, 4, 5] as const).map((weekday) => ({ weekday, from: '09:00', to: '14:00' }) as OpeningInterval),
	{ weekday: 1, from: '16:00', to: '18:00' },
	{ weekday: 4, from: '16:00', to: '18:00' }
];

describe('wallTimeToInstant (DOMAIN.md: Europe/Copenhagen, summer time!)', () => {
	it('DOMAIN.md: 09:00 on a winter Monday is 08:00Z (CET, UTC+1)', () => {
		expect(wallTimeToInstant('2026-03-23', '09:00').toISOString()).toBe('2026-03-23T08:00:00.000Z');
	});

	it('DOMAIN.md: 09:00 on the Monday after the switch of 29 March 2026 is 07:00Z (CEST, UTC+2)', () => {
		expect(wallTimeToInstant('2026-03-30', '09:00').toISOString()).toBe('2026-03-30T07:00:00.000Z');
	});

	it('DOMAIN.md: on 29 March 2026 itself, 01:00 is still CET and 12:00 already CEST', () => {
		expect(wallTimeToInstant('2026-03-29', '01:00').toISOString()).toBe('2026-03-29T00:00:00.000Z');
		expect(wallTimeToInstant('2026-03-29', '12:00').toISOString()).toBe('2026-03-29T10:00:00.000Z');
	});

	it('DOMAIN.md: 09:00 is 07:00Z on Friday 23 Oct 2026 and 08:00Z on Monday 26 Oct, after the switch of 25 Oct', () => {
		expect(wallTimeToInstant('2026-10-23', '09:00').toISOString()).toBe('2026-10-23T07:00:00.000Z');
		expect(wallTimeToInstant('2026-10-25', '12:00').toISOString()).toBe('2026-10-25T11:00:00.000Z');
		expect(wallTimeToInstant('2026-10-26', '09:00').toISOString()).toBe('2026-10-26T08:00:00.000Z');
	});

	it('rejects what is not a YYYY-MM-DD date or an HH:MM time', () => {
		expect(() => wallTimeToInstant('26-3-30', '09:00')).toThrow();
		expect(() => wallTimeToInstant('2026-03-30', '9h')).toThrow();
		expect(() => wallTimeToInstant('2026-03-30', '09:60')).toThrow();
	});
});

describe('copenhagenDate', () => {
	it('DOMAIN.md: 23:30Z on 31 January is 00:30 on 1 February in Copenhagen (CET)', () => {
		expect(copenhagenDate(utc('2026-01-31T23:30:00Z'))).toBe('2026-02-01');
		expect(copenhagenDate(utc('2026-01-31T22:30:00Z'))).toBe('2026-01-31');
	});

	it('DOMAIN.md: in summer the day turns at 22:00Z (CEST)', () => {
		expect(copenhagenDate(utc('2026-06-30T21:59:00Z'))).toBe('2026-06-30');
		expect(copenhagenDate(utc('2026-06-30T22:00:00Z'))).toBe('2026-07-01');
	});

	it('ISO weekday of a Copenhagen date: 29 March 2026 is a Sunday (7)', () => {
		expect(weekdayOf('2026-03-29')).toBe(7);
		expect(weekdayOf('2026-03-30')).toBe(1);
	});
});

describe('isPublicHoliday / isClosedDay (DOMAIN.md: "Danish public holidays: centres are closed")', () => {
	it('DOMAIN.md: Langfredag, Anden påskedag, Kristi Himmelfartsdag and Juledag 2026 are public holidays', () => {
		expect(isPublicHoliday(utc('2026-04-03T10:00:00Z'))).toEqual({ holiday: true, name: 'Langfredag' });
		expect(isPublicHoliday(utc('2026-04-06T10:00:00Z'))).toMatchObject({ holiday: true });
		expect(isPublicHoliday(utc('2026-05-14T10:00:00Z'))).toMatchObject({ holiday: true });
		expect(isPublicHoliday(utc('2026-12-25T10:00:00Z'))).toMatchObject({ holiday: true });
		expect(isPublicHoliday(utc('2026-04-07T10:00:00Z'))).toEqual({ holiday: false });
	});

	it('DOMAIN.md: a holiday is a Copenhagen date — 22:30Z on 13 May 2026 is already Kristi Himmelfartsdag', () => {
		expect(isPublicHoliday(utc('2026-05-13T21:30:00Z'))).toEqual({ holiday: false });
		expect(isPublicHoliday(utc('2026-05-13T22:30:00Z'))).toEqual({ holiday: true, name: 'Kristi Himmelfartsdag' });
	});

	it('Store Bededag was a public holiday in 2023 and is not from 2024, when it was abolished', () => {
		expect(isPublicHoliday(utc('2023-05-05T10:00:00Z'))).toEqual({ holiday: true, name: 'Store Bededag' });
		expect(isPublicHoliday(utc('2024-04-26T10:00:00Z'))).toEqual({ holiday: false });
	});

	it('DOMAIN.md "Other closed or half days (5 June, 24 and 31 December) are not in the documents": open by default, closed only where the municipality configures them', () => {
		// Before issue 11 item 10 these three were closed all day everywhere, on no document's word.
		for (const day of ['2026-06-05', '2026-12-24', '2026-12-31']) {
			const noon = wallTimeToInstant(day, '12:00');
			expect(isPublicHoliday(noon)).toEqual({ holiday: false });
			expect(isClosedDay(noon)).toEqual({ holiday: false });
			expect(
				isWithinOpeningHours(
					[{ weekday: weekdayOf(day), from: '09:00', to: '14:00' }],
					noon,
					wallTimeToInstant(day, '12:45')
				)
			).toBe(true);
		}
		const configured: ClosedDays = { publicHolidays: true, days: [{ monthDay: '12-24', name: 'Juleaftensdag' }] };
		expect(isClosedDay(wallTimeToInstant('2026-12-24', '12:00'), configured)).toEqual({
			holiday: true,
			name: 'Juleaftensdag'
		});
		expect(isClosedDay(wallTimeToInstant('2026-12-24', '12:00'), DEFAULT_CLOSED_DAYS)).toEqual({ holiday: false });
	});

	it('a configured half day closes from its time: 31 December from 12:00, a talk 11:00–11:45 fits, 11:30–12:15 does not', () => {
		const rules: ClosedDays = {
			publicHolidays: true,
			days: [{ monthDay: '12-31', name: 'Nytårsaftensdag', from: '12:00' }]
		};
		const hours = [{ weekday: 4 as const, from: '09:00' as const, to: '14:00' as const }]; // 31 December 2026 is a Thursday
		const at = (from: string, to: string) =>
			isWithinOpeningHours(hours, wallTimeToInstant('2026-12-31', from), wallTimeToInstant('2026-12-31', to), rules);
		expect(at('11:00', '11:45')).toBe(true);
		expect(at('11:30', '12:15')).toBe(false);
		expect(
			closedDuring(wallTimeToInstant('2026-12-31', '11:30'), wallTimeToInstant('2026-12-31', '12:15'), rules)
		).toEqual({ holiday: true, name: 'Nytårsaftensdag' });
		expect(isClosedDay(wallTimeToInstant('2026-12-31', '09:00'), rules)).toEqual({ holiday: false });
		expect(
			candidateStarts(hours, wallTimeToInstant('2026-12-31', '00:00'), 1, 60, rules).map((d) => d.toISOString())
		).toEqual(['2026-12-31T08:00:00.000Z', '2026-12-31T09:00:00.000Z', '2026-12-31T10:00:00.000Z']);
	});

	it('the public holidays are the default (DOMAIN.md "Danish public holidays: centres are closed"); a municipality could turn them off', () => {
		expect(isClosedDay(wallTimeToInstant('2026-12-25', '10:00'))).toMatchObject({ holiday: true });
		expect(isClosedDay(wallTimeToInstant('2026-12-25', '10:00'), { publicHolidays: false, days: [] })).toEqual({
			holiday: false
		});
	});

	it('hours.ts: 1 May and Fastelavn are ordinary open days', () => {
		expect(isClosedDay(wallTimeToInstant('2026-05-01', '12:00'))).toEqual({ holiday: false });
		expect(isClosedDay(wallTimeToInstant('2026-02-16', '12:00'))).toEqual({ holiday: false });
	});
});

describe('isWithinOpeningHours (000: Gladsaxe alcohol Mon–Fri 9–14, Mon and Thu 16–18)', () => {
	const at = (day: string, from: string, to: string) =>
		isWithinOpeningHours(gladsaxeAlcohol, wallTimeToInstant(day, from), wallTimeToInstant(day, to));

	it('000: a session wholly inside 9–14 on a weekday is inside the hours, in winter and in summer', () => {
		expect(at('2026-03-23', '09:00', '10:00')).toBe(true);
		expect(at('2026-03-30', '13:00', '14:00')).toBe(true);
		expect(at('2026-10-26', '16:00', '18:00')).toBe(true);
	});

	it('DOMAIN.md: 07:00Z is 08:00 (closed) in winter but 09:00 (open) in summer — hours are wall time', () => {
		expect(isWithinOpeningHours(gladsaxeAlcohol, utc('2026-03-23T07:00:00Z'), utc('2026-03-23T08:00:00Z'))).toBe(false);
		expect(isWithinOpeningHours(gladsaxeAlcohol, utc('2026-03-30T07:00:00Z'), utc('2026-03-30T08:00:00Z'))).toBe(true);
		expect(isWithinOpeningHours(gladsaxeAlcohol, utc('2026-10-26T07:00:00Z'), utc('2026-10-26T08:00:00Z'))).toBe(false);
	});

	it('000: a session crossing the end of hours, or the 14–16 gap, is outside', () => {
		expect(at('2026-03-30', '13:30', '14:30')).toBe(false);
		expect(at('2026-03-30', '13:00', '17:00')).toBe(false);
		expect(at('2026-03-31', '16:00', '17:00')).toBe(false); // Tuesday: no evening hours
	});

	it('000: nothing on Saturday and Sunday', () => {
		expect(at('2026-03-28', '10:00', '11:00')).toBe(false);
		expect(at('2026-03-29', '10:00', '11:00')).toBe(false);
	});

	it('DOMAIN.md: a Monday that is a public holiday (Anden påskedag 2026) is closed', () => {
		expect(at('2026-04-06', '09:00', '10:00')).toBe(false);
		expect(at('2026-04-13', '09:00', '10:00')).toBe(true);
	});

	it('an empty or backwards session is not inside the hours', () => {
		expect(at('2026-03-30', '10:00', '10:00')).toBe(false);
		expect(at('2026-03-30', '11:00', '10:00')).toBe(false);
	});
});

describe('candidateStarts (free times offered inside the hours)', () => {
	const iso = (dates: Date[]) => dates.map((d) => d.toISOString());

	it('000: hour-long starts fill 9–14 and 16–18 on the Monday after the March switch, in CEST', () => {
		const starts = candidateStarts(gladsaxeAlcohol, utc('2026-03-28T12:00:00Z'), 3, 60);
		expect(iso(starts)).toEqual([
			'2026-03-30T07:00:00.000Z',
			'2026-03-30T08:00:00.000Z',
			'2026-03-30T09:00:00.000Z',
			'2026-03-30T10:00:00.000Z',
			'2026-03-30T11:00:00.000Z',
			'2026-03-30T14:00:00.000Z',
			'2026-03-30T15:00:00.000Z'
		]);
	});

	it('DOMAIN.md: a weekly 09:00 start is 07:00Z before and 08:00Z after the October switch', () => {
		const mondays: OpeningInterval[] = [{ weekday: 1, from: '09:00', to: '10:00' }];
		expect(iso(candidateStarts(mondays, utc('2026-10-19T12:00:00Z'), 8, 60))).toEqual([
			'2026-10-19T07:00:00.000Z',
			'2026-10-26T08:00:00.000Z'
		]);
	});

	it('DOMAIN.md: Easter 2026 (Skærtorsdag to Anden påskedag) offers no times at all', () => {
		expect(candidateStarts(gladsaxeAlcohol, wallTimeToInstant('2026-04-02', '08:00'), 5, 60)).toEqual([]);
		expect(candidateStarts(gladsaxeAlcohol, wallTimeToInstant('2026-04-02', '08:00'), 6, 60)).toHaveLength(5);
	});

	it('candidateStarts: starts are at the session length, and a session never runs past closing', () => {
		const tuesday: OpeningInterval[] = [{ weekday: 2, from: '09:00', to: '14:00' }];
		const starts = candidateStarts(tuesday, wallTimeToInstant('2026-03-31', '00:00'), 1, 90);
		expect(starts.map(copenhagenWall)).toEqual(['09:00', '10:30', '12:00']);
	});

	it('candidateStarts: the whole first day counts, also before `from`, and overlapping hours give one start', () => {
		const overlapping: OpeningInterval[] = [
			{ weekday: 1, from: '09:00', to: '11:00' },
			{ weekday: 1, from: '10:00', to: '12:00' }
		];
		const starts = candidateStarts(overlapping, wallTimeToInstant('2026-03-30', '15:00'), 1, 60);
		expect(starts.map(copenhagenWall)).toEqual(['09:00', '10:00', '11:00']);
	});

	it('rejects a session of no length', () => {
		expect(() => candidateStarts(gladsaxeAlcohol, utc('2026-03-30T00:00:00Z'), 1, 0)).toThrow();
	});
});

function copenhagenWall(d: Date): string {
	return new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Copenhagen', hour: '2-digit', minute: '2-digit' }).format(
		d
	);
}
