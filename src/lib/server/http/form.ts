import { fail, type ActionFailure } from '@sveltejs/kit';
import type { z } from 'zod';
import type { FieldProblem, StaffRefusal } from '$lib/views/staff';

/**
 * Every form action's first steps, once: read the form, parse it with its zod schema, and on failure answer
 * 400 with a refusal code, the fields at fault and what was typed (never a password), so nothing is lost and
 * the page words it in the reader's language. Codes from the server, words from Paraglide (issue 10, point 6).
 */

export interface FieldError {
	field: string;
	problem: FieldProblem;
}

export interface FormFailure {
	refusal: StaffRefusal;
	values: Record<string, string>;
	errors: FieldError[];
}

export type Parsed<T> =
	| { ok: true; data: T; form: FormData; values: Record<string, string> }
	| { ok: false; failure: ActionFailure<FormFailure> };

export async function parseForm<S extends z.ZodType>(
	request: Request,
	schema: S,
	refusal: StaffRefusal = { code: 'form_invalid' }
): Promise<Parsed<z.output<S>>> {
	const form = await request.formData();
	const values = formValues(form);
	const parsed = schema.safeParse(Object.fromEntries(form));
	if (parsed.success) return { ok: true, data: parsed.data, form, values };
	const errors = parsed.error.issues.map((issue) => ({
		field: issue.path.map(String).join('.'),
		problem: fieldProblem(issue)
	}));
	return { ok: false, failure: fail(400, { refusal, values, errors }) };
}

/** A refusal after parsing (a rule, a look-up, the database): the same shape as a form that did not parse. */
export function refuse(
	status: number,
	refusal: StaffRefusal,
	values: Record<string, string> = {}
): ActionFailure<FormFailure> {
	return fail(status, { refusal, values, errors: [] });
}

/** A form's text fields as strings, to hand back on a failed submit; secrets are never sent back. */
export function formValues(data: FormData): Record<string, string> {
	const values: Record<string, string> = {};
	for (const [key, value] of data) {
		if (typeof value === 'string' && !/password|^otp$|^current$|^next$|^repeat$/i.test(key)) values[key] = value;
	}
	return values;
}

/**
 * A zod issue as a problem a person can act on. Custom rules name theirs in `params.problem`
 * (config/schema.ts); zod's own English message never reaches the page.
 */
export function fieldProblem(issue: z.core.$ZodIssue): FieldProblem {
	switch (issue.code) {
		case 'custom': {
			const named = (issue.params as { problem?: FieldProblem['problem'] } | undefined)?.problem;
			return named && named !== 'too_small' && named !== 'too_big' ? { problem: named } : { problem: 'invalid' };
		}
		case 'too_small':
			return issue.origin === 'string' && Number(issue.minimum) <= 1
				? { problem: 'required' }
				: { problem: 'too_small', min: Number(issue.minimum) };
		case 'too_big':
			return { problem: 'too_big', max: Number(issue.maximum) };
		case 'invalid_type':
			return issue.expected === 'int' || issue.expected === 'number'
				? { problem: 'not_whole' }
				: { problem: 'invalid' };
		case 'invalid_format':
			return /^(from|to)$/.test(String(issue.path.at(-1))) ? { problem: 'wall_time' } : { problem: 'invalid' };
		default:
			return { problem: 'invalid' };
	}
}
