import { describe, it, expect } from 'vitest';
import {
	interpreterAskedInTime,
	lastDayToAskForInterpreter,
	INTERPRETER_NOTICE_WORKING_DAYS_DEFAULT
} from '$lib/domain/interpreter';

describe('an interpreter when needed: by when the centre must know (issue 15, declared default 3 working days)', () => {
	it('3 working days before a Monday appointment is the Wednesday before', () => {
		expect(lastDayToAskForInterpreter(new Date('2026-12-07T09:00:00Z'), 3)).toBe('2026-12-02');
	});

	it('weekends and Danish public holidays are not working days (Easter 2027: Maundy Thursday to Easter Monday)', () => {
		// Tuesday 30 March 2027: back over Easter Monday, the weekend, Good Friday and Maundy Thursday.
		expect(lastDayToAskForInterpreter(new Date('2027-03-30T08:00:00Z'), 3)).toBe('2027-03-22');
	});

	it('the day is the Copenhagen day, also late in the evening in summer time', () => {
		// 23:30 UTC on Sunday 5 July 2026 is Monday 6 July 01:30 in Copenhagen.
		expect(lastDayToAskForInterpreter(new Date('2026-07-05T23:30:00Z'), 1)).toBe('2026-07-03');
	});

	it('asking on the last day is in time; the day after is not', () => {
		const monday = new Date('2026-12-07T09:00:00Z');
		expect(
			interpreterAskedInTime(new Date('2026-12-02T20:00:00Z'), monday, INTERPRETER_NOTICE_WORKING_DAYS_DEFAULT)
		).toBe(true);
		expect(
			interpreterAskedInTime(new Date('2026-12-03T07:00:00Z'), monday, INTERPRETER_NOTICE_WORKING_DAYS_DEFAULT)
		).toBe(false);
	});

	it('a municipality that needs no notice (0 days) takes a request up to the day itself', () => {
		expect(lastDayToAskForInterpreter(new Date('2026-12-07T09:00:00Z'), 0)).toBe('2026-12-07');
	});
});
