import { m } from '$lib/paraglide/messages';
import type { LawFinding } from '$lib/domain/routing';
import type { FieldProblem, SettingsField, SettingsProblem, StaffRefusal } from '$lib/views/staff';
import { formatDay, weekdayName } from '../format';
import { dayToDate } from './format';
import { phaseLabel } from './labels';

/**
 * A refused staff action in the reader's language: the server sends codes (views/staff.ts), the words are here
 * (Paraglide, da + en), as the citizen face does in ui/citizen/refusal-text.ts.
 */
export function staffRefusalText(refusal: StaffRefusal, locale: string): string {
	const day = (d: string) => formatDay(dayToDate(d), locale);
	switch (refusal.code) {
		case 'password_too_short':
			return m.staff_password_too_short({ min: refusal.min });
		case 'password_too_long':
			return m.staff_password_too_long({ max: refusal.max });
		case 'slot_closed_day':
			return m.staff_slot_closed_day({ days: refusal.days.map((d) => `${day(d.day)} (${d.name})`).join(', ') });
		case 'slot_outside_hours':
			return m.staff_slot_outside_hours({ day: day(refusal.day) });
		case 'slot_overlap':
			return m.staff_slot_overlap({ day: day(refusal.day) });
		case 'slot_duplicate':
			return m.staff_slot_duplicate({ day: day(refusal.day) });
		default:
			return SIMPLE[refusal.code]();
	}
}

type SimpleCode = Exclude<
	StaffRefusal['code'],
	| 'password_too_short'
	| 'password_too_long'
	| 'slot_closed_day'
	| 'slot_outside_hours'
	| 'slot_overlap'
	| 'slot_duplicate'
>;

const SIMPLE: Record<SimpleCode, () => string> = {
	form_invalid: m.staff_form_invalid,
	throttled: m.staff_login_throttled,
	login_missing: m.staff_login_missing,
	login_invalid: m.staff_login_invalid,
	totp_format: m.staff_totp_format,
	totp_invalid: m.staff_totp_invalid,
	password_missing: m.staff_password_missing,
	password_mismatch: m.staff_password_mismatch,
	password_same: m.staff_password_same,
	password_wrong_current: m.staff_password_wrong_current,
	password_common: m.staff_password_common,
	password_repetitive: m.staff_password_repetitive,
	password_contains_username: m.staff_password_contains_username,
	team_invalid: m.staff_team_invalid,
	team_username_taken: m.staff_team_username_taken,
	team_place_role: m.staff_team_place_role,
	phone_choose_time: m.staff_phone_choose_time,
	phone_age: m.staff_phone_age,
	phone_answer_all: m.staff_phone_answer_all,
	phone_not_eligible: m.staff_phone_not_eligible,
	phone_full: m.staff_phone_full,
	phone_gone: m.staff_phone_gone,
	phone_refused: m.staff_phone_refused,
	caller_code_empty: m.staff_caller_code_empty,
	caller_code_typo: m.staff_caller_code_typo,
	caller_code_malformed: m.staff_caller_code_malformed,
	caller_code_unknown: m.staff_caller_code_unknown,
	caller_slow_down: m.staff_caller_slow_down,
	caller_day_limit: m.staff_caller_day_limit,
	record_not_applicable: m.staff_record_not_applicable,
	record_already: m.staff_record_already,
	decision_needs_attendance: m.staff_decision_needs_attendance,
	decision_not_delegated: m.staff_decision_not_delegated,
	attendance_too_early: m.staff_attendance_too_early,
	attendance_not_active: m.staff_attendance_not_active,
	cancel_past: m.staff_cancel_past,
	cancel_already: m.staff_cancel_already,
	slot_form_invalid: m.staff_slot_form_invalid,
	slot_end_before_start: m.staff_slot_end_before_start,
	slot_hours_unknown: m.staff_slot_hours_unknown,
	slot_no_outside_hours: m.staff_slot_no_outside_hours,
	slot_past: m.staff_slot_past,
	slot_seats_individual: m.staff_slot_seats_individual,
	slot_phase_not_offered: m.staff_slot_phase_not_offered,
	slot_too_many: m.staff_slot_too_many,
	slot_booked_cannot_move: m.staff_slot_booked_cannot_move,
	slot_change_past: m.staff_slot_change_past,
	slot_counsellor_unknown: m.staff_slot_counsellor_unknown,
	slot_nothing_made: m.staff_slot_nothing_made,
	settings_invalid: m.settings_invalid
};

