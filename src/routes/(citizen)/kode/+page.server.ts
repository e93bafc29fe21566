import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/app-db';
import { findCode } from '$lib/server/codes';
import { CODE_ENTRY_GLOBAL, CODE_ENTRY_PER_CLIENT, consume } from '$lib/server/rate-limit';
import { startCodeSession } from '$lib/server/citizen';

export const load: PageServerLoad = ({ url, locals }) => {
	return { loggedOut: url.searchParams.has('ud'), signedIn: locals.code !== null };
};

// Longer than any code with spaces and dashes, far shorter than a body meant to hurt.
const Entry = z.object({ code: z.string().trim().max(64).default('') });

export const actions: Actions = {
	default: async (event) => {
		const { request, getClientAddress } = event;
		const sql = db();
		// The client's address only keys a peppered hash in rate-limit.ts; it is never stored or logged.
		if (!(await consume(sql, CODE_ENTRY_PER_CLIENT, getClientAddress())) || !(await consume(sql, CODE_ENTRY_GLOBAL, 'all'))) {
			return fail(429, { error: 'slow_down' as const, value: '' });
		}
		const parsed = Entry.safeParse(Object.fromEntries(await request.formData()));
		if (!parsed.success) return fail(400, { error: 'malformed' as const, value: '' });
		const value = parsed.data.code;
		if (value === '') return fail(400, { error: 'empty' as const, value });

		const found = await findCode(sql, value);
		if (found.kind !== 'found') return fail(400, { error: found.kind, value });

		await startCodeSession(sql, event, found.code.id);
		redirect(303, '/mine-tider');
	}
};
