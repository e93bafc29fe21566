/**
 * Dates as a person in Denmark reads them: always Danish time (Europe/Copenhagen, summer time included),
 * whatever the time zone of the server or the phone. Presentation only; the rules live in $lib/domain.
 */

const ZONE = 'Europe/Copenhagen';

export type Locale = 'da' | 'en';

const tags: Record<Locale, string> = { da: 'da-DK', en: 'en-GB' };

function format(locale: Locale, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
	return new Intl.DateTimeFormat(tags[locale], { timeZone: ZONE, ...options });
}

/** "10.00" / "10:00" */
export function formatTime(date: Date, locale: Locale): string {
	return format(locale, { hour: '2-digit', minute: '2-digit' }).format(date);
}

/** The Danish calendar year of an instant. */
function yearOf(date: Date): string {
	return new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric' }).format(date);
}

/** The year only when it is not this year (issue 12, item 10): "tirsdag 30. marts 2027", never a bare date a year off. */
function yearIfOther(date: Date, now: Date): Intl.DateTimeFormatOptions {
	return yearOf(date) === yearOf(now) ? {} : { year: 'numeric' };
}

/** "mandag 30. november" / "Monday 30 November" (with the year when it is not this year) */
export function formatDay(date: Date, locale: Locale, now = new Date()): string {
	return format(locale, { weekday: 'long', day: 'numeric', month: 'long', ...yearIfOther(date, now) }).format(date);
}

/** "mandag 30. november kl. 10.00" / "Monday 30 November at 10:00" (with the year when it is not this year) */
export function formatDateTime(date: Date, locale: Locale, now = new Date()): string {
	return format(locale, { weekday: 'long', day: 'numeric', month: 'long', ...yearIfOther(date, now), hour: '2-digit', minute: '2-digit' }).format(date);
}

/** "december 2026" / "December 2026" */
export function formatMonth(date: Date, locale: Locale): string {
	return format(locale, { month: 'long', year: 'numeric' }).format(date);
}

/** "30. nov." / "30 Nov" */
export function formatShortDate(date: Date, locale: Locale): string {
	return format(locale, { day: 'numeric', month: 'short' }).format(date);
}

/** "mandag" / "Monday", for an ISO weekday (1 = Monday): 2024-01-01 was a Monday. */
export function weekdayName(weekday: number, locale: Locale): string {
	return format(locale, { weekday: 'long' }).format(new Date(Date.UTC(2024, 0, weekday, 12)));
}

/** The Danish calendar day a time falls on, as "2026-11-30", for grouping times by day. */
export function dayKey(date: Date): string {
	return new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);
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
