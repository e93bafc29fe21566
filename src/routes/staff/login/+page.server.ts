import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/platform/app-db';
import { consume, STAFF_LOGIN_PER_CLIENT } from '$lib/server/auth/rate-limit';
import { logIn } from '$lib/server/auth/staff-auth';
import { setSessionCookie } from '$lib/server/http/cookies';
import { STAFF_SESSION } from '$lib/server/auth/session';
import { m } from '$lib/paraglide/messages';
import { deviceCookie, setDeviceCookie } from '../device-cookie';
import { CALENDAR_PATH } from '$lib/views/staff';

/** Signed in already (fully or part-way): the gate sends the person on to their next step from the calendar. */
export const load: PageServerLoad = ({ locals }) => {
	if (locals.staff) redirect(303, CALENDAR_PATH);
};

const LoginForm = z.object({
	username: z.string().trim().min(1).max(100),
	password: z.string().min(1).max(1000)
});

export const actions: Actions = {
	default: async ({ request, cookies, getClientAddress, url }) => {
		// The client's address is only ever an HMAC input inside the rate limiter (auth/rate-limit.ts), never stored.
		if (!(await consume(db(), STAFF_LOGIN_PER_CLIENT, getClientAddress()))) {
			return fail(429, { message: m.staff_login_throttled(), values: { username: '' } });
		}
		const data = await request.formData();
		const values = { username: String(data.get('username') ?? '') };
		const parsed = LoginForm.safeParse(Object.fromEntries(data));
		if (!parsed.success) return fail(400, { message: m.staff_login_missing(), values });

		const result = await logIn(db(), { ...parsed.data, client: getClientAddress(), device: deviceCookie(cookies) });
		if (!result.ok) {
			return fail(result.reason === 'throttled' ? 429 : 400, {
				message: result.reason === 'throttled' ? m.staff_login_throttled() : m.staff_login_invalid(),
				values
			});
		}
		setSessionCookie(cookies, STAFF_SESSION, result.token, url.protocol === 'https:');
		if (result.device) setDeviceCookie(cookies, result.device, url.protocol === 'https:');
		const s = result.staff;
		redirect(303, s.totpEnabled ? '/staff/totp' : s.mustChangePassword ? '/staff/password' : s.totpRequired ? '/staff/totp/setup' : CALENDAR_PATH);
	}
};
