import type { LayoutServerLoad } from './$types';
import { pendingStep } from '$lib/server/auth/staff-auth';
import { db } from '$lib/server/platform/app-db';
import { waitingThreadCount } from '$lib/server/booking/messages';

/**
 * Only what the navigation needs; pages load their own data under the same tenancy rules. The count of threads
 * waiting for an answer (issue 15) is the one way staff learn that somebody wrote.
 */
export const load: LayoutServerLoad = async ({ locals, depends }) => {
	depends('staff:messages');
	const s = locals.staff;
	const full = s ? pendingStep(s) === null : false;
	return {
		signedIn: s ? { displayName: s.displayName, role: s.role, municipalityName: s.municipalityName, full } : null,
		waitingThreads: s && full ? await waitingThreadCount(db(), s) : 0
	};
};
