import type { Handle } from '@sveltejs/kit';
import { dev } from '$app/environment';

/**
 * Headers for every answer SvelteKit gives; the CSP itself comes from kit.csp in svelte.config.js, and
 * src/server.js puts the same headers on the files adapter-node serves before the hooks run.
 */
export const securityHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	// SvelteKit's plain error page (an endpoint's error(), e.g. /mine-tider/kalender.ics without a session) comes
	// without kit.csp; it has no script, so the strictest policy fits it (found by tests/e2e/headers.spec.ts).
	if (
		!response.headers.has('Content-Security-Policy') &&
		response.headers.get('Content-Type')?.startsWith('text/html')
	) {
		response.headers.set('Content-Security-Policy', STATIC_PAGE_CSP);
	}
	// no-referrer for everything the page does not override. src/app.html narrows the document's own policy to
	// same-origin: under no-referrer a browser sends `Origin: null` with a form POST and SvelteKit's CSRF check
	// refuses every form submitted without JavaScript. Other sites get no Referer either way.
	response.headers.set('Referrer-Policy', 'no-referrer');
	response.headers.set('X-Content-Type-Options', 'nosniff');
	response.headers.set('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), interest-cohort=()');
	response.headers.set('Cross-Origin-Opener-Policy', 'same-origin');
	if (!dev && event.url.protocol === 'https:') {
		response.headers.set('Strict-Transport-Security', 'max-age=63072000; includeSubDomains');
	}
	return response;
};

const STATIC_PAGE_CSP =
	"default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";
