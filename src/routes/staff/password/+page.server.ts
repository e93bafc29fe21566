import { redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/platform/app-db';
import { setSessionCookie } from '$lib/server/http/cookies';
import { STAFF_SESSION } from '$lib/server/auth/session';
import { pendingStep, STEP_PAGE } from '$lib/server/auth/staff-auth';
import { changePassword } from '$lib/server/auth/staff-password';
import { parseForm, refuse } from '$lib/server/http/form';
import { signingInStaffOf } from '../guard';
import { passwordRefusal } from '../password-problem';
import { CALENDAR_PATH } from '$lib/views/staff';

/**
 * Every staff member changes their own password here (ASVS 5.0 6.2.2), and one whose password somebody else chose
 * is sent here before anything else (the 'password' step). Not before the second factor.
 */
function changing(locals: App.Locals) {
	const staff = signingInStaffOf(locals);
	const step = pendingStep(staff);
	if (step !== null && step !== 'password') redirect(303, STEP_PAGE[step]);
	return staff;
}

export const load: PageServerLoad = ({ locals, url }) => {
	const staff = changing(locals);
	return { forced: staff.mustChangePassword, changed: url.searchParams.has('changed') };
};

const PasswordForm = z.object({
	current: z.string().min(1).max(1000),
	next: z.string().min(1).max(1000),
	repeat: z.string().max(1000)
});

export const actions: Actions = {
	default: async ({ locals, request, cookies, url }) => {
		const staff = changing(locals);
		const form = await parseForm(request, PasswordForm, { code: 'password_missing' });
		if (!form.ok) return form.failure;
		if (form.data.next !== form.data.repeat) return refuse(400, { code: 'password_mismatch' });
		const result = await changePassword(db(), staff, { current: form.data.current, next: form.data.next });
		if (!result.ok) {
			if (result.reason === 'throttled') return refuse(429, { code: 'throttled' });
			if (result.reason === 'weak') return refuse(400, passwordRefusal(result.problem));
			return refuse(400, { code: result.reason === 'same' ? 'password_same' : 'password_wrong_current' });
		}
		// The old session is gone with the old password; this browser continues in a new one.
		setSessionCookie(cookies, STAFF_SESSION, result.token, url.protocol === 'https:');
		// After a forced change the gate sends on to a TOTP set-up the coordinator requires, if any.
		redirect(303, staff.mustChangePassword ? CALENDAR_PATH : '/staff/password?changed=1');
	}
};
