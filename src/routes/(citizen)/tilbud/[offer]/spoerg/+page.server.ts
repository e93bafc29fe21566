import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/platform/app-db';
import { offerContext, startCodeSession } from '$lib/server/booking/citizen';
import { askWithNewCode } from '$lib/server/booking/messages';
import { MESSAGE_MAX_LENGTH, plainMessageText } from '$lib/domain/message';
import { UNBOOKED_CODE_GRACE_DAYS } from '$lib/server/operations/purge.js';
import {
	clientSubject,
	consumeAll,
	FIRST_BOOKING_PER_CLIENT,
	FIRST_BOOKING_PER_CLIENT_OFFER,
	type Bucket
} from '$lib/server/auth/rate-limit';
import { ageBandFrom } from '../flow';

/**
 * SEL §101a stk. 3: a person may contact the municipality anonymously via its website. Here that is a question
 * before any booking: a fresh code is issued for it, and the answer is read in the code's thread (issue 15).
 */
export const load: PageServerLoad = () => ({ max: MESSAGE_MAX_LENGTH, keptDays: UNBOOKED_CODE_GRACE_DAYS });

const Question = z.object({ text: z.string().max(MESSAGE_MAX_LENGTH * 2) });

export const actions: Actions = {
	default: async (event) => {
		const { params, url, request } = event;
		const sql = db();
		const context = await offerContext(sql, params.offer);
		if (!context) return fail(404, { reason: 'not_found' as const, draft: '' });
		const parsed = Question.safeParse(Object.fromEntries(await request.formData()));
		if (!parsed.success) return fail(400, { reason: 'too_long' as const, draft: '' });
		const draft = parsed.data.text.slice(0, MESSAGE_MAX_LENGTH);
		const text = plainMessageText(parsed.data.text);
		if (text.length === 0) return fail(400, { reason: 'empty' as const, draft });
		if (text.length > MESSAGE_MAX_LENGTH) return fail(400, { reason: 'too_long' as const, draft });

		// A question makes a new code, as a first booking does: the same limits (issue 9, finding 3).
		const client = clientSubject(event.getClientAddress());
		const limits: [Bucket, string][] = [
			[FIRST_BOOKING_PER_CLIENT, client],
			[FIRST_BOOKING_PER_CLIENT_OFFER, `${client}\u0000${context.offer.slug}`]
		];
		if (!(await consumeAll(sql, limits))) return fail(429, { reason: 'slow_down' as const, draft });

		const asked = await askWithNewCode(
			sql,
			{ offerSlug: context.offer.slug, ageBand: ageBandFrom(url, context.offer) },
			parsed.data.text
		);
		if (!asked.ok) return fail(400, { reason: asked.reason, draft });
		await startCodeSession(sql, event, asked.codeId);
		return { issued: { code: asked.display } };
	}
};
