import { m } from '$lib/paraglide/messages';

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
