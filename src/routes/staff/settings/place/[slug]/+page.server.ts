import { error, fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/platform/app-db';
import { ownPlace, updatePlace } from '$lib/server/catalogue/settings';
import { parseForm } from '$lib/server/http/form';
import { coordinatorOf } from '../../../guard';

/** One of the coordinator's own places; another municipality's is a 404. */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const staff = coordinatorOf(locals);
	const place = await ownPlace(db(), staff.municipalitySlug, params.slug);
	if (!place) error(404);
	return { place, saved: url.searchParams.has('saved') };
};

/** An empty address or phone is "not given" (DOMAIN.md), never an empty string. */
const optional = z
	.string()
	.trim()
	.max(200)
	.transform((v) => (v === '' ? null : v));

const PlaceForm = z.object({
	name: z.string().trim().max(200),
	address: optional,
	phone: optional,
	outsideHoursByAgreement: z.literal('on').optional()
});

export const actions: Actions = {
	save: async ({ locals, params, request }) => {
		const staff = coordinatorOf(locals);
		const form = await parseForm(request, PlaceForm, { code: 'settings_invalid' });
		if (!form.ok) {
			// Another municipality's place is a 404 whatever the form says; updatePlace looks it up otherwise.
			if (!(await ownPlace(db(), staff.municipalitySlug, params.slug))) error(404);
			return form.failure;
		}
		const result = await updatePlace(db(), staff, params.slug, {
			...form.data,
			outsideHoursByAgreement: form.data.outsideHoursByAgreement === 'on'
		});
		if (!result.ok && result.reason === 'not_found') error(404);
		if (!result.ok)
			return fail(400, {
				refusal: { code: 'settings_invalid' } as const,
				problems: result.problems,
				values: form.values
			});
		redirect(303, `/staff/settings/place/${params.slug}?saved=1`);
	}
};
