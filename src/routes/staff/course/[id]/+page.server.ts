import { error, fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/platform/app-db';
import { RECORDED_DECISIONS } from '$lib/domain/values';
import {
	courseFor,
	endCourse,
	recordDecision,
	recordParentalConsent,
	type RecordResult
} from '$lib/server/staff/staff-course';
import { parseForm, refuse } from '$lib/server/http/form';
import { staffOf } from '../../guard';

/** A code holder's course by alias: sessions used and left, the §101a decision, consent, the end. */
export const load: PageServerLoad = async ({ locals, params }) => {
	const course = await courseFor(db(), staffOf(locals), params.id);
	if (!course) error(404);
	return { course };
};

const DecisionForm = z.object({ decision: z.enum(RECORDED_DECISIONS) });

function refused(result: Exclude<RecordResult, { ok: true }>) {
	if (result.reason === 'not_found') error(404);
	const code = (
		{
			not_applicable: 'record_not_applicable',
			already: 'record_already',
			clarifying_not_attended: 'decision_needs_attendance',
			not_delegated: 'decision_not_delegated'
		} as const
	)[result.reason];
	return refuse(409, { code });
}

/**
 * Each action looks the course up once, in the server function it calls (a 404 for another municipality's);
 * only a form that is refused before that call looks it up itself, so the 404 still comes first.
 */
async function ownCourseOr404(staff: Parameters<typeof courseFor>[1], id: string) {
	if (!(await courseFor(db(), staff, id))) error(404);
}

export const actions: Actions = {
	decision: async ({ locals, params, request }) => {
		const staff = staffOf(locals);
		const form = await parseForm(request, DecisionForm);
		if (!form.ok) {
			await ownCourseOr404(staff, params.id);
			return form.failure;
		}
		const result = await recordDecision(db(), staff, params.id, form.data.decision);
		if (!result.ok) return refused(result);
		redirect(303, `/staff/course/${params.id}`);
	},
	consent: async ({ locals, params }) => {
		const staff = staffOf(locals);
		const result = await recordParentalConsent(db(), staff, params.id);
		if (!result.ok) return refused(result);
		redirect(303, `/staff/course/${params.id}`);
	},
	end: async ({ locals, params, request }) => {
		const staff = staffOf(locals);
		if ((await request.formData()).get('confirm') !== 'yes') {
			await ownCourseOr404(staff, params.id);
			return fail(409, { confirmEnd: true });
		}
		const result = await endCourse(db(), staff, params.id);
		if (!result.ok) return refused(result);
		redirect(303, `/staff/course/${params.id}`);
	}
};
