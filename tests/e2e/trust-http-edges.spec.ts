import { request, type APIRequestContext, type BrowserContext } from '@playwright/test';
import { test, expect } from './fixtures';
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import config from '../../playwright.config';
import { NEUTRAL_SITE } from '../../src/lib/ui/exit';
import { BASE, ORIGIN, codeHolder, newContext, portalDb, type PortalDb } from './portal';

/**
 * Issue 9, the HTTP edges an outside review found: the language switch as an open redirect (#6), answers of 500
 * that write request data to the log (#13), and the quick exit as a logout any other site can trigger, by a
 * session id alone (#16), plus the language cookie that outlived the visit by a year (#16).
 */

const JS_ONLY = 'plain HTTP and one browser journey: the js project runs it';

// No host name resolves in this file's browser (only the portal's loopback address is reached), so a redirect
// to another site can be seen being attempted without anything leaving the machine.
const launch = config.use?.launchOptions ?? {};
test.use({
	launchOptions: {
		...launch,
		args: [...(launch.args ?? []), '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1']
	}
});

let sql: PortalDb;
test.beforeAll(() => {
	sql = portalDb();
});
test.afterAll(async () => {
	await sql.end({ timeout: 5 });
});

/** Whether the context's code session is still alive: /mine-tider answers 200, not a redirect to /kode. */
async function signedIn(ctx: APIRequestContext): Promise<boolean> {
	const res = await ctx.get('/mine-tider', { maxRedirects: 0 });
	return res.status() === 200;
}

/** A browser context that carries the same code session as `holder` (the same cookie). */
async function shareSession(context: BrowserContext, holder: APIRequestContext): Promise<void> {
	const { cookies } = await holder.storageState();
	await context.addCookies(cookies);
}

/**
 * Other sites never reach the network: a page the test navigates to there is answered here, and a redirect the
 * browser follows there (which routes do not see) dies in Chromium's resolver (the launch options above).
 * Returns every address on another origin the browser asked for, in order.
 */
async function watchOtherSites(context: BrowserContext, pages: Record<string, string> = {}): Promise<string[]> {
	const asked: string[] = [];
	context.on('request', (r) => {
		if (new URL(r.url()).origin !== ORIGIN()) asked.push(r.url());
	});
	await context.route(
		(url) => url.origin !== ORIGIN(),
		(route) => {
			const url = new URL(route.request().url());
			return route.fulfill({
				status: 200,
				contentType: 'text/html',
				body: pages[url.origin] ?? `<title>off-site</title><p>${url.host}</p>`
			});
		}
	);
	return asked;
}

/** What the server wrote to its log (tests/e2e/global-setup.ts keeps it in PORTAL_LOG) from byte `from` on. */
function logSince(from: number): string {
	const file = process.env.PORTAL_LOG!;
	const size = statSync(file).size;
	if (size <= from) return '';
	const buffer = Buffer.alloc(size - from);
	const fd = openSync(file, 'r');
	try {
		readSync(fd, buffer, 0, buffer.length, from);
	} finally {
		closeSync(fd);
	}
	return buffer.toString('utf8');
}

test.describe('issue 9 #6: the language switch sends people only to pages of this site', () => {
	/** `tilbage` values as they stand in the query string (already percent-encoded where shown). */
	const OFF_SITE = [
		'/%5Cevil.example/x', // the review's: Location `/\evil.example/x`, which a browser reads as //evil.example/x
		'/\\evil.example/x',
		'%5C%5Cevil.example',
		'//evil.example',
		'%2F%2Fevil.example',
		'/%2F/evil.example',
		'/%252F/evil.example',
		'/%255Cevil.example',
		'/%25255Cevil.example',
		'/.//evil.example',
		'/%2E/%2Fevil.example',
		'/%09/evil.example',
		'/%0D%0A/evil.example',
		'%20//evil.example',
		'https://evil.example/',
		'https:evil.example',
		'javascript:alert(1)',
		'//evil.example@127.0.0.1/',
		'/%0D%0ASet-Cookie:%20planted=1',
		'/x%00',
		'/x%7F',
		'/%E2%80%A8//evil.example'
	];
	const ON_SITE = [
		'/',
		'/kode',
		'/tilbud/gladsaxe-anonym-stofbehandling/tjek?alder=25plus',
		'/tilbud/%C3%A6ble',
		'/a/../kode'
	];

	test('attack: a percent-encoded backslash in tilbage sends Chromium to another site', async ({
		page,
		javaScriptEnabled
	}) => {
		test.skip(!javaScriptEnabled, JS_ONLY);
		const asked = await watchOtherSites(page.context());
		for (const value of OFF_SITE) {
			// A navigation that ends at another (unresolvable) site throws; where it ended is checked below.
			await page.goto(`/sprog?til=da&tilbage=${value}`).catch(() => {});
			expect(asked, `tilbage=${value}: no other site was asked for anything`).toEqual([]);
			expect(new URL(page.url()).origin, `tilbage=${value} ends on the portal`).toBe(ORIGIN());
		}
	});

	test('attack: nasty return paths in the language switch leave the site or answer 5xx', async ({
		javaScriptEnabled
	}) => {
		test.skip(!javaScriptEnabled, JS_ONLY);
		const ctx = await newContext();
		for (const value of OFF_SITE) {
			const res = await ctx.get(`/sprog?til=en&tilbage=${value}`);
			expect(res.status(), `tilbage=${value}`).toBe(303);
			expect(res.headers()['location'], `tilbage=${value} goes to the front page`).toBe('/');
			expect(res.headers()['set-cookie'] ?? '', `tilbage=${value} plants no cookie`).not.toContain('planted');
		}
		for (const value of ON_SITE) {
			const res = await ctx.get(`/sprog?til=en&tilbage=${encodeURIComponent(value)}`);
			expect(res.status(), `tilbage=${value}`).toBe(303);
			const location = res.headers()['location']!;
			expect(new URL(location, BASE()).href, `tilbage=${value} is kept`).toBe(new URL(value, BASE()).href);
		}
		await ctx.dispose();
	});
});

