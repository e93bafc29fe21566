/**
 * The lists of allowed values, each written once. Types, zod schemas (`z.enum(AGE_BANDS)`) and the database's
 * CHECK lists are derived from these; tests/db/value-lists-agree.test.ts reads the CHECKs back from PostgreSQL and
 * compares. No imports: the browser may load this module (the staff and citizen date formats use TIME_ZONE).
 */
import type { Known } from './model';

/** Only the band is ever kept, never a birth date (DESIGN.md: "age band"). */
export const AGE_BANDS = ['under18', '18to24', '25plus'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

/**
 * A phase of an offer. §101a runs clarifying conversation → decision → course → optional closing
 * conversation (SEL §101a stk. 3, 4, 8; 002); counselling has one phase of conversations.
 */
export const PHASE_KINDS = ['clarifying', 'conversation', 'course', 'closing'] as const;
export type PhaseKind = (typeof PHASE_KINDS)[number];

/** The §101a decision on a code (stk. 4); it cannot be appealed (stk. 6), so 'not_granted' is final. */
export const DECISIONS = ['none', 'pending', 'granted', 'not_granted'] as const;
export type Decision = (typeof DECISIONS)[number];

/** What a counsellor records after the clarifying conversation (stk. 4): the decision itself, not its states. */
export const RECORDED_DECISIONS = ['granted', 'not_granted'] as const satisfies readonly Decision[];
export type RecordedDecision = (typeof RECORDED_DECISIONS)[number];

/**
 * What a staff member (or the portal) did, as the audit records it: a closed list, checked by the database
 * (migrations/074) and worded for coordinators on the audit page (ui/staff/labels.ts). 'login_throttled' stays
 * only for rows written before issue 9. The caller_* actions are staff acting on a code its holder read out.
 */
export const AUDIT_ACTIONS = [
	'login',
	'login_failed',
	'login_throttled',
	'logout',
	'totp_enabled',
	'totp_failed',
	'totp_verified',
	'password_changed',
	'password_reset',
	'totp_reset',
	'slot_created',
	'series_created',
	'slot_changed',
	'slot_cancelled',
	'phone_booking',
	'attendance',
	'decision',
	'parental_consent',
	'course_ended',
	'message_sent',
	'staff_created',
	'staff_updated',
	'staff_sessions_revoked',
	'place_updated',
	'hours_updated',
	'offer_updated',
	'caller_booked',
	'caller_moved',
	'caller_cancelled'
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Every centre in the documents is in Denmark, and its hours are Danish wall time, summer time included. */
export const TIME_ZONE = 'Europe/Copenhagen';

/** A wall time as typed and configured: "HH:MM" on a 24-hour clock, 00:00–23:59 (an interval's end may be 24:00 only in code). */
export const WALL_TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** A municipality's, place's or offer's slug: lower-case a–z, 0–9 and single hyphens, at most 100 characters. */
export const SLUG = /^(?=.{1,100}$)[a-z0-9]+(-[a-z0-9]+)*$/;

/** An answer the documents may not give: a database NULL is "not known", never invented (DOMAIN.md). */
export function known<T>(value: T | null): Known<T> {
	return value === null ? { known: false } : { known: true, value };
}
