import type { Request } from '@playwright/test';
import { test, expect } from './fixtures';
import { openSync, readSync, closeSync, statSync } from 'node:fs';
import { SELECTOR_LENGTH } from '../../src/lib/domain/code';
import { freshClientLimits, portalDb, selectorOf, type PortalDb } from './portal';

/**
 * Issue 6 "Privacy": a whole citizen journey through the pages — offer, eligibility answers, place, time, the
 * code shown once, log out, the code entered again, the bookings, a cancellation — while
 *   - every request the browser makes is recorded, and anything not for the portal's own origin is aborted
 *     (never sent) and recorded: the list of other hosts must be empty;
 *   - every line the server writes meanwhile (tests/e2e/global-setup.ts keeps them in PORTAL_LOG) is read
 *     back: no line may hold the code (grouped, ungrouped, any case, or its secret part), a client address,
 *     or an eligibility answer.
 */

test.skip(
	({ javaScriptEnabled }) => javaScriptEnabled === false,
	'one journey, with the router and enhanced forms: the js project runs it'
);

const OFFER = 'gladsaxe-anonym-stofbehandling';

let sql: PortalDb;
test.beforeAll(() => {
	sql = portalDb();
});
test.afterAll(async () => {
	await sql.end({ timeout: 5 });
});

/** What the server wrote to the log file from byte `from` on. */
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

const IP_PATTERNS: [string, RegExp][] = [
	['an IPv4 address', /\b\d{1,3}(?:\.\d{1,3}){3}\b/],
	['IPv6 loopback', /(?:^|[^0-9a-f:])::1(?![0-9a-f:])/i],
	['an IPv4-mapped IPv6 address', /::ffff:/i]
];

