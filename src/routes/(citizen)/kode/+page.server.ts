import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/platform/app-db';
import { findCode } from '$lib/server/booking/codes';
import {
	CODE_ENTRY_GLOBAL,
	CODE_ENTRY_PER_CLIENT,
	clientSubject,
	consume,
	hasToken,
	refund
} from '$lib/server/auth/rate-limit';
import { parseCode } from '$lib/domain/code';
import { startCodeSession } from '$lib/server/booking/citizen';

export const load: PageServerLoad = ({ url, locals }) => {
	return { loggedOut: url.searchParams.has('ud'), signedIn: locals.code !== null };
};

// Longer than any code with spaces and dashes, far shorter than a body meant to hurt.
const Entry = z.object({ code: z.string().trim().max(64).default('') });

export const actions: Actions = {
	default: async (event) => {
		const { request, getClientAddress } = event;
		const sql = db();
		// The client's address only keys an HMAC in rate-limit.ts (its key is not in the database); never stored or logged.
		const client = clientSubject(getClientAddress());
		// The shared budget is looked at first and only spent below on a code worth checking: when it is empty,
		// a request is refused before it writes anything, so many addresses cannot fill the table (finding 9).
		if (!(await hasToken(sql, CODE_ENTRY_GLOBAL, 'all')) || !(await consume(sql, CODE_ENTRY_PER_CLIENT, client))) {
			return fail(429, { error: 'slow_down' as const, value: '' });
		}
		const parsed = Entry.safeParse(Object.fromEntries(await request.formData()));
		if (!parsed.success) return fail(400, { error: 'malformed' as const, value: '' });
		const value = parsed.data.code;
		if (value === '') return fail(400, { error: 'empty' as const, value });
		// Malformed and mistyped codes are told so without argon2 work, and cost the shared budget nothing:
		// entries like these from many addresses cannot lock code entry for everyone (finding 4).
		const shape = parseCode(value);
		if (!shape.ok)
			return fail(400, { error: shape.reason === 'checksum' ? ('typo' as const) : ('malformed' as const), value });
		if (!(await consume(sql, CODE_ENTRY_GLOBAL, 'all'))) {
			// Emptied since the look above: the client's token goes back, and with it the row it may have made.
			await refund(sql, CODE_ENTRY_PER_CLIENT, client);
			return fail(429, { error: 'slow_down' as const, value });
		}

		const found = await findCode(sql, value);
		if (found.kind !== 'found') return fail(400, { error: found.kind, value });

		await startCodeSession(sql, event, found.code.id);
		redirect(303, '/mine-tider');
	}
};
