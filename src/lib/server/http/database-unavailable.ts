import type { Handle } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { isDatabaseUnavailable } from '../platform/db';

/**
 * The database is down or restarting: a calm 503 with Retry-After, never a 500. A handle (or a hook) that met the
 * outage throws; a page whose load met it was rendered as SvelteKit's error page after handleError marked it.
 */
export const databaseUnavailable: Handle = async ({ event, resolve }) => {
	try {
		const response = await resolve(event);
		if (!event.locals.databaseUnavailable || response.status !== 500) return response;
		const calm = new Response(response.body, { status: 503, headers: response.headers });
		calm.headers.set('Retry-After', '30');
		return calm;
	} catch (e) {
		if (!isDatabaseUnavailable(e)) throw e;
		return unavailablePage(event.locals.locale ?? 'da');
	}
};

/**
 * The calm page for when the database is down or restarting. Plain HTML with no script and no outside
 * resource, because nothing else of the app may work at that moment.
 */
export function unavailablePage(locale: 'da' | 'en'): Response {
	const title = m.db_down_title({}, { locale });
	const text = m.db_down_text({}, { locale });
	const html = `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title></head><body style="font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.5"><h1>${title}</h1><p>${text}</p></body></html>`;
	return new Response(html, {
		status: 503,
		headers: { 'content-type': 'text/html; charset=utf-8', 'retry-after': '30', 'cache-control': 'no-store' }
	});
}
