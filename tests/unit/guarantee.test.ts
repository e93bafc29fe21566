import { describe, it, expect } from 'vitest';
import { daysLeft, guaranteeDeadline, isWithinGuarantee } from '$lib/domain/guarantee';
import { wallTimeToInstant } from '$lib/domain/hours';
import { alcohol, drugs101a } from './offers';

const utc = (iso: string) => new Date(iso);

describe('guaranteeDeadline (SUL §141 stk. 2: treatment within 14 days; 000, 002)', () => {
	it('SUL §141 stk. 2 (002): the deadline is the end of the 14th Copenhagen calendar day after the request', () => {
		expect(guaranteeDeadline(alcohol, wallTimeToInstant('2026-02-02', '10:15'))).toEqual(
			wallTimeToInstant('2026-02-17', '00:00')
		);
	});

	it('SUL §141 stk. 2: the hour of the request does not matter, only its day (only the day is stored)', () => {
		expect(guaranteeDeadline(alcohol, wallTimeToInstant('2026-02-02', '00:00'))).toEqual(
			guaranteeDeadline(alcohol, wallTimeToInstant('2026-02-02', '23:59'))
		);
	});

	it('SUL §141 stk. 2: across the March switch (29 Mar 2026) the deadline is Copenhagen midnight, not 15 × 24 h on', () => {
		const deadline = guaranteeDeadline(alcohol, wallTimeToInstant('2026-03-20', '10:00'));
		expect(deadline?.toISOString()).toBe('2026-04-03T22:00:00.000Z');
	});

	it('SUL §141 stk. 2: across the October switch (25 Oct 2026) the deadline is Copenhagen midnight', () => {
		expect(guaranteeDeadline(alcohol, wallTimeToInstant('2026-10-20', '10:00'))?.toISOString()).toBe(
			'2026-11-03T23:00:00.000Z'
		);
	});

	it('SEL §101a (002): anonymous drug treatment is not covered by the 14-day guarantee', () => {
		expect(guaranteeDeadline(drugs101a, wallTimeToInstant('2026-02-02', '10:00'))).toBeNull();
	});
});

describe('isWithinGuarantee (SUL §141 stk. 2)', () => {
	const requested = wallTimeToInstant('2026-03-20', '10:00');

	it('SUL §141 stk. 2: a first session late on day 14 keeps it; one on day 15 does not', () => {
		expect(isWithinGuarantee(alcohol, requested, wallTimeToInstant('2026-04-03', '10:00'))).toBe(true);
		expect(isWithinGuarantee(alcohol, requested, wallTimeToInstant('2026-04-03', '23:59'))).toBe(true);
		expect(isWithinGuarantee(alcohol, requested, wallTimeToInstant('2026-04-04', '08:00'))).toBe(false);
	});

	it('SUL §141 stk. 2: a 24h-day reading would wrongly accept 00:30 on day 15 after the March switch', () => {
		expect(isWithinGuarantee(alcohol, requested, utc('2026-04-03T22:30:00Z'))).toBe(false);
	});

	it('SEL §101a (002): any start keeps a guarantee the offer does not have', () => {
		expect(isWithinGuarantee(drugs101a, requested, wallTimeToInstant('2026-06-01', '10:00'))).toBe(true);
	});
});

describe('daysLeft (Copenhagen calendar days to the deadline)', () => {
	const deadline = wallTimeToInstant('2026-04-03', '10:00');

	it('counts Copenhagen calendar days: 14 on the day of the request, 0 on the deadline day, negative after', () => {
		expect(daysLeft(deadline, wallTimeToInstant('2026-03-20', '10:00'))).toBe(14);
		expect(daysLeft(deadline, wallTimeToInstant('2026-04-03', '09:00'))).toBe(0);
		expect(daysLeft(deadline, wallTimeToInstant('2026-04-05', '09:00'))).toBe(-2);
	});

	it('DOMAIN.md: the day turns at Copenhagen midnight — 23:30Z on 2 April is already 3 April', () => {
		expect(daysLeft(deadline, utc('2026-04-02T21:30:00Z'))).toBe(1);
		expect(daysLeft(deadline, utc('2026-04-02T22:30:00Z'))).toBe(0);
	});
});