test.describe('issue 9 #13: no 500, and no request data in the log', () => {
	test('attack: POST ?/default to a form page answers 500', async ({ javaScriptEnabled }) => {
		test.skip(!javaScriptEnabled, JS_ONLY);
		const ctx = await newContext();
		for (const path of ['/kode?/default', '/staff/login?/default', '/mine-tider?/default', '/kode?x=1&/default']) {
			const res = await ctx.post(path, { form: { code: 'x', username: 'x', password: 'x' } });
			expect(res.status(), path).toBeGreaterThanOrEqual(400);
			expect(res.status(), path).toBeLessThan(500);
		}
		await ctx.dispose();
	});

	test('attack: a multipart body cut off before its last boundary answers 500', async ({ javaScriptEnabled }) => {
		test.skip(!javaScriptEnabled, JS_ONLY);
		const ctx = await newContext();
		for (const path of ['/kode', '/staff/login']) {
			const res = await ctx.post(path, {
				headers: { 'content-type': 'multipart/form-data; boundary=X' },
				data: '--X\r\nContent-Disposition: form-data; name="code"\r\n\r\nABCD'
			});
			expect(res.status(), path).toBe(400);
		}
		await ctx.dispose();
	});

	test('attack: a crafted tilbage answers 500 and writes itself into the server log', async ({ javaScriptEnabled }) => {
		test.skip(!javaScriptEnabled, JS_ONLY);
		const marker = `trustlog${Date.now().toString(36)}`;
		const from = statSync(process.env.PORTAL_LOG!).size;
		const ctx = await newContext();
		for (const tail of ['%00', '%E2%82%AC', '%0D%0ASet-Cookie:%20x=1', '%7F', '%01', '%C3%A6%00']) {
			const res = await ctx.get(`/sprog?til=da&tilbage=/${marker}${tail}`);
			expect(res.status(), `tilbage=/${marker}${tail}`).toBeLessThan(500);
		}
		await ctx.dispose();
		// Give the server a moment to write whatever it would write.
		await new Promise((r) => setTimeout(r, 500));
		expect(logSince(from)).not.toContain(marker);
	});
});

