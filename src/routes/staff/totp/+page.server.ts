import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/platform/app-db';
import { pendingStep, STEP_PAGE, verifyTotp } from '$lib/server/auth/staff-auth';
import { setSessionCookie } from '$lib/server/http/cookies';
import { STAFF_SESSION } from '$lib/server/auth/session';
import { m } from '$lib/paraglide/messages';
import { signingInStaffOf } from '../guard';
import { deviceCookie, setDeviceCookie } from '../device-cookie';
import { CALENDAR_PATH } from '$lib/views/staff';

/** The second factor, for a session that has the password only. */
function awaitingCode(locals: App.Locals) {
	const staff = signingInStaffOf(locals);
	const step = pendingStep(staff);
	if (step !== 'verify') redirect(303, step ? STEP_PAGE[step] : CALENDAR_PATH);
	return staff;
}

export const load: PageServerLoad = ({ locals }) => {
	awaitingCode(locals);
};

const OtpForm = z.object({ otp: z.string().trim().regex(/^\d{6}$/) });

export const actions: Actions = {
	default: async ({ locals, request, cookies, url }) => {
		const staff = awaitingCode(locals);
		const parsed = OtpForm.safeParse(Object.fromEntries(await request.formData()));
		if (!parsed.success) return fail(400, { message: m.staff_totp_format() });
		// Throttled per trusted device or per account inside verifyTotp, before the key is even read.
		const result = await verifyTotp(db(), staff, parsed.data.otp, { device: deviceCookie(cookies) });
		if (!result.ok) {
			return fail(result.reason === 'throttled' ? 429 : 400, {
				message: result.reason === 'throttled' ? m.staff_login_throttled() : m.staff_totp_invalid()
			});
		}
		// A new session for the full sign-in; the half-signed-in one is gone (no session fixation).
		setSessionCookie(cookies, STAFF_SESSION, result.token, url.protocol === 'https:');
		setDeviceCookie(cookies, result.device, url.protocol === 'https:');
		redirect(303, staff.mustChangePassword ? '/staff/password' : CALENDAR_PATH);
	}
};
