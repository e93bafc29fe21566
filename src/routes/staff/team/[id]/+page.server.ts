import { error, fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/platform/app-db';
import { assignablePlaces, colleagueFor, revokeStaffSessions, updateStaff } from '$lib/server/staff/staff';
import { parseForm, refuse } from '$lib/server/http/form';
import { resetPassword, resetTotp } from '$lib/server/auth/staff-password';
import { coordinatorOf } from '../../guard';
import { passwordRefusal } from '../../password-problem';

/** A colleague of the coordinator's own municipality; anyone else's staff is a 404. */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const staff = coordinatorOf(locals);
	const colleague = await colleagueFor(db(), staff, params.id);
	if (!colleague) error(404);
	return {
		colleague,
		// A partner's staff may work at a partner place; the municipality's own staff only at its own places.
		places: (await assignablePlaces(db(), staff.municipalitySlug)).filter(
			(p) => colleague.role === 'partner' || !p.partner
		),
		self: colleague.id === staff.id,
		created: url.searchParams.has('created')
	};
};

const ResetForm = z.object({ password: z.string().max(1000) });

export const actions: Actions = {
	update: async ({ locals, params, request }) => {
		const staff = coordinatorOf(locals);
		const colleague = await colleagueFor(db(), staff, params.id);
		if (!colleague) error(404);
		const data = await request.formData();
		const result = await updateStaff(db(), staff, colleague.id, {
			places: data.getAll('places').map(String),
			totpRequired: data.get('totpRequired') === 'on',
			disabled: data.get('disabled') === 'on'
		});
		// A place of another municipality is not the coordinator's to assign: the same 404 as anywhere else.
		if (!result.ok && result.reason === 'foreign_place') error(404);
		if (!result.ok) return refuse(400, { code: 'team_place_role' });
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
		const form = await parseForm(request, ResetForm, passwordRefusal('too_short'));
		if (!form.ok) return fail(400, { reset: form.failure.data });
		const result = await resetPassword(db(), staff, colleague, form.data.password);
		if (!result.ok && result.reason === 'weak')
			return fail(400, { reset: { refusal: passwordRefusal(result.problem) } });
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
