import { redirect, type RequestHandler } from '@sveltejs/kit';
import { z } from 'zod';

const Query = z.object({
	til: z.enum(['da', 'en']),
	// Only a path on this site: never an open redirect.
	tilbage: z.string().regex(/^\/(?!\/)[^\s]*$/).max(2000).catch('/')
});

/** The language switch, as a link that works without JavaScript: remember the choice, go back. */
export const GET: RequestHandler = ({ url, cookies }) => {
	const parsed = Query.safeParse(Object.fromEntries(url.searchParams));
	if (!parsed.success) redirect(303, '/');
	cookies.set('PARAGLIDE_LOCALE', parsed.data.til, {
		path: '/',
		maxAge: 60 * 60 * 24 * 365,
		httpOnly: false,
		sameSite: 'lax',
		secure: url.protocol === 'https:'
	});
	redirect(303, parsed.data.tilbage);
};
