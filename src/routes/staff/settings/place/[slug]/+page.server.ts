import { error, fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/platform/app-db';
import { ownPlace, updatePlace } from '$lib/server/catalogue/settings';
import { m } from '$lib/paraglide/messages';
import { coordinatorOf, formValues } from '../../../guard';

/** One of the coordinator's own places; another municipality's is a 404. */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const staff = coordinatorOf(locals);
	const place = await ownPlace(db(), staff.municipalitySlug, params.slug);
	if (!place) error(404);
	return { place, saved: url.searchParams.has('saved') };
};

/** An empty address or phone is "not given" (DOMAIN.md), never an empty string. */
const optional = z.string().trim().max(200).transform((v) => (v === '' ? null : v));

const PlaceForm = z.object({
	name: z.string().trim().max(200),
	address: optional,
	phone: optional,
	outsideHoursByAgreement: z.literal('on').optional()
});

export const actions: Actions = {
	save: async ({ locals, params, request }) => {
		const staff = coordinatorOf(locals);
		if (!(await ownPlace(db(), staff.municipalitySlug, params.slug))) error(404);
		const data = await request.formData();
		const values = formValues(data);
		const parsed = PlaceForm.safeParse(Object.fromEntries(data));
		if (!parsed.success) return fail(400, { message: m.settings_invalid(), rules: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`), values });
		const result = await updatePlace(db(), staff, params.slug, { ...parsed.data, outsideHoursByAgreement: parsed.data.outsideHoursByAgreement === 'on' });
		if (!result.ok && result.reason === 'not_found') error(404);
		if (!result.ok) return fail(400, { message: m.settings_invalid(), rules: [...result.rules, ...result.messages], values });
		redirect(303, `/staff/settings/place/${params.slug}?saved=1`);
	}
};
