import { error, fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/platform/app-db';
import { createStaff, placesOfMunicipality, staffOfMunicipality } from '$lib/server/staff/staff';
import { m } from '$lib/paraglide/messages';
import { coordinatorOf, formValues } from '../guard';
import { passwordProblemMessage } from '../password-problem';

export const load: PageServerLoad = async ({ locals }) => {
	const staff = coordinatorOf(locals);
	const [team, places] = await Promise.all([
		staffOfMunicipality(db(), staff.municipalitySlug),
		placesOfMunicipality(db(), staff.municipalitySlug)
	]);
	return { team, places };
};

const NewStaffForm = z.object({
	username: z.string().trim().toLowerCase().regex(/^[a-z0-9._-]{3,60}$/),
	displayName: z.string().trim().min(2).max(100),
	// Length and the rest of ASVS 5.0 6.2 are checked by createStaff (passwordProblem), with words for each refusal.
	password: z.string().min(1).max(1000),
	role: z.enum(['counsellor', 'coordinator']),
	totpRequired: z.literal('on').optional()
});

export const actions: Actions = {
	create: async ({ locals, request }) => {
		const staff = coordinatorOf(locals);
		const data = await request.formData();
		const values = formValues(data);
		const parsed = NewStaffForm.safeParse(Object.fromEntries(data));
		if (!parsed.success) {
			const password = parsed.error.issues.some((i) => i.path[0] === 'password');
			return fail(400, { message: password ? passwordProblemMessage('too_short') : m.staff_team_invalid(), values });
		}
		const own = await placesOfMunicipality(db(), staff.municipalitySlug);
		const places = data.getAll('places').map(String);
		// A place of another municipality is not the coordinator's to assign: the same 404 as anywhere else.
		if (places.some((p) => !own.some((o) => o.slug === p))) error(404);
		const result = await createStaff(db(), {
			...parsed.data,
			municipalitySlug: staff.municipalitySlug,
			places,
			totpRequired: parsed.data.totpRequired === 'on'
		}, staff);
		if (!result.ok && result.reason === 'weak_password') return fail(400, { message: passwordProblemMessage(result.problem), values });
		if (!result.ok) return fail(409, { message: m.staff_team_username_taken(), values });
		redirect(303, `/staff/team/${result.id}?created=1`);
	}
};
