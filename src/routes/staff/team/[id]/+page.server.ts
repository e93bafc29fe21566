import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/platform/app-db';
import { colleagueFor, placesOfMunicipality, revokeStaffSessions, updateStaff } from '$lib/server/staff/staff';
import { resetPassword, resetTotp } from '$lib/server/auth/staff-password';
import { coordinatorOf } from '../../guard';
import { passwordProblemMessage } from '../../password-problem';

/** A colleague of the coordinator's own municipality; anyone else's staff is a 404. */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const staff = coordinatorOf(locals);
	const colleague = await colleagueFor(db(), staff, params.id);
	if (!colleague) error(404);
	return { colleague, places: await placesOfMunicipality(db(), staff.municipalitySlug), self: colleague.id === staff.id, created: url.searchParams.has('created') };
};

export const actions: Actions = {
	update: async ({ locals, params, request }) => {
		const staff = coordinatorOf(locals);
		const colleague = await colleagueFor(db(), staff, params.id);
		if (!colleague) error(404);
		const data = await request.formData();
		const own = await placesOfMunicipality(db(), staff.municipalitySlug);
		const places = data.getAll('places').map(String);
		if (places.some((p) => !own.some((o) => o.slug === p))) error(404);
		// Nobody locks themselves out: a coordinator cannot disable their own account.
		const disabled = data.get('disabled') === 'on' && colleague.id !== staff.id;
		await updateStaff(db(), staff, colleague.id, { places, totpRequired: data.get('totpRequired') === 'on', disabled });
		redirect(303, `/staff/team/${colleague.id}?saved=1`);
	},
	revoke: async ({ locals, params }) => {
		const staff = coordinatorOf(locals);
		const colleague = await colleagueFor(db(), staff, params.id);
		if (!colleague) error(404);
		await revokeStaffSessions(db(), staff, colleague.id);
		redirect(303, colleague.id === staff.id ? '/staff/login' : `/staff/team/${colleague.id}?revoked=1`);
	},
	/** A forgotten password: a temporary one the colleague must change at their next sign-in (audited). */
	resetPassword: async ({ locals, params, request }) => {
		const staff = coordinatorOf(locals);
		const colleague = await colleagueFor(db(), staff, params.id);
		if (!colleague) error(404);
		const password = (await request.formData()).get('password');
		if (typeof password !== 'string' || password.length > 1000) return fail(400, { resetMessage: passwordProblemMessage('too_short') });
		const result = await resetPassword(db(), staff, colleague, password);
		if (!result.ok && result.reason === 'weak') return fail(400, { resetMessage: passwordProblemMessage(result.problem) });
		if (!result.ok) error(404);
		redirect(303, `/staff/team/${colleague.id}?passwordReset=1`);
	},
	/** A lost TOTP phone: the key is forgotten (audited). */
	resetTotp: async ({ locals, params }) => {
		const staff = coordinatorOf(locals);
		const colleague = await colleagueFor(db(), staff, params.id);
		if (!colleague) error(404);
		if (!(await resetTotp(db(), staff, colleague)).ok) error(404);
		redirect(303, `/staff/team/${colleague.id}?totpReset=1`);
	}
};
