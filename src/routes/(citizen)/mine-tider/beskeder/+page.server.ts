import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/platform/app-db';
import { threadForPerson, writeAsPerson } from '$lib/server/booking/messages';
import { MESSAGE_MAX_LENGTH } from '$lib/domain/message';

/** The code's thread with its centre (issue 15); the layout has already required a code session. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const messages = await threadForPerson(db(), locals.code!.id);
	return { messages, max: MESSAGE_MAX_LENGTH, sent: url.searchParams.get('besked') === 'sendt' };
};

// The length is checked again after clean-up (plainMessageText) and by the database; this refuses a huge post early.
const Message = z.object({ text: z.string().max(MESSAGE_MAX_LENGTH * 2) });

export const actions: Actions = {
	write: async ({ locals, request }) => {
		if (!locals.code) return fail(401, { sessionGone: true as const });
		const parsed = Message.safeParse(Object.fromEntries(await request.formData()));
		if (!parsed.success) return fail(400, { reason: 'too_long' as const, draft: '' });
		const result = await writeAsPerson(db(), locals.code.id, parsed.data.text);
		// The draft goes back to the page that shows it, never to a log.
		if (!result.ok)
			return fail(result.reason === 'slow_down' ? 429 : 400, {
				reason: result.reason,
				draft: parsed.data.text.slice(0, MESSAGE_MAX_LENGTH)
			});
		redirect(303, '/mine-tider/beskeder?besked=sendt');
	}
};
