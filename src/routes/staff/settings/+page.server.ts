import { error, fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/platform/app-db';
import { settingsOverview, updateDelegation } from '$lib/server/catalogue/settings';
import { parseForm } from '$lib/server/http/form';
import { coordinatorOf } from '../guard';

/** The coordinator's own municipality's places and offers; nobody else's. */
export const load: PageServerLoad = async ({ locals }) => {
	const staff = coordinatorOf(locals);
	return settingsOverview(db(), staff.municipalitySlug);
};

const DelegationForm = z.object({
	offer: z.string().max(100),
	place: z.string().max(100),
	delegated: z.enum(['yes', 'no'])
});

export const actions: Actions = {
	/** SEL §101a stk. 5: whether a provider of a §101a offer makes the decision (off unless set here). */
	delegation: async ({ locals, request }) => {
		const staff = coordinatorOf(locals);
		const form = await parseForm(request, DelegationForm);
		if (!form.ok) return form.failure;
		const { offer, place, delegated } = form.data;
		const result = await updateDelegation(
			db(),
			{ id: staff.id, municipalitySlug: staff.municipalitySlug },
			offer,
			place,
			delegated === 'yes'
		);
		if (!result.ok && result.reason === 'not_found') error(404);
		if (!result.ok)
			return fail(400, {
				refusal: { code: 'settings_invalid' } as const,
				problems: result.problems,
				values: form.values
			});
		redirect(303, '/staff/settings');
	}
};