/** One line of a refused settings edit: the field and what is wrong with it, or the rule and what it requires. */
export function settingsProblemText(p: SettingsProblem, locale: string): string {
	if (p.kind === 'law') return m.settings_law_line({ rule: p.rule, finding: lawFindingText(p.finding) });
	return m.settings_problem_line({ field: fieldText(p, locale), problem: problemText(p) });
}

function fieldText(f: SettingsField, locale: string): string {
	switch (f.field) {
		case 'name':
			return m.settings_name();
		case 'address':
			return m.settings_address();
		case 'phone':
			return m.settings_phone();
		case 'guarantee':
			return m.settings_guarantee();
		case 'hours':
			return m.settings_field_hours();
		case 'other':
			return m.settings_field_other();
		case 'from':
			return m.settings_field_from({ weekday: weekdayName(f.weekday, locale) });
		case 'to':
			return m.settings_field_to({ weekday: weekdayName(f.weekday, locale) });
		case 'max':
			return m.settings_field_phase({ phase: phaseLabel(f.phase), field: m.settings_field_max() });
		case 'minutes':
			return m.settings_field_phase({ phase: phaseLabel(f.phase), field: m.settings_field_minutes() });
		case 'seats':
			return m.settings_field_phase({ phase: phaseLabel(f.phase), field: m.settings_field_seats() });
	}
}

function problemText(p: FieldProblem): string {
	switch (p.problem) {
		case 'too_small':
			return m.settings_problem_too_small({ min: p.min });
		case 'too_big':
			return m.settings_problem_too_big({ max: p.max });
		default:
			return {
				required: m.settings_problem_required,
				not_whole: m.settings_problem_not_whole,
				wall_time: m.settings_problem_wall_time,
				ends_before_start: m.settings_problem_ends_before_start,
				overlap: m.settings_problem_overlap,
				no_interval: m.settings_problem_no_interval,
				seats_below_participants: m.settings_problem_seats_below_participants,
				invalid: m.settings_problem_invalid
			}[p.problem]();
	}
}

export function lawFindingText(f: LawFinding): string {
	switch (f.code) {
		case 'providers':
			return m.settings_law_providers({ count: f.count, outside: f.outside });
		case 'treatment_without_decision':
			return m.settings_law_treatment_without_decision({ phases: f.phases.map((p) => phaseLabel(p)).join(', ') });
		case 'unbounded':
			return m.settings_law_unbounded({ phases: f.phases.map((p) => phaseLabel(p)).join(', ') });
		case 'required_offer_missing':
			return m.settings_law_required_offer_missing({ law: f.law });
		case 'gap_but_offered':
			return m.settings_law_gap_but_offered({ law: f.law });
		case 'required_offer_gap':
			return m.settings_law_required_offer_gap({ law: f.law, reason: f.reason });
		default:
			return {
				gap_met: m.settings_law_gap_met,
				gap_on_other_law: m.settings_law_gap_on_other_law,
				guarantee_required: m.settings_law_guarantee_required,
				clarifying_first: m.settings_law_clarifying_first,
				decision_before_clarifying: m.settings_law_decision_before_clarifying,
				medicine: m.settings_law_medicine,
				no_substitution_question: m.settings_law_no_substitution_question,
				no_group_course: m.settings_law_no_group_course,
				no_individual_closing: m.settings_law_no_individual_closing,
				guarantee_not_covered: m.settings_law_guarantee_not_covered
			}[f.code]();
	}
}
