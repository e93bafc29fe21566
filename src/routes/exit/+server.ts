import { redirect, type RequestHandler } from '@sveltejs/kit';
import { NEUTRAL_SITE } from '$lib/exit';
import { db } from '$lib/server/app-db';
import { CODE_SESSION, invalidateSession } from '$lib/server/session';

/** Quick exit: end the code session (if any) and leave for a neutral site, with or without JavaScript. */
const leave: RequestHandler = async ({ cookies }) => {
	const token = cookies.get(CODE_SESSION.cookie);
	if (token) {
		const id = token.split('.')[0];
		if (id) await invalidateSession(db(), CODE_SESSION, id).catch(() => {});
		cookies.delete(CODE_SESSION.cookie, { path: '/' });
	}
	redirect(303, NEUTRAL_SITE);
};

export const GET = leave;
export const POST = leave;
