import { error, fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/platform/app-db';
import { courseFor, endCourse, recordDecision, recordParentalConsent, type RecordResult } from '$lib/server/staff/staff-course';
import { m } from '$lib/paraglide/messages';
import { staffOf } from '../../guard';

/** A code holder's course by alias: sessions used and left, the §101a decision, consent, the end. */
export const load: PageServerLoad = async ({ locals, params }) => {
	const course = await courseFor(db(), staffOf(locals), params.id);
	if (!course) error(404);
	return { course };
};

const DecisionForm = z.object({ decision: z.enum(['granted', 'not_granted']) });

function refused(result: Exclude<RecordResult, { ok: true }>) {
	if (result.reason === 'not_found') error(404);
	const message = {
		not_applicable: m.staff_record_not_applicable(),
		already: m.staff_record_already(),
		clarifying_not_attended: m.staff_decision_needs_attendance(),
		not_delegated: m.staff_decision_not_delegated()
	}[result.reason];
	return fail(409, { message, confirmEnd: false });
}

export const actions: Actions = {
	decision: async ({ locals, params, request }) => {
		const staff = staffOf(locals);
		if (!(await courseFor(db(), staff, params.id))) error(404);
		const parsed = DecisionForm.safeParse(Object.fromEntries(await request.formData()));
		if (!parsed.success) return fail(400, { message: m.staff_form_invalid(), confirmEnd: false });
		const result = await recordDecision(db(), staff, params.id, parsed.data.decision);
		if (!result.ok) return refused(result);
		redirect(303, `/staff/course/${params.id}`);
	},
	consent: async ({ locals, params }) => {
		const staff = staffOf(locals);
		if (!(await courseFor(db(), staff, params.id))) error(404);
		const result = await recordParentalConsent(db(), staff, params.id);
		if (!result.ok) return refused(result);
		redirect(303, `/staff/course/${params.id}`);
	},
	end: async ({ locals, params, request }) => {
		const staff = staffOf(locals);
		if (!(await courseFor(db(), staff, params.id))) error(404);
		if ((await request.formData()).get('confirm') !== 'yes') return fail(409, { message: null, confirmEnd: true });
		const result = await endCourse(db(), staff, params.id);
		if (!result.ok) return refused(result);
		redirect(303, `/staff/course/${params.id}`);
	}
};
