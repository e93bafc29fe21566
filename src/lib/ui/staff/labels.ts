import { m } from '$lib/paraglide/messages';
import type { AgeBand, PhaseKind } from '$lib/domain/model';
import type { BookingStatus } from '$lib/domain/booking-status';
import type { PhaseFormat } from '../phase-format';
import type { AuditAction } from '$lib/domain/values';

/**
 * The field's own words (afklarende samtale, forløb) for staff; citizens get plainer ones. A course is named by its
 * format (phaseFormat): Gladsaxe's alcohol course and the §101a alternative are individual talks (000, 001).
 */
export function phaseLabel(phase: PhaseKind, format: PhaseFormat = 'either'): string {
	if (phase === 'course') {
		return {
			group: m.staff_phase_course_group,
			individual: m.staff_phase_course_individual,
			either: m.staff_phase_course
		}[format]();
	}
	return {
		clarifying: m.staff_phase_clarifying,
		conversation: m.staff_phase_conversation,
		closing: m.staff_phase_closing
	}[phase]();
}

export function statusLabel(status: BookingStatus): string {
	return {
		booked: m.staff_status_booked,
		attended: m.staff_status_attended,
		no_show: m.staff_status_no_show,
		cancelled: m.staff_status_cancelled,
		cancelled_by_centre: m.staff_status_cancelled_by_centre
	}[status]();
}

export function ageBandLabel(band: AgeBand | null): string {
	if (band === null) return m.staff_age_unknown();
	return { under18: m.staff_age_under18, '18to24': m.staff_age_18to24, '25plus': m.staff_age_25plus }[band]();
}

export function roleLabel(role: 'counsellor' | 'coordinator' | 'partner'): string {
	return { counsellor: m.staff_role_counsellor, coordinator: m.staff_role_coordinator, partner: m.staff_role_partner }[
		role
	]();
}

export function sessionOf(n: number, max: number | null): string {
	return max === null ? m.staff_session_n({ n }) : m.staff_session_n_of({ n, max });
}

/** An audit action in words for coordinators (issue 13, item 9); a new action without words does not compile. */
const AUDIT_ACTION_WORDS: Record<AuditAction, () => string> = {
	login: m.staff_audit_action_login,
	login_failed: m.staff_audit_action_login_failed,
	login_throttled: m.staff_audit_action_login_throttled,
	logout: m.staff_audit_action_logout,
	totp_enabled: m.staff_audit_action_totp_enabled,
	totp_failed: m.staff_audit_action_totp_failed,
	totp_verified: m.staff_audit_action_totp_verified,
	password_changed: m.staff_audit_action_password_changed,
	password_reset: m.staff_audit_action_password_reset,
	totp_reset: m.staff_audit_action_totp_reset,
	slot_created: m.staff_audit_action_slot_created,
	series_created: m.staff_audit_action_series_created,
	slot_changed: m.staff_audit_action_slot_changed,
	message_sent: m.staff_audit_action_message_sent,
	slot_cancelled: m.staff_audit_action_slot_cancelled,
	phone_booking: m.staff_audit_action_phone_booking,
	attendance: m.staff_audit_action_attendance,
	decision: m.staff_audit_action_decision,
	parental_consent: m.staff_audit_action_parental_consent,
	course_ended: m.staff_audit_action_course_ended,
	staff_created: m.staff_audit_action_staff_created,
	staff_updated: m.staff_audit_action_staff_updated,
	staff_sessions_revoked: m.staff_audit_action_staff_sessions_revoked,
	place_updated: m.staff_audit_action_place_updated,
	hours_updated: m.staff_audit_action_hours_updated,
	offer_updated: m.staff_audit_action_offer_updated,
	caller_booked: m.staff_audit_action_caller_booked,
	caller_moved: m.staff_audit_action_caller_moved,
	caller_cancelled: m.staff_audit_action_caller_cancelled
};

export function auditActionLabel(action: string): string {
	return (AUDIT_ACTION_WORDS as Record<string, (() => string) | undefined>)[action]?.() ?? action;
}
