import type { Handle } from '@sveltejs/kit';
import { db } from '../platform/app-db';
import { CODE_SESSION, validateCodeSession } from '../auth/session';
import { deleteSessionCookie } from './cookies';

/** A person who entered a code has a short session; only its id and the code's facts reach the routes. */
export const codeSession: Handle = async ({ event, resolve }) => {
	event.locals.code = null;
	const token = event.cookies.get(CODE_SESSION.cookie);
	if (token) {
		const validated = await validateCodeSession(db(), token);
		if (validated) {
			event.locals.code = validated.code;
			event.locals.codeSessionId = validated.session.id;
		} else {
			deleteSessionCookie(event.cookies, CODE_SESSION);
		}
	}
	const response = await resolve(event);
	// Pages that show a person's bookings must not be kept by the browser or a proxy (shared computers).
	if (event.locals.code) response.headers.set('Cache-Control', 'no-store');
	return response;
};
