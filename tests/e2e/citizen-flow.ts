import { expect, type Page, type TestInfo } from '@playwright/test';
import { expectNoAxeViolations } from './axe';
import { freshClientLimits } from './portal';

/**
 * Steps of the citizen journeys, shared by the citizen*.spec.ts files. Every step is a plain link or a form
 * post, so the same helpers drive the 'js' and the 'no-js' project; axe runs on every page a step lands on.
 */

export async function checked(page: Page): Promise<void> {
	await expectNoAxeViolations(page);
}

/** Answers every eligibility question "yes" (each is put so that yes fits) and picks the age band if asked. */
export async function answerEligibility(page: Page, band?: 'under18' | '18to24' | '25plus'): Promise<void> {
	await expect(page.getByRole('heading', { level: 1, name: 'Passer tilbuddet til dig?' })).toBeVisible();
	for (const yes of await page.locator('input[type=radio][value=ja]').all()) await yes.check();
	if (band) await page.locator(`#alder-${band}`).check();
	await checked(page);
	await page.getByRole('button', { name: 'Fortsæt' }).click();
	await page.waitForURL((url) => !url.pathname.endsWith('/tjek'));
}

/** From the offer page to the first time list: questions, then the place (when there is a choice). */
export async function startBooking(
	page: Page,
	offer: string,
	opts: { band?: 'under18' | '18to24' | '25plus'; place?: string } = {}
) {
	await page.goto(`/tilbud/${offer}`);
	await checked(page);
	await page.getByRole('link', { name: 'Book en tid' }).first().click();
	// With JavaScript the router navigates in place: wait for the step's address before reading it.
	await page.waitForURL(/\/(tjek|sted|tid)(\?|$)/);
	if (page.url().includes('/tjek')) await answerEligibility(page, opts.band);
	await page.waitForURL(/\/(sted|tid)(\?|$)/);
	if (page.url().includes('/sted')) {
		await checked(page);
		await page.getByRole('link', { name: `Vælg ${opts.place}` }).click();
		await page.waitForURL(/\/tid\?/);
	}
	await expect(page.getByRole('heading', { level: 1, name: 'Vælg en tid' })).toBeVisible();
	await checked(page);
}

export interface Listed {
	href: string;
	startsAt: Date;
}

/** The `<a …>` tags of an HTML page that carry `attribute`, with their attributes (entities in values decoded). */
function anchorsWith(html: string, attribute: string): Record<string, string>[] {
	return [...html.matchAll(/<a\s[^>]*>/g)]
		.map((m) =>
			Object.fromEntries([...m[0].matchAll(/([a-z-]+)="([^"]*)"/g)].map((a) => [a[1]!, a[2]!.replace(/&amp;/g, '&')]))
		)
		.filter((a) => attribute in a);
}

/**
 * The free times a time page offers: it shows one day at a time (issue 12, item 4), so this reads each day's page
 * of the month shown and of the month after — as plain requests in the page's own session, not navigations, which
 * made every test that needs the whole list slow — and leaves the page where it was. Sorted, without repeats.
 */
export async function listedTimes(page: Page): Promise<Listed[]> {
	const found = new Map<string, Listed>();
	const read = async (href: string) => {
		const url = new URL(href, page.url());
		const res = await page.request.get(url.toString());
		expect(res.status(), `GET ${url.pathname}${url.search}`).toBe(200);
		return res.text();
	};
	const collect = (html: string) => {
		for (const a of anchorsWith(html, 'data-starts'))
			found.set(a.href!, { href: a.href!, startsAt: new Date(a['data-starts']!) });
	};
	const month = async (html: string) => {
		collect(html);
		const days = anchorsWith(html, 'data-day').filter((a) => !('aria-current' in a));
		for (const html of await Promise.all(days.map((a) => read(a.href!)))) collect(html);
	};
	const first = await page.content();
	await month(first);
	const later = anchorsWith(first, 'href').find((a) => /\bnext\b/.test(a.class ?? ''));
	if (later && anchorsWith(first, 'data-day').length > 0) await month(await read(later.href!));
	return [...found.values()].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
}

/** Confirms the time on a confirm page and returns the code shown once, without its dashes' line breaks. */
export async function confirmAndReadCode(page: Page): Promise<string> {
	await expect(page.getByRole('heading', { level: 1, name: 'Book tiden' })).toBeVisible();
	await checked(page);
	await freshClientLimits();
	await page.getByRole('button', { name: 'Book og få min kode' }).click();
	// POST/redirect/GET: the receipt has its own address, so a reload or Back shows it again (issue 12, item 1).
	await page.waitForURL(/\/kvittering$/);
	await expect(page.getByRole('heading', { level: 1, name: 'Din tid er booket' })).toBeVisible();
	const code = page.getByTestId('code');
	await expect(code).toBeVisible();
	await expect(page.getByText('Du kan se den her i 30 minutter')).toBeVisible();
	await expect(page.getByText('Hvis du mister koden')).toBeVisible();
	await checked(page);
	const text = (await code.innerText()).replace(/\s/g, '');
	expect(text).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
	return text;
}

/** Books the first listed time and returns the new code. */
export async function bookFirstListed(page: Page): Promise<string> {
	const [first] = await listedTimes(page);
	expect(first, 'the page lists a free time').toBeTruthy();
	await page.goto(first!.href);
	return confirmAndReadCode(page);
}

/**
 * Books a further time for the code of this browser through the same form endpoint the page posts to, the way
 * a person without JavaScript does (SvelteKit answers a cross-site form post with 403, so the origin is sent).
 */
export async function bookByForm(page: Page, slotHref: string, testInfo: TestInfo): Promise<string> {
	const baseURL = testInfo.project.use.baseURL ?? process.env.PORTAL_URL!;
	const response = await page.request.post(slotHref, {
		form: {},
		headers: { origin: new URL(baseURL).origin, accept: 'text/html' },
		maxRedirects: 0
	});
	expect(response.status(), await response.text().catch(() => '')).toBe(303);
	return response.headers()['location'] ?? '';
}

/** The Copenhagen calendar month of an instant, 'YYYY-MM' (the month SUL §141's cadence counts in). */
export function copenhagenMonth(date: Date): string {
	return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Copenhagen', year: 'numeric', month: '2-digit' }).format(
		date
	);
}

export async function enterCode(page: Page, code: string): Promise<void> {
	await page.goto('/kode');
	await page.getByRole('textbox', { name: 'Din kode' }).fill(code);
	await page.getByRole('button', { name: 'Se mine tider' }).click();
}
