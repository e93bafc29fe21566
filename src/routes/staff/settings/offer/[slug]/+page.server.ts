import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import type { Offer, Phase } from '$lib/domain/model';
import { db } from '$lib/server/platform/app-db';
import { ownOffer, updateOffer } from '$lib/server/catalogue/settings';
import { formValues } from '$lib/server/http/form';
import { coordinatorOf } from '../../../guard';

/** One of the coordinator's own offers; another municipality's is a 404. */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const staff = coordinatorOf(locals);
	const offer = await ownOffer(db(), staff.municipalitySlug, params.slug);
	if (!offer) error(404);
	return { offer, saved: url.searchParams.has('saved') };
};

/** A number field as typed; anything not a whole number is left for the offer schema to refuse by name. */
const whole = (value: FormDataEntryValue | null): number =>
	value === null || String(value).trim() === '' ? NaN : Number(value);

export const actions: Actions = {
	save: async ({ locals, params, request }) => {
		const staff = coordinatorOf(locals);
		const data = await request.formData();
		// Only the numbers change; the phases themselves, their order and decisions stay as configured.
		const phasesFromForm = (offer: Offer) =>
			offer.phases.map((phase): Phase => {
				const max = String(data.get(`max_${phase.kind}`) ?? '').trim();
				const minutes = whole(data.get(`minutes_${phase.kind}`));
				const format =
					phase.format.kind === 'group'
						? { ...phase.format, minutes, seats: whole(data.get(`seats_${phase.kind}`)) }
						: { ...phase.format, minutes };
				return { ...phase, max: max === '' ? null : Number(max), format };
			});
		const result = await updateOffer(db(), staff, params.slug, (offer) => ({
			phases: phasesFromForm(offer),
			guarantee14Days: data.get('guarantee14Days') === 'on'
		}));
		if (!result.ok && result.reason === 'not_found') error(404);
		if (!result.ok)
			return fail(400, {
				refusal: { code: 'settings_invalid' } as const,
				problems: result.problems,
				values: formValues(data)
			});
		redirect(303, `/staff/settings/offer/${params.slug}?saved=1`);
	}
};
