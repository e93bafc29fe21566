import { describe, it, expect } from 'vitest';
import {
	BOOKING_STATUSES,
	SEAT_HOLDING_STATUSES,
	holdsSeat,
	mayChangeStatus,
	type BookingStatus
} from '$lib/domain/booking-status';

const others = (s: BookingStatus) => BOOKING_STATUSES.filter((t) => t !== s);

describe('which bookings hold a seat', () => {
	it('a booked, attended or missed session holds its seat and counts against the caps; a cancelled one does not', () => {
		expect(BOOKING_STATUSES.filter(holdsSeat)).toEqual([...SEAT_HOLDING_STATUSES]);
		expect(holdsSeat('cancelled')).toBe(false);
		expect(holdsSeat('cancelled_by_centre')).toBe(false);
	});
});

describe('how a booking may change', () => {
	it('a cancellation is final: nothing follows cancelled or cancelled_by_centre', () => {
		for (const from of ['cancelled', 'cancelled_by_centre'] as const) {
			for (const to of BOOKING_STATUSES) expect(mayChangeStatus(from, to), `${from} → ${to}`).toBe(false);
		}
	});

	it('only a booked session can be cancelled, by the holder or by the centre; one that took place is a fact', () => {
		expect(mayChangeStatus('booked', 'cancelled')).toBe(true);
		expect(mayChangeStatus('booked', 'cancelled_by_centre')).toBe(true);
		for (const from of ['attended', 'no_show'] as const) {
			expect(mayChangeStatus(from, 'cancelled'), from).toBe(false);
			expect(mayChangeStatus(from, 'cancelled_by_centre'), from).toBe(false);
		}
	});

	it('attendance is recorded, corrected and undone among the seat-holding statuses only', () => {
		for (const from of SEAT_HOLDING_STATUSES) {
			for (const to of SEAT_HOLDING_STATUSES) expect(mayChangeStatus(from, to), `${from} → ${to}`).toBe(true);
		}
	});

	it('every status in the list is reached by some change (none is dead)', () => {
		const reachable = new Set(
			BOOKING_STATUSES.flatMap((from) => others(from).filter((to) => mayChangeStatus(from, to)))
		);
		expect([...reachable].sort()).toEqual([...BOOKING_STATUSES].sort());
	});
});
