import type { PageServerLoad } from './$types';
import { db } from '$lib/server/platform/app-db';
import { guaranteeList } from '$lib/server/operations/guarantee-list';
import { coordinatorOf } from '../guard';

/** SUL §141 stk. 2: the coordinator's list of codes whose first session is not booked within 14 days. */
export const load: PageServerLoad = async ({ locals }) => {
	const staff = coordinatorOf(locals);
	return { list: await guaranteeList(db(), staff.municipalitySlug) };
};
