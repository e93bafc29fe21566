/**
 * What the staff calendar shows, as plain types shared by staff/calendar.ts and the components that render it
 * (src/lib/ui/staff): the UI never imports a server module.
 */
import type { AgeBand, PhaseKind } from '$lib/domain/model';
import type { BookingStatus } from '$lib/domain/booking-status';
import type { LawFinding } from '$lib/domain/routing';
import type { BookingView } from './citizen';

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
	/** A group that runs only if enough sign up (Gladsaxe's parent courses, 001 §3.3.4): how many; else null. */
	minParticipants: number | null;
	outsideHours: boolean;
	cancelledAt: Date | null;
	bookings: CalendarBooking[];
}

/** One time as planned on the new-times page: its Copenhagen day and wall times. */
export interface SlotTime {
	day: string;
	from: string;
	to: string;
}

/** Why one planned time of a block or series was not made (issue 13, point 4): the rest are made. */
export type SkipReason = 'holiday' | 'closed_day' | 'outside_hours' | 'past' | 'overlap' | 'duplicate';

/** What a block or series made and what it left out, and why: told on the page after each submit. */
export interface SlotSummary {
	made: SlotTime[];
	skipped: (SlotTime & { reason: SkipReason; name?: string })[];
}

/** A caller who read their code out (staff/caller.ts): what staff may see and do for them, by alias. */
export interface CallerView {
	alias: string;
	offerSlug: string;
	offerTitle: { da: string; en: string };
	bookings: BookingView[];
	places: { slug: string; name: string }[];
	next: { ok: true; phase: PhaseKind } | { ok: false; reason: string };
	usedAnywhere: number;
}

/** An offer's no-shows of the last days, for follow-up (staff/no-shows.ts): by alias and day, never a time. */
export interface NoShowOffer {
	offerSlug: string;
	offerTitle: { da: string; en: string };
	noShows: { codeId: string; alias: string; phase: PhaseKind; day: string; placeName: string; rebooked: boolean }[];
}

/** The staff calendar: where every sign-in ends and every staff page leads back to. */
export const CALENDAR_PATH = '/staff/calendar';

/** The calendar with a view, day, place or counsellor chosen (the page's own query, staff/calendar/filter.ts). */
export function calendarPath(query?: Record<string, string> | URLSearchParams): string {
	const q = new URLSearchParams(query).toString();
	return q ? `${CALENDAR_PATH}?${q}` : CALENDAR_PATH;
}

/**
 * Why a staff action was refused, as a code with its facts: the server returns these, the staff pages word them
 * in Danish or English (ui/staff/refusal-text.ts), as the citizen face does with BookingRefusal. One contract.
 */
export type StaffRefusal =
	| {
			code:
				| 'form_invalid'
				| 'throttled'
				| 'login_missing'
				| 'login_invalid'
				| 'totp_format'
				| 'totp_invalid'
				| 'password_missing'
				| 'password_mismatch'
				| 'password_same'
				| 'password_wrong_current'
				| 'password_common'
				| 'password_repetitive'
				| 'password_contains_username'
				| 'team_invalid'
				| 'team_username_taken'
				| 'team_place_role'
				| 'phone_choose_time'
				| 'phone_age'
				| 'phone_answer_all'
				| 'phone_not_eligible'
				| 'phone_full'
				| 'phone_gone'
				| 'phone_refused'
				| 'phone_answer_all'
				| 'caller_code_empty'
				| 'caller_code_typo'
				| 'caller_code_malformed'
				| 'caller_code_unknown'
				| 'caller_slow_down'
				| 'caller_day_limit'
				| 'record_not_applicable'
				| 'record_already'
				| 'decision_needs_attendance'
				| 'decision_not_delegated'
				| 'attendance_too_early'
				| 'attendance_not_active'
				| 'cancel_past'
				| 'cancel_already'
				| 'slot_form_invalid'
				| 'slot_end_before_start'
				| 'slot_hours_unknown'
				| 'slot_no_outside_hours'
				| 'slot_past'
				| 'slot_seats_individual'
				| 'slot_phase_not_offered'
				| 'slot_too_many'
				| 'slot_booked_cannot_move'
				| 'slot_change_past'
				| 'slot_counsellor_unknown'
				| 'slot_nothing_made'
				| 'settings_invalid';
	  }
	| { code: 'password_too_short'; min: number }
	| { code: 'password_too_long'; max: number }
	| { code: 'slot_closed_day'; days: { day: string; name: string }[] }
	| { code: 'slot_outside_hours' | 'slot_overlap' | 'slot_duplicate'; day: string };

