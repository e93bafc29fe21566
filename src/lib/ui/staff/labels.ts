import { m } from '$lib/paraglide/messages';
import type { AgeBand, PhaseKind } from '$lib/domain/model';
import type { BookingStatus } from '$lib/domain/booking-status';
import type { PhaseFormat } from '../phase-format';

/**
 * The field's own words (afklarende samtale, forløb) for staff; citizens get plainer ones. A course is named by its
 * format (phaseFormat): Gladsaxe's alcohol course and the §101a alternative are individual talks (000, 001).
 */
export function phaseLabel(phase: PhaseKind, format: PhaseFormat = 'either'): string {
	if (phase === 'course') {
		return { group: m.staff_phase_course_group, individual: m.staff_phase_course_individual, either: m.staff_phase_course }[format]();
	}
	return { clarifying: m.staff_phase_clarifying, conversation: m.staff_phase_conversation, closing: m.staff_phase_closing }[phase]();
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
	return { counsellor: m.staff_role_counsellor, coordinator: m.staff_role_coordinator, partner: m.staff_role_partner }[role]();
}

export function sessionOf(n: number, max: number | null): string {
	return max === null ? m.staff_session_n({ n }) : m.staff_session_n_of({ n, max });
}
