import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/platform/app-db';
import { audit } from '$lib/server/operations/audit';
import { deleteSessionCookie } from '$lib/server/http/cookies';
import { invalidateSession, STAFF_SESSION } from '$lib/server/auth/session';
import { signingInStaffOf } from '../guard';

/**
 * Signing out is a POST (a link could be triggered by a prefetch or another site); GET just offers the button.
 * Open part-way through signing in too: anyone may leave. The device cookie stays: it opens nothing.
 */
export const load: PageServerLoad = ({ locals }) => {
	signingInStaffOf(locals);
};

export const actions: Actions = {
	default: async ({ locals, cookies }) => {
		const staff = locals.staff;
		if (staff) {
			await invalidateSession(db(), STAFF_SESSION, staff.sessionId);
			await audit(db(), { staffId: staff.id, municipalitySlug: staff.municipalitySlug, action: 'logout' });
		}
		deleteSessionCookie(cookies, STAFF_SESSION);
		redirect(303, '/staff/login');
	}
};
