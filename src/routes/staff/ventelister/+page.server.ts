import type { PageServerLoad } from './$types';
import { db } from '$lib/server/platform/app-db';
import { timeLinesFor } from '$lib/server/booking/waitlist';
import { staffOf } from '../guard';

/**
 * The waiting lines for individual times per offer and place, by alias (issue 15, part 2). A group's line is on its
 * group page (/staff/group/[id]).
 */
export const load: PageServerLoad = async ({ locals }) => {
	return { lines: await timeLinesFor(db(), staffOf(locals)) };
};
