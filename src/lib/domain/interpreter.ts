import { addCalendarDays, copenhagenDate, isClosedDay, weekdayOf, wallTimeToInstant, type IsoDate } from './hours';

/**
 * An interpreter for an appointment (issue 15, part 4): which languages a person can pick, and by when the centre
 * must know. The person says only the language; nothing about who they are.
 */

/**
 * A declared default, not from the sources: languages Danish municipalities commonly book interpreters for, as
 * ISO 639 codes (names come from the browser's own language names). Anything else is 'other', and the centre
 * asks which language in the code's thread.
 */
export const INTERPRETER_LANGUAGES = [
	'ar',
	'fa',
	'prs',
	'ps',
	'ku',
	'so',
	'ti',
	'tr',
	'ur',
	'pl',
	'ro',
	'uk',
	'ru',
	'en'
] as const;
export const INTERPRETER_CHOICES = [...INTERPRETER_LANGUAGES, 'other'] as const;
export type InterpreterChoice = (typeof INTERPRETER_CHOICES)[number];

/** A declared default, from issue 15 (no source gives a number): the centre needs to know 3 working days ahead. */
export const INTERPRETER_NOTICE_WORKING_DAYS_DEFAULT = 3;

function isWorkingDay(day: IsoDate): boolean {
	const weekday = weekdayOf(day);
	return weekday >= 1 && weekday <= 5 && !isClosedDay(wallTimeToInstant(day, '12:00')).holiday;
}

/**
 * The last Copenhagen day on which to ask for an interpreter: `workingDays` working days (Monday to Friday, not a
 * public holiday or a customary closed day) before the appointment's day.
 */
export function lastDayToAskForInterpreter(startsAt: Date, workingDays: number): IsoDate {
	let day = copenhagenDate(startsAt);
	let left = workingDays;
	while (left > 0) {
		day = addCalendarDays(day, -1);
		if (isWorkingDay(day)) left--;
	}
	return day;
}

/** Whether a request made now reaches the centre in time (the person may still ask; they are told to call). */
export function interpreterAskedInTime(now: Date, startsAt: Date, workingDays: number): boolean {
	return copenhagenDate(now) <= lastDayToAskForInterpreter(startsAt, workingDays);
}
