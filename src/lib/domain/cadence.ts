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
export function cadencePeriod(cadence: Cadence, startsAt: Date): string {
	const day = copenhagenDate(startsAt);
	return cadence.kind === 'perCalendarMonth' ? day.slice(0, 7) : addCalendarDays(day, 1 - weekdayOf(day));
}

/**
 * Which of the code's sessions count towards the cadence of a wanted one. SUL §141's "2–8 kontakter om
 * måneden" (000) counts every contact. The §101a weekly rhythm is the course's ("ugentligt i 10 uger", 001), so
 * only sessions of the same phase count: a clarifying or closing talk is not a second group session that week.
 */
export function sessionsInCadencePeriod(cadence: Cadence, bookings: readonly BookedSession[], wanted: BookedSession): number {
	const period = cadencePeriod(cadence, wanted.startsAt);
	return bookings.filter(
		(b) =>
			(cadence.kind === 'perCalendarMonth' || b.phase === wanted.phase) && cadencePeriod(cadence, b.startsAt) === period
	).length;
}

/** A wanted session keeps the offer's cadence (SUL §141: at most 8 a calendar month, 000; §101a: weekly, 001). */
export function keepsCadence(cadence: Cadence | null, bookings: readonly BookedSession[], wanted: BookedSession): boolean {
	return cadence === null || sessionsInCadencePeriod(cadence, bookings, wanted) < cadence.max;
}
