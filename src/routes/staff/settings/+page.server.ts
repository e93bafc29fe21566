import { error, fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/platform/app-db';
import { settingsOverview, updateDelegation } from '$lib/server/catalogue/settings';
import { m } from '$lib/paraglide/messages';
import { coordinatorOf, formValues } from '../guard';

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
		const parsed = DelegationForm.safeParse(formValues(await request.formData()));
		if (!parsed.success) return fail(400, { message: m.staff_form_invalid() });
		const result = await updateDelegation(db(), { id: staff.id, municipalitySlug: staff.municipalitySlug }, parsed.data.offer, parsed.data.place, parsed.data.delegated === 'yes');
		if (!result.ok && result.reason === 'not_found') error(404);
		if (!result.ok) return fail(400, { message: result.messages.join(' ') });
		redirect(303, '/staff/settings');
	}
};
