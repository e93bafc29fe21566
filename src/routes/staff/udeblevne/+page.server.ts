import type { PageServerLoad } from './$types';
import { db } from '$lib/server/platform/app-db';
import { NO_SHOW_DAYS, recentNoShows } from '$lib/server/staff/no-shows';
import { staffOf } from '../guard';

/** No-shows of the last days per offer, to follow up (issue 13, item 8). */
export const load: PageServerLoad = async ({ locals }) => {
	return { offers: await recentNoShows(db(), staffOf(locals)), days: NO_SHOW_DAYS };
};