export type StaffRefusalCode = StaffRefusal['code'];

/** Every code, for the test that each has words in both languages (tests/unit/staff-refusal-text.test.ts). */
export const STAFF_REFUSAL_CODES = [
	'form_invalid',
	'throttled',
	'login_missing',
	'login_invalid',
	'totp_format',
	'totp_invalid',
	'password_missing',
	'password_mismatch',
	'password_same',
	'password_wrong_current',
	'password_common',
	'password_repetitive',
	'password_contains_username',
	'password_too_short',
	'password_too_long',
	'team_invalid',
	'team_username_taken',
	'team_place_role',
	'phone_choose_time',
	'phone_age',
	'phone_answer_all',
	'phone_not_eligible',
	'phone_full',
	'phone_gone',
	'phone_refused',
	'caller_code_empty',
	'caller_code_typo',
	'caller_code_malformed',
	'caller_code_unknown',
	'caller_slow_down',
	'caller_day_limit',
	'record_not_applicable',
	'record_already',
	'decision_needs_attendance',
	'decision_not_delegated',
	'attendance_too_early',
	'attendance_not_active',
	'cancel_past',
	'cancel_already',
	'slot_form_invalid',
	'slot_end_before_start',
	'slot_hours_unknown',
	'slot_no_outside_hours',
	'slot_past',
	'slot_seats_individual',
	'slot_phase_not_offered',
	'slot_too_many',
	'slot_booked_cannot_move',
	'slot_change_past',
	'slot_counsellor_unknown',
	'slot_closed_day',
	'slot_outside_hours',
	'slot_overlap',
	'slot_duplicate',
	'slot_nothing_made',
	'settings_invalid'
] as const satisfies readonly StaffRefusalCode[];
// A code added to StaffRefusal but not to the list above fails to compile here.
const everyCode: [Exclude<StaffRefusalCode, (typeof STAFF_REFUSAL_CODES)[number]>] extends [never] ? true : false =
	true;
void everyCode;

/** Where on a settings page a value was refused: a place's field, a phase's number, or a weekday's hours. */
export type SettingsField =
	| { field: 'name' | 'address' | 'phone' | 'hours' | 'guarantee' | 'other' }
	| { field: 'max' | 'minutes' | 'seats'; phase: PhaseKind }
	| { field: 'from' | 'to'; weekday: number };

/** What is wrong with a value: zod's issue, reduced to what a coordinator can act on (catalogue/settings.ts). */
export type FieldProblem =
	| {
			problem:
				| 'required'
				| 'not_whole'
				| 'wall_time'
				| 'ends_before_start'
				| 'overlap'
				| 'no_interval'
				| 'seats_below_participants'
				| 'invalid';
	  }
	| { problem: 'too_small'; min: number }
	| { problem: 'too_big'; max: number };

export type SettingsProblem =
	({ kind: 'field' } & SettingsField & FieldProblem) | { kind: 'law'; rule: string; finding: LawFinding };

/** A code's thread in the staff list: by alias, never a code; `waiting` when the person wrote last. */
export interface ThreadSummary {
	codeId: string;
	alias: string;
	offerTitle: { da: string; en: string };
	lastDay: Date;
	waiting: boolean;
	unread: number;
}