test.describe('issue 9 #16: the quick exit and the language cookie', () => {
	test('attack: a link on another site to /exit logs a code holder out', async ({ page, javaScriptEnabled }) => {
		test.skip(!javaScriptEnabled, JS_ONLY);
		test.slow();
		const holder = await codeHolder(sql);
		await shareSession(page.context(), holder.ctx);
		const asked = await watchOtherSites(page.context(), {
			'http://evil.example': `<title>evil</title><a id="go" href="${BASE()}/exit">Vejret</a>`
		});
		await page.goto('http://evil.example/');
		// A top-level link: Chromium sends the SameSite=Lax cookie along, and Sec-Fetch-Site: cross-site.
		await page.click('#go');
		await expect.poll(() => asked.includes(NEUTRAL_SITE), 'still sent on to the neutral site').toBe(true);
		expect(await signedIn(holder.ctx), 'the code holder is still signed in').toBe(true);
		await holder.ctx.dispose();
	});

	test('attack: /exit with a session id and a wrong secret deletes that session', async ({ javaScriptEnabled }) => {
		test.skip(!javaScriptEnabled, JS_ONLY);
		const holder = await codeHolder(sql);
		const { cookies } = await holder.ctx.storageState();
		const token = cookies.find((c) => c.name === 'code_session')!.value;
		const [id] = token.split('.');
		const attacker = await newContext();
		for (const forged of [`${id}.wrongsecretwrongsecretwron`, `${id}`, `${id}.`]) {
			for (const method of ['get', 'post'] as const) {
				const res = await attacker[method]('/exit', {
					headers: { cookie: `code_session=${forged}`, 'sec-fetch-site': 'same-origin' }
				});
				expect(res.status(), `${method} /exit`).toBe(303);
			}
		}
		expect(await signedIn(holder.ctx), 'the code holder is still signed in').toBe(true);
		await attacker.dispose();
		await holder.ctx.dispose();
	});

	test('attack: a cross-site request to /exit logs a code holder out', async ({ javaScriptEnabled }) => {
		test.skip(!javaScriptEnabled, JS_ONLY);
		const holder = await codeHolder(sql);
		for (const site of ['cross-site', 'same-site']) {
			for (const method of ['get', 'post'] as const) {
				const res = await holder.ctx[method]('/exit', {
					headers: { 'sec-fetch-site': site, origin: 'http://evil.example' }
				});
				expect(res.status()).toBe(303);
				expect(res.headers()['location']).toBe('https://www.dr.dk/vejret');
			}
		}
		// No Sec-Fetch-Site (an old browser) and nothing else that says where the request came from.
		const bare = await request.newContext({
			baseURL: BASE(),
			storageState: await holder.ctx.storageState(),
			maxRedirects: 0
		});
		expect((await bare.get('/exit')).status()).toBe(303);
		await bare.dispose();
		expect(await signedIn(holder.ctx), 'the code holder is still signed in').toBe(true);
		await holder.ctx.dispose();
	});

	test('the quick exit still ends the session, with and without JavaScript', async ({ page }) => {
		test.slow();
		const holder = await codeHolder(sql);
		await shareSession(page.context(), holder.ctx);
		const asked = await watchOtherSites(page.context());
		await page.goto('/mine-tider');
		await expect(page.getByRole('heading', { level: 1, name: 'Dine tider' })).toBeVisible();
		await page.getByRole('link', { name: 'Forlad siden' }).click();
		await expect.poll(() => asked.includes(NEUTRAL_SITE), 'sent on to the neutral site').toBe(true);
		expect([...new Set(asked)], 'and nowhere else (Chromium may ask twice for an aborted navigation)').toEqual([
			NEUTRAL_SITE
		]);
		// With JavaScript the session ends by a beacon sent as the page is left: give it a moment.
		await expect.poll(() => signedIn(holder.ctx), { timeout: 5_000 }).toBe(false);
		await holder.ctx.dispose();
	});

	test('attack: the language cookie tells the next person at a shared computer, for a year, that the portal was used', async ({
		page,
		javaScriptEnabled
	}) => {
		test.skip(!javaScriptEnabled, JS_ONLY);
		const ctx = await newContext();
		const res = await ctx.get('/sprog?til=en&tilbage=/');
		const cookie = res
			.headersArray()
			.find((h) => h.name.toLowerCase() === 'set-cookie' && h.value.startsWith('PARAGLIDE_LOCALE='));
		expect(cookie?.value, 'the switch sets the language cookie').toBeTruthy();
		expect(cookie!.value.toLowerCase(), 'no Max-Age').not.toContain('max-age');
		expect(cookie!.value.toLowerCase(), 'no Expires').not.toContain('expires');
		await ctx.dispose();
		// In the browser, too, where Paraglide's script also writes it on every page: a session cookie, gone when
		// the browser closes, and none at all for a visit in Danish.
		const persistent = async () =>
			(await page.context().cookies()).filter((c) => c.expires !== -1).map((c) => `${c.name}=${c.value}`);
		await page.goto('/');
		await expect(page.getByRole('link', { name: 'Read this page in English' })).toBeVisible();
		await page.waitForLoadState('networkidle');
		expect(await persistent(), 'a Danish visit').toEqual([]);
		await page.getByRole('link', { name: 'Read this page in English' }).click();
		await expect(page.locator('html')).toHaveAttribute('lang', 'en');
		await page.goto('/kode');
		await page.waitForLoadState('networkidle');
		await expect(page.locator('html')).toHaveAttribute('lang', 'en');
		const locale = (await page.context().cookies()).find((c) => c.name === 'PARAGLIDE_LOCALE');
		expect(locale?.value).toBe('en');
		expect(locale?.expires, 'a session cookie').toBe(-1);
		expect(await persistent(), 'after English pages').toEqual([]);
	});
});
