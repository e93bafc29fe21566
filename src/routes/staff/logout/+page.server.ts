import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/platform/app-db';
import { deleteSessionCookie } from '$lib/server/http/cookies';
import { STAFF_SESSION } from '$lib/server/auth/session';
import { signOut } from '$lib/server/auth/staff-auth';
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
		if (staff) await signOut(db(), staff);
		deleteSessionCookie(cookies, STAFF_SESSION);
		redirect(303, '/staff/login');
	}
};
