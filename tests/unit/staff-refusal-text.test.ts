import { describe, it, expect, afterEach } from 'vitest';
import { overwriteGetLocale } from '$lib/paraglide/runtime';
import {
	STAFF_REFUSAL_CODES,
	type FieldProblem,
	type SettingsField,
	type StaffRefusal,
	type StaffRefusalCode
} from '$lib/views/staff';
import type { LawFinding } from '$lib/domain/routing';
import { lawFindingText, settingsProblemText, staffRefusalText } from '$lib/ui/staff/refusal-text';

/**
 * One error contract (issue 10, point 6): staff actions return codes, the words come from Paraglide. Every code the
 * server can send has words in Danish and in English; a missing message would show a key or an empty box.
 */

/** A refusal for each code, with made-up facts where the code carries some. */
const sample = (code: StaffRefusalCode): StaffRefusal => {
	switch (code) {
		case 'password_too_short':
			return { code, min: 12 };
		case 'password_too_long':
			return { code, max: 1000 };
		case 'slot_closed_day':
			return { code, days: [{ day: '2030-12-25', name: 'Juledag' }] };
		case 'slot_outside_hours':
		case 'slot_overlap':
		case 'slot_duplicate':
			return { code, day: '2030-03-04' };
		default:
			return { code };
	}
};

// Record<…> makes the compiler refuse a list that misses a finding, a problem or a field.
const FINDINGS: Record<LawFinding['code'], LawFinding> = {
	providers: { code: 'providers', count: 1, outside: 0 },
	gap_met: { code: 'gap_met' },
	gap_on_other_law: { code: 'gap_on_other_law' },
	guarantee_required: { code: 'guarantee_required' },
	clarifying_first: { code: 'clarifying_first' },
	decision_before_clarifying: { code: 'decision_before_clarifying' },
	treatment_without_decision: { code: 'treatment_without_decision', phases: ['course'] },
	unbounded: { code: 'unbounded', phases: ['course'] },
	required_offer_missing: { code: 'required_offer_missing', law: 'SEL §101a' },
	required_offer_gap: { code: 'required_offer_gap', law: 'SUL §141 stk. 7', reason: 'x' },
	gap_but_offered: { code: 'gap_but_offered', law: 'SEL §101a' },
	medicine: { code: 'medicine' },
	no_substitution_question: { code: 'no_substitution_question' },
	no_group_course: { code: 'no_group_course' },
	no_individual_closing: { code: 'no_individual_closing' },
	guarantee_not_covered: { code: 'guarantee_not_covered' }
};
const PROBLEMS: Record<FieldProblem['problem'], FieldProblem> = {
	required: { problem: 'required' },
	not_whole: { problem: 'not_whole' },
	wall_time: { problem: 'wall_time' },
	ends_before_start: { problem: 'ends_before_start' },
	overlap: { problem: 'overlap' },
	no_interval: { problem: 'no_interval' },
	seats_below_participants: { problem: 'seats_below_participants' },
	invalid: { problem: 'invalid' },
	too_small: { problem: 'too_small', min: 5 },
	too_big: { problem: 'too_big', max: 480 }
};
const FIELDS: Record<SettingsField['field'], SettingsField> = {
	name: { field: 'name' },
	address: { field: 'address' },
	phone: { field: 'phone' },
	hours: { field: 'hours' },
	guarantee: { field: 'guarantee' },
	other: { field: 'other' },
	max: { field: 'max', phase: 'course' },
	minutes: { field: 'minutes', phase: 'clarifying' },
	seats: { field: 'seats', phase: 'course' },
	from: { field: 'from', weekday: 1 },
	to: { field: 'to', weekday: 7 }
};

function inBoth(render: () => string): { da: string; en: string } {
	overwriteGetLocale(() => 'da');
	const da = render();
	overwriteGetLocale(() => 'en');
	const en = render();
	return { da, en };
}

/** Words, not a key, a placeholder or a code: non-empty, no `{param}` left, and the two languages differ. */
function expectWords(texts: { da: string; en: string }, what: string) {
	for (const text of [texts.da, texts.en]) {
		expect(text.trim(), what).not.toBe('');
		expect(text, what).not.toMatch(/[{}]|undefined|\b[a-z]+_[a-z_]+\b/);
	}
	expect(texts.da, what).not.toBe(texts.en);
}

afterEach(() => overwriteGetLocale(() => 'da'));

describe('one error contract: every staff refusal code has Danish and English words', () => {
	it.each(STAFF_REFUSAL_CODES)('%s', (code) => {
		expectWords(
			inBoth(() => staffRefusalText(sample(code), 'da')),
			code
		);
	});

	it('the facts a refusal carries reach the words (a password length, a closed day)', () => {
		const short = inBoth(() => staffRefusalText({ code: 'password_too_short', min: 12 }, 'da'));
		expect(short.da).toContain('12');
		expect(short.en).toContain('12');
		overwriteGetLocale(() => 'da');
		expect(
			staffRefusalText({ code: 'slot_closed_day', days: [{ day: '2030-12-25', name: 'Juledag' }] }, 'da')
		).toContain('onsdag 25. december (Juledag)');
	});

	it.each(Object.values(FINDINGS))('law finding $code has words in both languages, with its rule', (finding) => {
		expectWords(
			inBoth(() => lawFindingText(finding)),
			finding.code
		);
		overwriteGetLocale(() => 'da');
		expect(settingsProblemText({ kind: 'law', rule: 'SEL §101a stk. 3', finding }, 'da')).toMatch(
			/^SEL §101a stk\. 3: /
		);
	});

	it('every field problem on every settings field has words in both languages', () => {
		for (const field of Object.values(FIELDS)) {
			for (const problem of Object.values(PROBLEMS)) {
				const line = inBoth(() => settingsProblemText({ kind: 'field', ...field, ...problem }, 'da'));
				expect(line.da, `${field.field}/${problem.problem}`).not.toMatch(/[{}]|undefined/);
				expect(line.da, `${field.field}/${problem.problem}`).not.toBe(line.en);
			}
		}
	});
});
