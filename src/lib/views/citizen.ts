/**
 * What the citizen pages show, as plain types shared by the server modules that read it (booking/citizen.ts,
 * booking/bookings.ts) and the components that render it (src/lib/ui/citizen): the UI never imports a server module.
 */
import type { Known, OpeningInterval, PhaseKind, Place } from '$lib/domain/model';
import type { BookingStatus } from '$lib/domain/booking-status';
import type { Refusal as RuleRefusal } from '$lib/domain/sessions';
import type { MessageNotice, MessageSender } from '$lib/domain/message';

export interface ProviderView {
	place: Place;
	hours: Known<OpeningInterval[]>;
	/** The name of the municipality that runs the place: a partner may be in another one (Brydehuset, Ballerup). */
	municipalityName: string;
}

export interface SeriesOffer {
	seriesId: string;
	placeSlug: string;
	firstStartsAt: Date;
	startsAt: Date;
	endsAt: Date;
	sessionsAhead: number;
	/** People holding a seat in the series now (the fullest session), for "runs if at least N sign up". */
	signedUp: number;
	seats: number;
	/** The sessions a person can start at: the first only, or any ahead with a free seat (rolling intake, 003). */
	starts: { slotId: string; startsAt: Date; seatsLeft: number }[];
}

/** One of a person's places on a group's waiting list, for "Dine tider" (booking/waitlist.ts). */
export interface Wait {
	seriesId: string;
	placeName: string;
	/** The series' next session and its end, for "every Monday 16:00–18:00". */
	startsAt: Date;
	endsAt: Date;
	/** 1 for the first in line. */
	position: number;
	/** A seat is held for the person until then (to the minute), starting at the session `from`. */
	offer: { until: Date; from: Date } | null;
}

/** A place in the line for the individual times of an offer at a place (issue 15, part 2). */
export interface TimeWait {
	placeSlug: string;
	placeName: string;
	/** 1 for the first in line. */
	position: number;
	/** A time is held for the person until then (to the minute): the time and its end. */
	offer: { until: Date; startsAt: Date; endsAt: Date } | null;
}

/** One month of free times at a place (booking/time-chooser.ts; issue 12, item 4). */
export interface TimeChooserView {
	/** 'YYYY-MM' shown, and its first instant (for its name). */
	month: string;
	monthStart: Date;
	prevMonth: string | null;
	nextMonth: string | null;
	/** The first free time from now on, whatever the month shown. */
	first: { id: string; startsAt: Date } | null;
	/** The code's monthly cadence is used up in this month: no time of it can be booked. */
	monthFull: boolean;
	/** The days of the month that have free times ('YYYY-MM-DD'). */
	days: { key: string; first: Date; count: number }[];
	day: string | null;
	/** The chosen day's free times. */
	times: { id: string; startsAt: Date }[];
	/** Today's date in Copenhagen, to mark same-day times "i dag". */
	today: string;
	minutes: number | null;
}

export interface BookingView {
	id: string;
	phase: PhaseKind;
	status: BookingStatus;
	startsAt: Date;
	endsAt: Date;
	placeSlug: string;
	placeName: string;
	/** Seats taken at this session, for a group that runs only if enough sign up (001 §3.3.4). */
	signedUp: number;
	/** A time the person moved: the booking it was moved to (issue 12, item 7). */
	movedTo: string | null;
	/** An interpreter asked for (a language code or 'other'), or null (issue 15). */
	interpreter: string | null;
}

/** Why a booking was refused: a rule of the domain, or what the database held at that moment. */
export type BookingRefusal =
	| RuleRefusal
	| 'no_code'
	| 'slot_not_found'
	| 'slot_cancelled'
	| 'slot_past'
	| 'full'
	| 'already_booked'
	| 'booking_not_found'
	| 'slow_down';

/** One message of a code's thread: a text, or a notice the portal wrote (worded in the reader's language). */
export interface MessageView {
	n: number;
	sender: MessageSender;
	body: string | null;
	notice: MessageNotice | null;
	noticeStartsAt: Date | null;
	createdAt: Date;
	read: boolean;
}
