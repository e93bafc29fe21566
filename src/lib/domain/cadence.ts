import type { Cadence, PhaseKind } from './model';
import type { SeatHoldingStatus } from './booking-status';
import { addCalendarDays, copenhagenDate, weekdayOf } from './hours';

export interface BookedSession {
	phase: PhaseKind;
	startsAt: Date;
	/** Absent: booked or attended. A `no_show` may or may not use up a session (sessions.ts noShowUsesSession). */
	status?: SeatHoldingStatus;
}

/**
 * The calendar period a session falls in, by Copenhagen clocks, so a session at 23:30 on 31 January in
 * Copenhagen counts in January although it is 22:30Z. A month is 'YYYY-MM'; an ISO week is named by its Monday.
 */
export function cadencePeriod(cadence: Exclude<Cadence, { kind: 'rolling' }>, startsAt: Date): string {
	const day = copenhagenDate(startsAt);
	return cadence.kind === 'perCalendarMonth' ? day.slice(0, 7) : addCalendarDays(day, 1 - weekdayOf(day));
}

/**
 * The most sessions, the wanted one included, that any window of `days` consecutive Copenhagen calendar days
 * around the wanted session would hold. Every contact counts, as for the calendar month (000 "2-8 gange pr.
 * måned"). Windows are whole days, so two sessions 30 days apart are in different 30-day windows.
 */
export function mostInRollingWindow(days: number, bookings: readonly BookedSession[], wanted: BookedSession): number {
	const day = copenhagenDate(wanted.startsAt);
	const dates = bookings.map((b) => copenhagenDate(b.startsAt));
	let most = 0;
	for (let back = days - 1; back >= 0; back--) {
		const first = addCalendarDays(day, -back);
		const last = addCalendarDays(first, days - 1);
		// ISO dates of equal length order like the days they name.
		const inWindow = dates.filter((d) => d >= first && d <= last).length + 1;
		if (inWindow > most) most = inWindow;
	}
	return most;
}

/**
 * Which of the code's sessions count towards the cadence of a wanted one. SUL §141's "2–8 kontakter om
 * måneden" (000) counts every contact. The §101a weekly rhythm is the course's ("ugentligt i 10 uger", 001), so
 * only sessions of the same phase count: a clarifying or closing talk is not a second group session that week.
 */
export function sessionsInCadencePeriod(
	cadence: Exclude<Cadence, { kind: 'rolling' }>,
	bookings: readonly BookedSession[],
	wanted: BookedSession
): number {
	const period = cadencePeriod(cadence, wanted.startsAt);
	return bookings.filter(
		(b) =>
			(cadence.kind === 'perCalendarMonth' || b.phase === wanted.phase) && cadencePeriod(cadence, b.startsAt) === period
	).length;
}

/**
 * A wanted session keeps the offer's cadence (SUL §141: up to 8 in any 30 days, 000 "2-8 gange pr. måned";
 * §101a: weekly, 001). A rolling window is checked both ways: booking a session may not make any window around it,
 * earlier or later sessions included, hold more than `max`.
 */
export function keepsCadence(
	cadence: Cadence | null,
	bookings: readonly BookedSession[],
	wanted: BookedSession
): boolean {
	if (cadence === null) return true;
	if (cadence.kind === 'rolling') return mostInRollingWindow(cadence.days, bookings, wanted) <= cadence.max;
	return sessionsInCadencePeriod(cadence, bookings, wanted) < cadence.max;
}
