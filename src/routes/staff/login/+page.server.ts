import { redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/platform/app-db';
import { consume, STAFF_LOGIN_PER_CLIENT } from '$lib/server/auth/rate-limit';
import { logIn } from '$lib/server/auth/staff-auth';
import { setSessionCookie } from '$lib/server/http/cookies';
import { STAFF_SESSION } from '$lib/server/auth/session';
import { parseForm, refuse } from '$lib/server/http/form';
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
			return refuse(429, { code: 'throttled' }, { username: '' });
		}
		const form = await parseForm(request, LoginForm, { code: 'login_missing' });
		if (!form.ok) return form.failure;

		const result = await logIn(db(), { ...form.data, client: getClientAddress(), device: deviceCookie(cookies) });
		if (!result.ok) {
			return result.reason === 'throttled'
				? refuse(429, { code: 'throttled' }, form.values)
				: refuse(400, { code: 'login_invalid' }, form.values);
		}
		setSessionCookie(cookies, STAFF_SESSION, result.token, url.protocol === 'https:');
		if (result.device) setDeviceCookie(cookies, result.device, url.protocol === 'https:');
		const s = result.staff;
		redirect(
			303,
			s.totpEnabled
				? '/staff/totp'
				: s.mustChangePassword
					? '/staff/password'
					: s.totpRequired
						? '/staff/totp/setup'
						: CALENDAR_PATH
		);
	}
};
