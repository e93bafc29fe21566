import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/app-db';
import { secondFactorStep, verifyTotp } from '$lib/server/staff-auth';
import { m } from '$lib/paraglide/messages';
import { staffOf } from '../guard';

export const load: PageServerLoad = ({ locals }) => {
	const staff = staffOf(locals);
	const step = secondFactorStep(staff);
	if (step === 'setup') redirect(303, '/staff/totp/setup');
	if (step === null) redirect(303, '/staff/calendar');
};

const OtpForm = z.object({ otp: z.string().trim().regex(/^\d{6}$/) });

export const actions: Actions = {
	default: async ({ locals, request }) => {
		const staff = staffOf(locals);
		const parsed = OtpForm.safeParse(Object.fromEntries(await request.formData()));
		if (!parsed.success) return fail(400, { message: m.staff_totp_format() });
		// Throttled per account inside verifyTotp, before the key is even read.
		const result = await verifyTotp(db(), staff, parsed.data.otp);
		if (!result.ok) {
			return fail(result.reason === 'throttled' ? 429 : 400, {
				message: result.reason === 'throttled' ? m.staff_login_throttled() : m.staff_totp_invalid()
			});
		}
		redirect(303, '/staff/calendar');
	}
};
