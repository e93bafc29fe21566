/**
 * Dates as a person in Denmark reads them, on either face: always Danish time (Europe/Copenhagen, summer time
 * included), whatever the time zone of the server, the phone or the staff PC. Presentation only.
 */
import { TIME_ZONE } from '$lib/domain/values';

const made = new Map<string, Intl.DateTimeFormat>();

/**
 * Danish for 'da', British English for anything else. Made once per locale and kind, then reused: making an
 * Intl.DateTimeFormat costs ~0.1 ms, using one ~1 µs, and the times page formats hundreds of times (issue 14:
 * 5 % of the portal's CPU, most of the times page's).
 */
export function dateFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
	const key = `${locale === 'da' ? 'da' : 'en'} ${JSON.stringify(options)}`;
	let format = made.get(key);
	if (!format)
		made.set(
			key,
			(format = new Intl.DateTimeFormat(locale === 'da' ? 'da-DK' : 'en-GB', { timeZone: TIME_ZONE, ...options }))
		);
	return format;
}

/** "10.00" / "10:00" */
export const formatTime = (date: Date, locale: string): string =>
	dateFormat(locale, { hour: '2-digit', minute: '2-digit' }).format(date);

/** "mandag 30. november" / "Monday 30 November" */
export const formatDay = (date: Date, locale: string): string =>
	dateFormat(locale, { weekday: 'long', day: 'numeric', month: 'long' }).format(date);

/** "mandag" / "Monday", for an ISO weekday (1 = Monday): 2024-01-01 was a Monday. */
export const weekdayName = (weekday: number, locale: string): string =>
	dateFormat(locale, { weekday: 'long' }).format(new Date(Date.UTC(2024, 0, weekday, 12)));

/**
 * A hold on a freed group seat ends at a Copenhagen midnight (domain/waitlist.ts holdEnds) or when its session
 * begins. A midnight reads as the day before, "to and including" it; any other end is the session's start.
 */
export function holdEndDay(until: Date): Date | null {
	const wall = dateFormat('en', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(until);
	return wall === '00:00' ? new Date(until.getTime() - 12 * 3_600_000) : null;
}
