import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/platform/app-db';
import { setSessionCookie } from '$lib/server/http/cookies';
import { STAFF_SESSION } from '$lib/server/auth/session';
import { pendingStep, STEP_PAGE } from '$lib/server/auth/staff-auth';
import { changePassword } from '$lib/server/auth/staff-password';
import { m } from '$lib/paraglide/messages';
import { signingInStaffOf } from '../guard';
import { passwordProblemMessage } from '../password-problem';
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
		const parsed = PasswordForm.safeParse(Object.fromEntries(await request.formData()));
		if (!parsed.success) return fail(400, { message: m.staff_password_missing() });
		if (parsed.data.next !== parsed.data.repeat) return fail(400, { message: m.staff_password_mismatch() });
		const result = await changePassword(db(), staff, { current: parsed.data.current, next: parsed.data.next });
		if (!result.ok) {
			if (result.reason === 'throttled') return fail(429, { message: m.staff_login_throttled() });
			if (result.reason === 'weak') return fail(400, { message: passwordProblemMessage(result.problem) });
			return fail(400, { message: result.reason === 'same' ? m.staff_password_same() : m.staff_password_wrong_current() });
		}
		// The old session is gone with the old password; this browser continues in a new one.
		setSessionCookie(cookies, STAFF_SESSION, result.token, url.protocol === 'https:');
		// After a forced change the gate sends on to a TOTP set-up the coordinator requires, if any.
		redirect(303, staff.mustChangePassword ? CALENDAR_PATH : '/staff/password?changed=1');
	}
};
