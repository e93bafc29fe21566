import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/app-db';
import { consume } from '$lib/server/rate-limit';
import { enableTotp, newTotpKey, STAFF_TOTP_PER_ACCOUNT, totpKeyText, totpKeyUri } from '$lib/server/staff-auth';
import { m } from '$lib/paraglide/messages';
import { staffOf } from '../../guard';

/**
 * The key is shown on this page only, until the person proves their app holds it; then it is stored
 * encrypted and never shown again (a lost phone means a coordinator resets it, not a "show key" button).
 */
export const load: PageServerLoad = ({ locals }) => {
	const staff = staffOf(locals);
	if (staff.totpEnabled) redirect(303, '/staff/calendar');
	const key = newTotpKey();
	return { keyText: totpKeyText(key), uri: totpKeyUri(staff.username, key) };
};

const SetupForm = z.object({
	key: z.string().regex(/^[A-Z2-7]{32}$/),
	otp: z.string().trim().regex(/^\d{6}$/)
});

export const actions: Actions = {
	default: async ({ locals, request }) => {
		const staff = staffOf(locals);
		if (staff.totpEnabled) redirect(303, '/staff/calendar');
		if (!(await consume(db(), STAFF_TOTP_PER_ACCOUNT, staff.id))) return fail(429, { message: m.staff_login_throttled(), key: null });
		const data = Object.fromEntries(await request.formData());
		const parsed = SetupForm.safeParse(data);
		const key = typeof data.key === 'string' ? data.key : null;
		if (!parsed.success) return fail(400, { message: m.staff_totp_format(), key });
		if (!(await enableTotp(db(), staff, decodeBase32IgnorePadding(parsed.data.key), parsed.data.otp))) {
			return fail(400, { message: m.staff_totp_invalid(), key });
		}
		redirect(303, '/staff/calendar');
	}
};
