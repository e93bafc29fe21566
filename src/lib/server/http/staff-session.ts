import type { Handle } from '@sveltejs/kit';
import { db } from '../platform/app-db';
import { STAFF_SESSION } from '../auth/session';
import { staffGate, staffRouteOf, validateStaffSession } from '../auth/staff-auth';
import { deleteSessionCookie } from './cookies';

/** Staff pages need a signed-in staff member (and their second factor); staff answers are never cached. */
export const staffSession: Handle = async ({ event, resolve }) => {
	event.locals.staff = null;
	const token = event.cookies.get(STAFF_SESSION.cookie);
	if (token) {
		event.locals.staff = await validateStaffSession(db(), token);
		if (!event.locals.staff) deleteSessionCookie(event.cookies, STAFF_SESSION);
	}
	// By the route SvelteKit matched (it routes on the decoded path), never the raw path: `/%73taff/…` is /staff/….
	const redirectTo = staffGate(event.route.id, event.url.pathname, event.locals.staff);
	if (redirectTo)
		return new Response(null, { status: 303, headers: { location: redirectTo, 'cache-control': 'no-store' } });
	const response = await resolve(event);
	if (event.locals.staff || staffRouteOf(event.route.id, event.url.pathname))
		response.headers.set('Cache-Control', 'no-store');
	return response;
};
