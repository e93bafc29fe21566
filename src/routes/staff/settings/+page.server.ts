import type { PageServerLoad } from './$types';
import { db } from '$lib/server/platform/app-db';
import { settingsOverview } from '$lib/server/catalogue/settings';
import { coordinatorOf } from '../guard';

/** The coordinator's own municipality's places and offers; nobody else's. */
export const load: PageServerLoad = async ({ locals }) => {
	const staff = coordinatorOf(locals);
	return settingsOverview(db(), staff.municipalitySlug);
};
