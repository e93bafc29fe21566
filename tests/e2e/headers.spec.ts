import type { APIResponse } from '@playwright/test';
import { test, expect } from './fixtures';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { freePort } from '../../src/lib/server/platform/embedded-postgres.js';
import {
	ROOT,
	codeHolder,
	newContext,
	paramValues,
	pathOf,
	portalDb,
	staffMember,
	staffParams,
	DEMO_STAFF,
	type PortalDb
} from './portal';
import { routes as allRoutes } from './routes';

/**
 * Issue 6 "Headers on every page": every route of the built router (tests/e2e/routes.ts), as a stranger, a code
 * holder and a staff member, answers without a 5xx and with the headers that keep a person's visit private: a
 * CSP that allows no inline script, no plugins, no <base> and no framing; nosniff; no Referer to other sites;
 * session cookies that scripts cannot read and other sites cannot send.
 */

test.skip(
	({ javaScriptEnabled }) => javaScriptEnabled === false,
	'headers do not depend on JavaScript: the js project runs them'
);

let sql: PortalDb;
test.beforeAll(() => {
	sql = portalDb();
});
test.afterAll(async () => {
	await sql.end({ timeout: 5 });
});

function directives(csp: string): Map<string, string[]> {
	return new Map(
		csp
			.split(';')
			.map((d) => d.trim().split(/\s+/))
			.filter((d) => d[0])
			.map(([name, ...values]) => [name!, values])
	);
}

function expectSafeHeaders(res: APIResponse, where: string) {
	const h = res.headers();
	expect(res.status(), `${where}: no 5xx`).toBeLessThan(500);
	expect(h['x-content-type-options'], `${where}: nosniff`).toBe('nosniff');
	// same-origin: no Referer to other sites, while a form posted without JavaScript still carries its Origin.
	expect(h['referrer-policy'], `${where}: no Referer to other sites`).toBe('no-referrer');
	if ((h['content-type'] ?? '').startsWith('text/html')) {
		const csp = h['content-security-policy'];
		expect(csp, `${where}: a CSP on every page`).toBeTruthy();
		const d = directives(csp!);
		const scripts = d.get('script-src') ?? d.get('default-src') ?? [];
		expect(scripts, `${where}: no inline script`).not.toContain("'unsafe-inline'");
		expect(scripts, `${where}: no eval`).not.toContain("'unsafe-eval'");
		expect(d.get('object-src'), `${where}: object-src`).toEqual(["'none'"]);
		expect(d.get('base-uri'), `${where}: base-uri`).toEqual(["'none'"]);
		expect(d.get('frame-ancestors'), `${where}: frame-ancestors`).toEqual(["'none'"]);
	}
	expectSafeCookies(res, where, false);
}

/** The language cookie is a preference read by the page's own script, not a secret: it alone may skip HttpOnly. */
const READABLE_BY_SCRIPT = new Set(['PARAGLIDE_LOCALE']);

function expectSafeCookies(res: APIResponse, where: string, secure: boolean) {
	for (const { name, value } of res.headersArray()) {
		if (name.toLowerCase() !== 'set-cookie') continue;
		const [pair, ...attrs] = value.split(';').map((s) => s.trim().toLowerCase());
		const cookie = pair!.split('=')[0]!;
		if (!READABLE_BY_SCRIPT.has(value.split('=')[0]!))
			expect(attrs, `${where}: ${cookie} HttpOnly`).toContain('httponly');
		expect(
			attrs.some((a) => a.startsWith('samesite=lax') || a.startsWith('samesite=strict')),
			`${where}: ${cookie} SameSite`
		).toBe(true);
		if (secure) expect(attrs, `${where}: ${cookie} Secure`).toContain('secure');
	}
}

/** Quick exit ends the session it is asked from, so it is walked last. */
const lastly = (id: string) => (id.includes('exit') || id.includes('logout') ? 1 : 0);

test('every route, for a stranger, a code holder and a staff member, answers with the privacy headers and no 5xx', async () => {
	test.setTimeout(180_000);
	const holder = await codeHolder(sql);
	const staff = await staffMember();
	const stranger = await newContext();
	const params = await paramValues(sql, holder.codeId, holder.offer);
	const routes = (await allRoutes())
		.filter((r) => r.page || r.methods.includes('GET'))
		.sort((a, b) => lastly(a.id) - lastly(b.id));
	expect(routes.length, 'routes were found').toBeGreaterThan(20);
	let walked = 0;
	for (const route of routes) {
		// Every offer's pages are walked; other parameters take one value.
		const fillings = route.id.includes('[offer]') ? params : params.slice(0, 1);
		for (const p of fillings) {
			const path = pathOf(route.id, staffParams(route.id, p));
			for (const [who, ctx] of [
				['stranger', stranger],
				['code holder', holder.ctx],
				['staff', staff]
			] as const) {
				const res = await ctx.get(path);
				expectSafeHeaders(res, `${who} GET ${path}`);
				walked++;
			}
		}
	}
	console.info(`headers: ${walked} answers from ${routes.length} routes`);
	for (const ctx of [holder.ctx, staff, stranger]) await ctx.dispose();
});

test('the cookies a sign-in sets are HttpOnly and SameSite', async () => {
	const ctx = await newContext();
	const res = await ctx.post('/staff/login', { form: DEMO_STAFF });
	expect(res.status()).toBe(303);
	expect(res.headers()['set-cookie']).toContain('staff_session=');
	expectSafeCookies(res, 'staff login', false);
	await ctx.dispose();
});

test('in production over https: HSTS, and session cookies are Secure', async () => {
	test.setTimeout(120_000);
	const port = await freePort();
	const origin = `https://localhost:${port}`;
	const server = spawn(process.execPath, [join(ROOT, 'src', 'start.js')], {
		cwd: ROOT,
		// Production needs STAFF_TOTP_KEY: it encrypts TOTP keys and signs the device cookie a sign-in sets (issue 9).
		env: {
			...process.env,
			NODE_ENV: 'production',
			PORT: String(port),
			HOST: '127.0.0.1',
			ORIGIN: origin,
			DATABASE_URL: process.env.PORTAL_DATABASE_URL,
			STAFF_TOTP_KEY: randomBytes(32).toString('base64')
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let output = '';
	server.stdout.on('data', (d) => (output += d));
	server.stderr.on('data', (d) => (output += d));
	try {
		await expect
			.poll(() => output.includes('The portal is ready') || server.exitCode !== null, { timeout: 90_000 })
			.toBe(true);
		expect(server.exitCode, output).toBeNull();
		// The app believes ORIGIN (a TLS proxy in front would), so plain loopback HTTP stands in for https here.
		const { request } = await import('@playwright/test');
		const ctx = await request.newContext({
			baseURL: `http://127.0.0.1:${port}`,
			extraHTTPHeaders: { origin, accept: 'text/html' },
			maxRedirects: 0
		});
		const page = await ctx.get('/');
		expect(page.status()).toBe(200);
		expect(page.headers()['strict-transport-security']).toMatch(/max-age=\d{8,}/);
		const login = await ctx.post('/staff/login', { form: DEMO_STAFF });
		expect(login.status()).toBe(303);
		expect(login.headers()['set-cookie']).toContain('staff_session=');
		expectSafeCookies(login, 'production staff login', true);
		await ctx.dispose();
	} finally {
		server.kill('SIGTERM');
		await new Promise((r) => (server.exitCode !== null ? r(null) : server.once('exit', r)));
	}
});
