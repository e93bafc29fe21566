/**
 * Dates as a person in Denmark reads them (Europe/Copenhagen); the shared formats are in ui/format.ts.
 * Presentation only; the rules live in $lib/domain.
 */
import { TIME_ZONE as ZONE } from '$lib/domain/values';
import { dateFormat, weekdayName } from '../format';

export { formatTime, weekdayName } from '../format';

export type Locale = 'da' | 'en';

/** The Danish calendar year of an instant. */
function yearOf(date: Date): string {
	return dateFormat('en', { year: 'numeric' }).format(date);
}

/** The year only when it is not this year (issue 12, item 10): "tirsdag 30. marts 2027", never a bare date a year off. */
function yearIfOther(date: Date, now: Date): Intl.DateTimeFormatOptions {
	return yearOf(date) === yearOf(now) ? {} : { year: 'numeric' };
}

/** "mandag 30. november" / "Monday 30 November" (with the year when it is not this year) */
export function formatDay(date: Date, locale: Locale, now = new Date()): string {
	return dateFormat(locale, { weekday: 'long', day: 'numeric', month: 'long', ...yearIfOther(date, now) }).format(date);
}

/** "mandag 30. november kl. 10.00" / "Monday 30 November at 10:00" (with the year when it is not this year) */
export function formatDateTime(date: Date, locale: Locale, now = new Date()): string {
	return dateFormat(locale, {
		weekday: 'long',
		day: 'numeric',
		month: 'long',
		...yearIfOther(date, now),
		hour: '2-digit',
		minute: '2-digit'
	}).format(date);
}

/** "december 2026" / "December 2026" */
export function formatMonth(date: Date, locale: Locale): string {
	return dateFormat(locale, { month: 'long', year: 'numeric' }).format(date);
}

/** "30. nov." / "30 Nov" */
export function formatShortDate(date: Date, locale: Locale): string {
	return dateFormat(locale, { day: 'numeric', month: 'short' }).format(date);
}

/** The Danish calendar day a time falls on, as "2026-11-30", for grouping times by day. */
const DAY_KEY = new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });
export function dayKey(date: Date): string {
	return DAY_KEY.format(date);
}

export interface DayGroup<T> {
	key: string;
	first: Date;
	items: T[];
}

export function groupByDay<T extends { startsAt: Date }>(items: T[]): DayGroup<T>[] {
	const days = new Map<string, DayGroup<T>>();
	for (const item of items) {
		const key = dayKey(item.startsAt);
		const day = days.get(key) ?? { key, first: item.startsAt, items: [] };
		day.items.push(item);
		days.set(key, day);
	}
	return [...days.values()];
}

/** Opening hours, one line per weekday: "Mandag: 9.00–14.00, 16.00–18.00" (consecutive intervals on one line). */
export function openingLines(hours: { weekday: number; from: string; to: string }[], locale: Locale): string[] {
	const wall = (time: string) => (locale === 'da' ? time.replace(':', '.') : time);
	const byDay = new Map<number, string[]>();
	for (const h of [...hours].sort((a, b) => a.weekday - b.weekday || a.from.localeCompare(b.from))) {
		byDay.set(h.weekday, [...(byDay.get(h.weekday) ?? []), `${wall(h.from)}–${wall(h.to)}`]);
	}
	return [...byDay.entries()].map(([weekday, spans]) => {
		const name = weekdayName(weekday, locale);
		return `${name.charAt(0).toUpperCase()}${name.slice(1)}: ${spans.join(', ')}`;
	});
}
