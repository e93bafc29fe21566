import type { PageServerLoad } from './$types';
import { db } from '$lib/server/platform/app-db';
import { guaranteeList } from '$lib/server/operations/guarantee-list';
import { noTimeWithinGuarantee } from '$lib/server/operations/guarantee-no-time';
import { coordinatorOf } from '../guard';

/**
 * SUL §141 stk. 2: the coordinator's list of codes whose first session is not booked within 14 days, and how many
 * people a day looked for a first time and found none within 14 days (issue 11, item 7).
 */
export const load: PageServerLoad = async ({ locals }) => {
	const staff = coordinatorOf(locals);
	return {
		list: await guaranteeList(db(), staff.municipalitySlug),
		noTime: await noTimeWithinGuarantee(db(), staff.municipalitySlug)
	};
};
