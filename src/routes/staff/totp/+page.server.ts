import { redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/platform/app-db';
import { pendingStep, STEP_PAGE, verifyTotp } from '$lib/server/auth/staff-auth';
import { setSessionCookie } from '$lib/server/http/cookies';
import { STAFF_SESSION } from '$lib/server/auth/session';
import { parseForm, refuse } from '$lib/server/http/form';
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

const OtpForm = z.object({
	otp: z
		.string()
		.trim()
		.regex(/^\d{6}$/)
});

export const actions: Actions = {
	default: async ({ locals, request, cookies, url }) => {
		const staff = awaitingCode(locals);
		const form = await parseForm(request, OtpForm, { code: 'totp_format' });
		if (!form.ok) return form.failure;
		// Throttled per trusted device or per account inside verifyTotp, before the key is even read.
		const result = await verifyTotp(db(), staff, form.data.otp, { device: deviceCookie(cookies) });
		if (!result.ok)
			return result.reason === 'throttled' ? refuse(429, { code: 'throttled' }) : refuse(400, { code: 'totp_invalid' });
		// A new session for the full sign-in; the half-signed-in one is gone (no session fixation).
		setSessionCookie(cookies, STAFF_SESSION, result.token, url.protocol === 'https:');
		setDeviceCookie(cookies, result.device, url.protocol === 'https:');
		redirect(303, staff.mustChangePassword ? '/staff/password' : CALENDAR_PATH);
	}
};
