/**
 * A booking's life: it is made `booked`; the session then takes place (`attended`) or the person does not come
 * (`no_show`); or, before it, the person cancels (`cancelled`) or the centre does (`cancelled_by_centre`: the
 * time is cancelled or the course ended). The database's check constraint on anon.booking.status and its
 * anon.booking_counts_seat() are this file in SQL; tests/db/booking-status-agrees.test.ts holds them equal.
 */

export const BOOKING_STATUSES = ['booked', 'attended', 'no_show', 'cancelled', 'cancelled_by_centre'] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];

/**
 * A booking holds its slot's seat and counts against the code's caps and cadence while it is to come and once
 * it has taken place, whether the person came or not: a session not attended was still one of theirs (001, 003).
 */
export const SEAT_HOLDING_STATUSES = ['booked', 'attended', 'no_show'] as const satisfies readonly BookingStatus[];
export type SeatHoldingStatus = (typeof SEAT_HOLDING_STATUSES)[number];

export function holdsSeat(status: BookingStatus): status is SeatHoldingStatus {
	return (SEAT_HOLDING_STATUSES as readonly BookingStatus[]).includes(status);
}

/** What staff record about a session: it took place, the person did not come, or undo (back to booked). */
export const ATTENDANCE_MARKS = SEAT_HOLDING_STATUSES;
export type AttendanceMark = SeatHoldingStatus;

/** The two ways a booking ends before its time. */
export type Cancellation = Extract<BookingStatus, 'cancelled' | 'cancelled_by_centre'>;

/**
 * Whether a booking may go from one status to another. Every status change in the portal asks this first
 * (src/lib/server/booking/bookings.ts):
 * - a cancellation is final: the seat may already be someone else's, and the holder was told it is gone;
 * - only a session still booked can be cancelled, by the holder or the centre; one that took place is a fact;
 * - attendance is recorded, corrected or undone among the seat-holding statuses only.
 */
export function mayChangeStatus(from: BookingStatus, to: BookingStatus): boolean {
	if (!holdsSeat(from)) return false;
	if (!holdsSeat(to)) return from === 'booked';
	return true;
}