test('a whole citizen journey sends nothing to other hosts and writes no code, address or answer to the log', async ({
	page
}) => {
	test.slow();
	const origin = new URL(process.env.PORTAL_URL!).origin;
	const requests: Request[] = [];
	const foreign: string[] = [];
	page.on('request', (r) => requests.push(r));
	page.on('websocket', (ws) => foreign.push(`websocket ${ws.url()}`));
	// Nothing may leave the machine: every request for another origin is aborted before it is sent.
	await page.context().route('**/*', (route) => {
		const url = route.request().url();
		if (new URL(url).origin === origin) return route.continue();
		foreign.push(url);
		return route.abort('blockedbyclient');
	});
	const logStart = statSync(process.env.PORTAL_LOG!).size;

	// The offer, then "Book a time".
	await page.goto(`/tilbud/${OFFER}`);
	await page.getByRole('link', { name: 'Book en tid' }).first().click();
	await page.waitForURL(/\/tjek(\?|$)/);

	// The eligibility questions: every one answered (all "yes", so the offer fits); their names and texts kept
	// to look for in the log afterwards.
	await expect(page.getByRole('heading', { level: 1, name: 'Passer tilbuddet til dig?' })).toBeVisible();
	const questions = await page
		.locator('input[type=radio][value=ja]')
		.evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).name));
	const questionTexts = (await page.locator('fieldset legend').allInnerTexts())
		.map((t) => t.trim())
		.filter((t) => t.length > 0);
	expect(questions.length, 'the offer asks eligibility questions').toBeGreaterThan(0);
	for (const name of questions) await page.locator(`#${name}-ja`).check();
	await page.getByRole('button', { name: 'Fortsæt' }).click();
	await page.waitForURL(/\/(sted|tid)(\?|$)/);
	// The answers are not carried on in the address.
	for (const name of questions) expect(page.url()).not.toContain(name);

	// The place (§101a has at least two providers), then the first free time.
	if (page.url().includes('/sted')) {
		await page
			.getByRole('link', { name: /^Vælg / })
			.first()
			.click();
		await page.waitForURL(/\/tid\?/);
	}
	await expect(page.getByRole('heading', { level: 1, name: 'Vælg en tid' })).toBeVisible();
	const first = await page.locator('a[data-starts]').first().getAttribute('href');
	expect(first, 'a free time is listed').toBeTruthy();
	await page.goto(first!);

	// Confirm: the code is shown once. The answer that carries it must not be kept by a browser or a proxy.
	await expect(page.getByRole('heading', { level: 1, name: 'Book tiden' })).toBeVisible();
	await freshClientLimits();
	const [bookingAnswer] = await Promise.all([
		page.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes('/book/')),
		page.getByRole('button', { name: 'Book og få min kode' }).click()
	]);
	await expect(page.getByTestId('code')).toBeVisible();
	const code = (await page.getByTestId('code').innerText()).replace(/\s/g, '');
	expect(code).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
	// POST/redirect/GET (issue 12, item 1): the post answers with a redirect to the receipt, which carries the code.
	expect(bookingAnswer.status()).toBe(303);
	expect(bookingAnswer.headers()['location']).toBe('/kvittering');
	const receipt = await page.request.get('/kvittering');
	expect(receipt.headers()['cache-control'] ?? '', 'the receipt with the code: Cache-Control no-store').toContain(
		'no-store'
	);
	// The same page fetched without JavaScript's enhanced form (a reload or a link to it) is also not stored.
	const codePage = await page.request.get('/mine-tider');
	expect(codePage.headers()['cache-control'] ?? '', '/mine-tider: Cache-Control no-store').toContain('no-store');

	// See the times, log out of the code, and come back with it.
	await page.getByRole('link', { name: 'Se dine tider' }).click();
	await page.waitForURL(/\/mine-tider$/);
	await page.getByRole('button', { name: 'Log ud af koden' }).click();
	await page.waitForURL(/\/kode\?ud=1$/);
	await page.getByRole('textbox', { name: 'Din kode' }).fill(code.toLowerCase());
	await page.getByRole('button', { name: 'Se mine tider' }).click();
	await page.waitForURL(/\/mine-tider$/);
	await expect(page.locator('ul.bookings').first().locator('li')).toHaveCount(1);

	// Cancel the time.
	await page.getByRole('link', { name: /^Aflys tiden/ }).click();
	await page.getByRole('button', { name: 'Ja, aflys tiden' }).click();
	await expect(page.getByText('Tiden er aflyst.')).toBeVisible();
	const [row] = await sql<{ status: string }[]>`
		select b.status from anon.booking b join anon.code c on c.id = b.code_id where c.selector = ${selectorOf(code)}`;
	expect(row?.status).toBe('cancelled');

	// One more request, answered after everything above: the server has written what it had to write by now.
	expect((await page.request.get('/health')).ok()).toBe(true);

	// 1. The browser: only the portal's own origin, and never the code in an address.
	const otherHosts = [
		...new Set(
			requests
				.map((r) => r.url())
				.filter((u) => !u.startsWith('data:') && !u.startsWith('blob:') && new URL(u).origin !== origin)
				.map((u) => new URL(u).host)
		)
	];
	expect(otherHosts, 'requests to other hosts').toEqual([]);
	expect(foreign, 'requests aborted because they were for another origin').toEqual([]);
	expect(requests.length).toBeGreaterThan(10);
	const compact = code.replace(/-/g, '').toLowerCase();
	for (const r of requests)
		expect(
			r
				.url()
				.replace(/[-\s]|%20/g, '')
				.toLowerCase(),
			'no code in an address'
		).not.toContain(compact);

	// 2. The server's log: no code, no address, no answer.
	const log = logSince(logStart);
	const lines = log.split('\n');
	const secret = compact.slice(SELECTOR_LENGTH);
	for (const line of lines) {
		const squeezed = line.replace(/[-\s_.:]/g, '').toLowerCase();
		expect(squeezed, `a log line holds the code: ${line}`).not.toContain(compact);
		expect(squeezed, `a log line holds the code's secret part: ${line}`).not.toContain(secret);
		expect(line.toLowerCase(), `a log line holds the code: ${line}`).not.toContain(code.toLowerCase());
		for (const [what, pattern] of IP_PATTERNS) expect(line, `a log line holds ${what}: ${line}`).not.toMatch(pattern);
		for (const name of questions) {
			expect(line, `a log line names the question ${name}: ${line}`).not.toContain(name);
		}
		for (const text of questionTexts) expect(line, `a log line holds a question's text: ${line}`).not.toContain(text);
		expect(line, `a log line holds an answer: ${line}`).not.toMatch(/["'=:]\s*(ja|nej)\b/);
	}
	test.info().annotations.push({
		type: 'log',
		description: `${lines.filter((l) => l.trim()).length} server log line(s) during the journey, ${requests.length} browser requests`
	});
});
