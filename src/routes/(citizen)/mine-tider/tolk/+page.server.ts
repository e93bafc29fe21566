import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/platform/app-db';
import { setInterpreter } from '$lib/server/booking/bookings';
import {
	INTERPRETER_CHOICES,
	INTERPRETER_NOTICE_WORKING_DAYS_DEFAULT,
	interpreterAskedInTime,
	lastDayToAskForInterpreter
} from '$lib/domain/interpreter';
import { wallTimeToInstant } from '$lib/domain/hours';

/**
 * An interpreter for an upcoming time (issue 15, part 4): the language only, and by when the centre needs to know
 * (the municipality's setting, or the declared default of 3 working days).
 */
export const load: PageServerLoad = async ({ parent, url }) => {
	const { bookings, municipality } = await parent();
	const now = new Date();
	const days = municipality.interpreterNoticeWorkingDays ?? INTERPRETER_NOTICE_WORKING_DAYS_DEFAULT;
	const upcoming = bookings
		.filter((b) => b.status === 'booked' && b.startsAt > now)
		.map((b) => ({
			...b,
			lastDay: wallTimeToInstant(lastDayToAskForInterpreter(b.startsAt, days), '12:00'),
			inTime: interpreterAskedInTime(now, b.startsAt, days)
		}));
	return { upcoming, days, choices: INTERPRETER_CHOICES, saved: url.searchParams.get('besked') === 'gemt' };
};

const Choice = z.object({ booking: z.uuid(), language: z.enum(INTERPRETER_CHOICES).or(z.literal('')) });

export const actions: Actions = {
	default: async ({ locals, request }) => {
		if (!locals.code) return fail(401, { failed: true as const });
		const parsed = Choice.safeParse(Object.fromEntries(await request.formData()));
		if (!parsed.success) return fail(400, { failed: true as const });
		const result = await setInterpreter(
			db(),
			locals.code.id,
			parsed.data.booking,
			parsed.data.language === '' ? null : parsed.data.language
		);
		if (!result.ok) return fail(409, { failed: true as const });
		redirect(303, '/mine-tider/tolk?besked=gemt');
	}
};
