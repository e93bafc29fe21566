import { redirect, type RequestHandler } from '@sveltejs/kit';
import { z } from 'zod';
import { sameOriginPath } from './return-path';

const Query = z.object({
	til: z.enum(['da', 'en']),
	tilbage: z.string().optional()
});

/**
 * The language switch, as a link that works without JavaScript: remember the choice, go back to the page it was
 * asked from. Whatever `tilbage` holds, the answer is a redirect to a page of this site (the front page when in
 * doubt): never another site, never a 500, and nothing from the request in the log.
 */
export const GET: RequestHandler = ({ url, cookies }) => {
	const parsed = Query.safeParse(Object.fromEntries(url.searchParams));
	if (!parsed.success) redirect(303, '/');
	// A session cookie (no Max-Age): a year-long language choice would tell the next person at a shared or
	// borrowed computer that this portal was used. Danish, the default, comes back with a new browser session.
	cookies.set('PARAGLIDE_LOCALE', parsed.data.til, {
		path: '/',
		httpOnly: false,
		sameSite: 'lax',
		secure: url.protocol === 'https:'
	});
	redirect(303, sameOriginPath(parsed.data.tilbage ?? '/', url.origin) ?? '/');
};
