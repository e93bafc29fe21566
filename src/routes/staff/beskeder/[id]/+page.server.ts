import { error, fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/platform/app-db';
import { mayOpenThread, threadForStaff, writeAsStaff } from '$lib/server/booking/messages';
import { MESSAGE_MAX_LENGTH } from '$lib/domain/message';
import { staffOf } from '../../guard';

/** One code's thread, by alias; another municipality's code (or a partner's other people) is a 404. */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const thread = await threadForStaff(db(), staffOf(locals), params.id);
	if (!thread) error(404);
	return { thread, max: MESSAGE_MAX_LENGTH, sent: url.searchParams.has('sendt') };
};

const Message = z.object({ text: z.string().max(MESSAGE_MAX_LENGTH * 2) });

export const actions: Actions = {
	default: async ({ locals, params, request }) => {
		const staff = staffOf(locals);
		// Look up first: another municipality's code is a 404 whatever the form says.
		if (!(await mayOpenThread(db(), staff, params.id))) error(404);
		const parsed = Message.safeParse(Object.fromEntries(await request.formData()));
		if (!parsed.success) return fail(400, { reason: 'too_long' as const, draft: '' });
		const result = await writeAsStaff(db(), staff, params.id, parsed.data.text);
		if (!result.ok) {
			if (result.reason === 'not_found') error(404);
			return fail(400, { reason: result.reason, draft: parsed.data.text.slice(0, MESSAGE_MAX_LENGTH) });
		}
		redirect(303, `/staff/beskeder/${params.id}?sendt`);
	}
};
