import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/platform/app-db';
import { ownProviderHours, updateHours } from '$lib/server/catalogue/settings';
import { formValues } from '$lib/server/http/form';
import { coordinatorOf } from '../../../../guard';

/** The hours of one of the coordinator's own offers at one of its places; anyone else's is a 404. */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const staff = coordinatorOf(locals);
	const provider = await ownProviderHours(db(), staff.municipalitySlug, params.offer, params.place);
	if (!provider) error(404);
	return { provider, saved: url.searchParams.has('saved') };
};

/** Rows are `from_<weekday>_<n>` / `to_<weekday>_<n>`; a row with both empty is a closed span, not an error. */
function intervalsOf(data: FormData): { weekday: number; from: string; to: string }[] {
	const out = [];
	for (const [key, value] of data) {
		const match = /^from_([1-7])_(\d)$/.exec(key);
		if (!match) continue;
		const from = String(value).trim();
		const to = String(data.get(`to_${match[1]}_${match[2]}`) ?? '').trim();
		if (from === '' && to === '') continue;
		out.push({ weekday: Number(match[1]), from, to });
	}
	return out;
}

export const actions: Actions = {
	save: async ({ locals, params, request }) => {
		const staff = coordinatorOf(locals);
		const data = await request.formData();
		const values = formValues(data);
		const hours = data.get('notGiven') === 'on' ? null : intervalsOf(data);
		const result = await updateHours(db(), staff, params.offer, params.place, hours);
		if (!result.ok && result.reason === 'not_found') error(404);
		if (!result.ok)
			return fail(400, { refusal: { code: 'settings_invalid' } as const, problems: result.problems, values });
		redirect(303, `/staff/settings/hours/${params.offer}/${params.place}?saved=1`);
	}
};
