/**
 * What the staff calendar shows, as plain types shared by staff/calendar.ts and the components that render it
 * (src/lib/ui/staff): the UI never imports a server module.
 */
import type { AgeBand, PhaseKind } from '$lib/domain/model';
import type { BookingStatus } from '$lib/domain/booking-status';

export interface CalendarBooking {
	id: string;
	slotId: string;
	/** anon.code.id: a key for the staff pages, not the code a person holds. */
	codeId: string;
	alias: string;
	status: BookingStatus;
	ageBand: AgeBand | null;
	/** "Session 3 of 10": this booking's place among the code's seat-holding bookings in its phase. */
	sessionNumber: number;
	sessionMax: number | null;
	/** An interpreter the person asked for: a language code or 'other' (issue 15). */
	interpreter: string | null;
}

export interface CalendarSlot {
	id: string;
	placeSlug: string;
	placeName: string;
	offerSlug: string;
	offerTitle: { da: string; en: string };
	municipalitySlug: string;
	law: string;
	phase: PhaseKind;
	counsellorId: string | null;
	counsellorName: string | null;
	seriesId: string | null;
	startsAt: Date;
	endsAt: Date;
	seats: number;
	booked: number;
	outsideHours: boolean;
	cancelledAt: Date | null;
	bookings: CalendarBooking[];
}

/** A code's thread in the staff list: by alias, never a code; `waiting` when the person wrote last. */
export interface ThreadSummary {
	codeId: string;
	alias: string;
	offerTitle: { da: string; en: string };
	lastDay: Date;
	waiting: boolean;
	unread: number;
}
