import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import zlib, { brotliCompressSync, gzipSync } from 'node:zlib';
import { dev } from '$app/environment';
import { paraglideMiddleware } from '$lib/paraglide/server';
import { loadEnv } from '$lib/server/platform/env.js';
import { db, closeDb, migrateAsOwner, warnAboutPowerfulRole } from '$lib/server/platform/app-db';
import { isDatabaseUnavailable } from '$lib/server/platform/db';
import { withoutQuotedText } from '$lib/server/platform/log-text';
import { unavailablePage } from '$lib/server/http/unavailable';
import { loadConfig } from '$lib/server/catalogue/config';
import { seedConfiguration, seedDemoSlots } from '$lib/server/catalogue/seed';
import { CODE_SESSION, STAFF_SESSION, validateCodeSession } from '$lib/server/auth/session';
import { deleteSessionCookie } from '$lib/server/http/cookies';
import { staffGate, staffRouteOf, validateStaffSession } from '$lib/server/auth/staff-auth';
import { printDemoStaff, seedDemoStaff } from '$lib/server/staff/demo-staff';
import { startDailyPurge } from '$lib/server/platform/daily-purge';
import { loadRateLimitSecret } from '$lib/server/auth/rate-limit';

/**
 * Check the environment (a bad variable stops the start, named), migrate (as the owner), load and check the
 * configuration (a law violation stops start-up), seed (as the app).
 */
export const init: ServerInit = async () => {
	const env = loadEnv({ serve: true });
	// A missing or unreadable rate-limit key file stops the start rather than the first code entry.
	loadRateLimitSecret();
	await migrateAsOwner();
	const sql = db();
	await warnAboutPowerfulRole(sql);
	const { configs, warnings } = loadConfig();
	for (const w of warnings) console.warn(`Configuration: ${w}`);
	await seedConfiguration(sql, configs);
	if (!env.production || env.SEED_DEMO === '1') await seedDemoSlots(sql, configs);
	// Demo accounts have a published password: never on a production start, whatever SEED_DEMO says.
	if (!env.production) printDemoStaff(await seedDemoStaff(sql));
	const stopPurge = startDailyPurge(sql);
	process.once('sveltekit:shutdown', () => {
		stopPurge();
		void closeDb();
	});
};

const i18n: Handle = ({ event, resolve }) =>
	paraglideMiddleware(event.request, ({ request, locale }) => {
		event.request = request;
		event.locals.locale = locale;
		return resolve(event, { transformPageChunk: ({ html }) => html.replace('%lang%', locale) });
	});

