/**
 * Dates as a person in Denmark reads them (Europe/Copenhagen); the shared formats are in ui/format.ts.
 * Presentation only; the rules live in $lib/domain.
 */
import { TIME_ZONE as ZONE } from '$lib/domain/values';
import { dateFormat } from '../format';

export { formatDay, formatTime, weekdayName } from '../format';

export type Locale = 'da' | 'en';

/** "mandag 30. november kl. 10.00" / "Monday 30 November at 10:00" */
export function formatDateTime(date: Date, locale: Locale): string {
	return dateFormat(locale, { weekday: 'long', day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit' }).format(date);
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
