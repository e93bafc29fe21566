import type { LayoutServerLoad } from './$types';
import { pendingStep } from '$lib/server/auth/staff-auth';

/** Only what the navigation needs; pages load their own data under the same tenancy rules. */
export const load: LayoutServerLoad = ({ locals }) => {
	const s = locals.staff;
	return {
		signedIn: s ? { displayName: s.displayName, role: s.role, municipalityName: s.municipalityName, full: pendingStep(s) === null } : null
	};
};