/** A person who entered a code has a short session; only its id and the code's facts reach the routes. */
const codeSession: Handle = async ({ event, resolve }) => {
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

/** Staff pages need a signed-in staff member (and their second factor); staff answers are never cached. */
const staff: Handle = async ({ event, resolve }) => {
	event.locals.staff = null;
	const token = event.cookies.get(STAFF_SESSION.cookie);
	if (token) {
		event.locals.staff = await validateStaffSession(db(), token);
		if (!event.locals.staff) deleteSessionCookie(event.cookies, STAFF_SESSION);
	}
	// By the route SvelteKit matched (it routes on the decoded path), never the raw path: `/%73taff/…` is /staff/….
	const redirectTo = staffGate(event.route.id, event.url.pathname, event.locals.staff);
	if (redirectTo) return new Response(null, { status: 303, headers: { location: redirectTo, 'cache-control': 'no-store' } });
	const response = await resolve(event);
	if (event.locals.staff || staffRouteOf(event.route.id, event.url.pathname)) response.headers.set('Cache-Control', 'no-store');
	return response;
};

const STATIC_PAGE_CSP =
	"default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

const FORM_ENCODINGS = /^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i;

/** A NUL in a posted form: a raw 0 byte (multipart) or its URL encoding (%00). */
async function containsNul(request: Request): Promise<boolean> {
	const raw = new Uint8Array(await request.clone().arrayBuffer().catch(() => new ArrayBuffer(0)));
	return raw.includes(0) || /%00/i.test(new TextDecoder().decode(raw));
}

/** The action a POST names, as SvelteKit reads it: the first query key that starts with `/` (`?/create`). */
function namesDefaultAction(url: URL): boolean {
	for (const key of url.searchParams.keys()) if (key.startsWith('/')) return key === '/default';
	return false;
}

/** Headers for every answer; the CSP itself comes from kit.csp in svelte.config.js. */
const headers: Handle = async ({ event, resolve }) => {
	let response: Response;
	try {
		// Our only POSTs are HTML forms (and the quick exit's empty beacon). Anything else is answered 415 here:
		// SvelteKit lets text/plain through to form actions, where request.formData() throws (a 500), and for
		// other types it answers without reading the body, which can reset the connection before the client
		// reads the answer (both found by tests/e2e/fuzz.spec.ts). The body is read first so it ends cleanly.
		const type = event.request.headers.get('content-type') ?? '';
		if (event.request.method === 'POST' && event.url.pathname !== '/exit' && !FORM_ENCODINGS.test(type)) {
			await event.request.arrayBuffer().catch(() => undefined);
			response = new Response('Unsupported form encoding', { status: 415, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
		} else if (event.request.method === 'POST' && namesDefaultAction(event.url)) {
			// SvelteKit throws a plain Error (a 500) for `?/default`; no form of ours asks for it by name.
			await event.request.arrayBuffer().catch(() => undefined);
			response = new Response('No such form action', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
		} else if (event.request.method === 'POST' && (await containsNul(event.request))) {
			// No form of ours takes a NUL character, and PostgreSQL refuses it in text (a 500 found by the fuzz).
			response = new Response('Invalid characters in the form', { status: 400, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
		} else {
			response = await resolve(event);
		}
		// A page whose load met a database that is down was rendered as an error page: say 503, not 500.
		if (event.locals.databaseUnavailable && response.status === 500) {
			response = new Response(response.body, { status: 503, headers: response.headers });
			response.headers.set('Retry-After', '30');
		}
	} catch (e) {
		if (!isDatabaseUnavailable(e)) throw e;
		response = unavailablePage(event.locals.locale ?? 'da');
	}
	// SvelteKit's plain error page (an endpoint's error(), e.g. /mine-tider/kalender.ics without a session) comes
	// without kit.csp; it has no script, so the strictest policy fits it (found by tests/e2e/headers.spec.ts).
	if (!response.headers.has('Content-Security-Policy') && response.headers.get('Content-Type')?.startsWith('text/html')) {
		response.headers.set('Content-Security-Policy', STATIC_PAGE_CSP);
	}
	// no-referrer for everything the page does not override. src/app.html narrows the document's own policy to
	// same-origin: under no-referrer a browser sends `Origin: null` with a form POST and SvelteKit's CSRF check
	// refuses every form submitted without JavaScript. Other sites get no Referer either way.
	response.headers.set('Referrer-Policy', 'no-referrer');
	response.headers.set('X-Content-Type-Options', 'nosniff');
	response.headers.set('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), interest-cohort=()');
	response.headers.set('Cross-Origin-Opener-Policy', 'same-origin');
	response = await compressed(event.request, response);
	if (!dev && event.url.protocol === 'https:') {
		response.headers.set('Strict-Transport-Security', 'max-age=63072000; includeSubDomains');
	}
	return response;
};

/**
 * adapter-node compresses only the static files; rendered pages went out raw (a times page: 58 KB instead of
 * 8 KB), which matters on a phone with little signal. Pages are small and whole, so compress them in one go.
 */
async function compressed(request: Request, response: Response): Promise<Response> {
	const type = response.headers.get('Content-Type') ?? '';
	if (!response.body || response.headers.has('Content-Encoding') || !/^(text\/html|text\/csv|application\/json)/.test(type)) return response;
	const accepts = request.headers.get('Accept-Encoding') ?? '';
	const encoding = /\bbr\b/.test(accepts) ? 'br' : /\bgzip\b/.test(accepts) ? 'gzip' : null;
	if (!encoding) return response;
	const raw = Buffer.from(await response.arrayBuffer());
	const body =
		encoding === 'br'
			? brotliCompressSync(raw, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length } })
			: gzipSync(raw, { level: 6 });
	const headers = new Headers(response.headers);
	headers.set('Content-Encoding', encoding);
	headers.set('Content-Length', String(body.length));
	headers.append('Vary', 'Accept-Encoding');
	return new Response(body, { status: response.status, statusText: response.statusText, headers });
}

export const handle = sequence(headers, i18n, codeSession, staff);

/** No request data, code or address in the log: only the route and the error's own message. */
export const handleError: HandleServerError = ({ error, event, status, message }) => {
	if (isDatabaseUnavailable(error)) {
		event.locals.databaseUnavailable = true;
		return { message: 'database_unavailable' };
	}
	if (status >= 500) console.error(`Error on ${event.route.id ?? 'unknown route'}:`, error instanceof Error ? withoutQuotedText(error.message) : 'unknown error');
	return { message };
};

