import type { APIResponse } from '@playwright/test';
import { test, expect } from './fixtures';
import { newContext } from './portal';

/**
 * Issue 9, finding 15: adapter-node serves the built assets (/_app/immutable/*), the files in static/ and the
 * 404 for a missing asset before SvelteKit's hooks run, so they went out without the security headers every
 * page has. A script or stylesheet a browser may sniff into something else, or a favicon opened on its own,
 * deserves the same: nosniff, no Referer, no opener, no powerful features, and a CSP that allows nothing.
 */

test.skip(
	({ javaScriptEnabled }) => javaScriptEnabled === false,
	'headers do not depend on JavaScript: the js project runs them'
);

const SHARED = [
	'x-content-type-options',
	'referrer-policy',
	'cross-origin-opener-policy',
	'permissions-policy'
] as const;

function directives(csp: string): Map<string, string[]> {
	return new Map(
		csp
			.split(';')
			.map((d) => d.trim().split(/\s+/))
			.filter((d) => d[0])
			.map(([name, ...values]) => [name!, values])
	);
}

function expectSecurityHeaders(
	res: APIResponse,
	where: string,
	page: Record<string, string>,
	{ revalidation = false } = {}
) {
	const h = res.headers();
	expect(res.status(), `${where}: no 5xx`).toBeLessThan(500);
	expect(h['x-content-type-options'], `${where}: nosniff`).toBe('nosniff');
	expect(h['referrer-policy'], `${where}: no Referer`).toBe('no-referrer');
	expect(h['cross-origin-opener-policy'], `${where}: COOP`).toBe('same-origin');
	for (const name of SHARED) expect(h[name], `${where}: ${name} as on the pages`).toBe(page[name]);
	// A 304 updates the stored headers of what was revalidated; the CSP came with the first answer (see below).
	if (revalidation) {
		expect(h['content-security-policy'], `${where}: a 304 replaces no CSP`).toBeUndefined();
		return;
	}
	const csp = h['content-security-policy'];
	expect(csp, `${where}: a CSP`).toBeTruthy();
	const d = directives(csp!);
	if (!(h['content-type'] ?? '').startsWith('text/html')) {
		expect(d.get('default-src'), `${where}: nothing loads from a non-HTML answer`).toEqual(["'none'"]);
		expect(d.get('script-src') ?? [], `${where}: no script`).toEqual([]);
	}
	expect(d.get('frame-ancestors'), `${where}: never framed`).toEqual(["'none'"]);
	// The server keeps idle connections longer than a balancer's 60 s (src/start.js).
	expect(h['keep-alive'], `${where}: keep-alive kept`).toBe('timeout=65');
}

test('attack: static files, the favicon and a missing asset come without the security headers', async () => {
	const ctx = await newContext();
	// A staff page: citizen pages run without the client runtime (csr = false) and link no /_app script.
	const front = await ctx.get('/staff/login');
	expect(front.status()).toBe(200);
	const page = front.headers();
	const html = await front.text();
	const scripts = [...html.matchAll(/\/_app\/immutable\/[^"'<>\s]+\.js/g)].map((m) => m[0]);
	const styles = [...html.matchAll(/\/_app\/immutable\/[^"'<>\s]+\.css/g)].map((m) => m[0]);
	expect(scripts.length, 'the page links its scripts').toBeGreaterThan(0);
	expect(styles.length, 'the page links its styles').toBeGreaterThan(0);

	for (const path of [scripts[0]!, styles[0]!]) {
		for (const encoding of ['br', 'gzip', 'identity']) {
			const res = await ctx.get(path, { headers: { 'accept-encoding': encoding } });
			expect(res.status(), path).toBe(200);
			expectSecurityHeaders(res, `${path} (${encoding})`, page);
			// The immutable cache policy adapter-node gives hashed assets is kept.
			expect(res.headers()['cache-control'], `${path}: cached for good`).toBe('public,max-age=31536000,immutable');
			// A revalidation answer (304) carries the headers too.
			const etag = res.headers()['etag'];
			if (etag) {
				const again = await ctx.get(path, { headers: { 'accept-encoding': encoding, 'if-none-match': etag } });
				expect(again.status(), `${path}: not modified`).toBe(304);
				expectSecurityHeaders(again, `${path} (304)`, page, { revalidation: true });
			}
		}
	}

	const favicon = await ctx.get('/favicon.svg');
	expect(favicon.status()).toBe(200);
	expect(favicon.headers()['content-type']).toContain('image/svg+xml');
	expectSecurityHeaders(favicon, '/favicon.svg', page);

	for (const path of [
		'/_app/immutable/entry/missing.js',
		'/_app/immutable/assets/missing.css',
		'/_app/version.json',
		'/favicon-missing.svg'
	]) {
		const res = await ctx.get(path);
		expectSecurityHeaders(res, path, page);
	}
	expect((await ctx.get('/_app/immutable/entry/missing.js')).status()).toBe(404);

	const head = await ctx.head(scripts[0]!);
	expectSecurityHeaders(head, `HEAD ${scripts[0]}`, page);
	await ctx.dispose();
});

test('a page revalidated with 304 keeps its own CSP, so its forms still post', async ({ page }) => {
	// Found by tests/e2e/citizen-manage.spec.ts: /kode came back from the browser cache with the files' CSP
	// (form-action 'none'), and the code could no longer be sent.
	const ctx = await newContext();
	const first = await ctx.get('/kode');
	const etag = first.headers()['etag'];
	expect(etag, '/kode has an ETag').toBeTruthy();
	const again = await ctx.get('/kode', { headers: { 'if-none-match': etag! } });
	expect(again.status()).toBe(304);
	expect(again.headers()['content-security-policy']).toBeUndefined();
	await ctx.dispose();
	// In Chromium: the second visit revalidates, and the form still reaches the server.
	await page.goto('/kode');
	await page.goto('/kode');
	await page.getByRole('textbox', { name: 'Din kode' }).fill('AAAA');
	const posted = page.waitForRequest((r) => r.method() === 'POST' && new URL(r.url()).pathname === '/kode');
	await page.getByRole('button', { name: 'Se mine tider' }).click();
	await posted;
});

test('pages keep their own CSP, which allows their scripts, and their caching', async () => {
	const ctx = await newContext();
	const res = await ctx.get('/kode');
	expect(res.status()).toBe(200);
	const d = directives(res.headers()['content-security-policy']!);
	expect(d.get('script-src'), 'the page CSP from kit.csp, not the strict one for files').toContain("'self'");
	expect(d.get('default-src')).toEqual(["'self'"]);
	await ctx.dispose();
});
