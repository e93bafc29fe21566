import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/platform/app-db';
import { enableTotp, newTotpKey, pendingStep, STEP_PAGE, totpKeyText, totpKeyUri } from '$lib/server/auth/staff-auth';
import { setSessionCookie } from '$lib/server/http/cookies';
import { STAFF_SESSION } from '$lib/server/auth/session';
import { parseForm } from '$lib/server/http/form';
import { signingInStaffOf } from '../../guard';
import { deviceCookie, setDeviceCookie } from '../../device-cookie';
import { CALENDAR_PATH } from '$lib/views/staff';

/**
 * Setting up TOTP: for someone whose coordinator requires it, as their last sign-in step, or for anyone fully
 * signed in who wants it. Not before an earlier step (a password somebody else chose is changed first).
 */
function settingUp(locals: App.Locals) {
	const staff = signingInStaffOf(locals);
	if (staff.totpEnabled) redirect(303, CALENDAR_PATH);
	const step = pendingStep(staff);
	if (step !== null && step !== 'setup') redirect(303, STEP_PAGE[step]);
	return staff;
}

/**
 * The key is shown on this page only, until the person proves their app holds it; then it is stored
 * encrypted and never shown again (a lost phone means a coordinator resets it, not a "show key" button).
 */
export const load: PageServerLoad = ({ locals }) => {
	const staff = settingUp(locals);
	const key = newTotpKey();
	return { keyText: totpKeyText(key), uri: totpKeyUri(staff.username, key) };
};

const SetupForm = z.object({
	key: z.string().regex(/^[A-Z2-7]{32}$/),
	otp: z
		.string()
		.trim()
		.regex(/^\d{6}$/)
});

export const actions: Actions = {
	default: async ({ locals, request, cookies, url }) => {
		const staff = settingUp(locals);
		const form = await parseForm(request, SetupForm, { code: 'totp_format' });
		// The key shown stays on the page for another try (form.values.key); a throttled person starts afresh.
		if (!form.ok) return fail(400, { ...form.failure.data, key: form.failure.data.values.key ?? null });
		const result = await enableTotp(db(), staff, decodeBase32IgnorePadding(form.data.key), form.data.otp, {
			device: deviceCookie(cookies)
		});
		if (!result.ok) {
			const throttled = result.reason === 'throttled';
			return fail(throttled ? 429 : 400, {
				refusal: { code: throttled ? 'throttled' : 'totp_invalid' } as const,
				values: {},
				errors: [],
				key: throttled ? null : form.data.key
			});
		}
		setSessionCookie(cookies, STAFF_SESSION, result.token, url.protocol === 'https:');
		setDeviceCookie(cookies, result.device, url.protocol === 'https:');
		redirect(303, CALENDAR_PATH);
	}
};
