import { error, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/platform/app-db';
import { assignablePlaces, createStaff, staffOfMunicipality } from '$lib/server/staff/staff';
import { parseForm, refuse } from '$lib/server/http/form';
import { coordinatorOf } from '../guard';
import { passwordRefusal } from '../password-problem';

export const load: PageServerLoad = async ({ locals }) => {
	const staff = coordinatorOf(locals);
	const [team, places] = await Promise.all([
		staffOfMunicipality(db(), staff.municipalitySlug),
		assignablePlaces(db(), staff.municipalitySlug)
	]);
	return { team, places };
};

const NewStaffForm = z.object({
	username: z
		.string()
		.trim()
		.toLowerCase()
		.regex(/^[a-z0-9._-]{3,60}$/),
	displayName: z.string().trim().min(2).max(100),
	// Length and the rest of ASVS 5.0 6.2 are checked by createStaff (passwordProblem), with words for each refusal.
	password: z.string().min(1).max(1000),
	// A partner's staff work at the municipality's partner place (SEL §101a stk. 2; staff.ts says which places fit).
	role: z.enum(['counsellor', 'coordinator', 'partner']),
	totpRequired: z.literal('on').optional()
});

export const actions: Actions = {
	create: async ({ locals, request }) => {
		const staff = coordinatorOf(locals);
		const form = await parseForm(request, NewStaffForm, { code: 'team_invalid' });
		if (!form.ok) {
			const password = form.failure.data.errors.some((e) => e.field === 'password');
			return password ? refuse(400, passwordRefusal('too_short'), form.failure.data.values) : form.failure;
		}
		const result = await createStaff(
			db(),
			{
				...form.data,
				municipalitySlug: staff.municipalitySlug,
				places: form.form.getAll('places').map(String),
				totpRequired: form.data.totpRequired === 'on'
			},
			staff
		);
		if (!result.ok && result.reason === 'weak_password')
			return refuse(400, passwordRefusal(result.problem), form.values);
		// A place of another municipality is not the coordinator's to assign: the same 404 as anywhere else.
		if (!result.ok && result.reason === 'foreign_place') error(404);
		if (!result.ok && result.reason === 'place_role') return refuse(400, { code: 'team_place_role' }, form.values);
		if (!result.ok) return refuse(409, { code: 'team_username_taken' }, form.values);
		redirect(303, `/staff/team/${result.id}?created=1`);
	}
};
