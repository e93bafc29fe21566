import { expect, type Page, type TestInfo } from '@playwright/test';
import { expectNoAxeViolations } from './axe';

/** Demo accounts seeded by a non-production start (src/lib/server/staff/demo-staff.ts). */
export const DEMO_PASSWORD = 'demo-adgangskode';

export async function staffLogin(page: Page, username: string): Promise<void> {
	// After hydration, so nothing typed is lost to a page that is still starting up.
	await page.goto('/staff/login', { waitUntil: 'networkidle' });
	await page.getByLabel('Brugernavn').fill(username);
	await page.getByLabel('Adgangskode').fill(DEMO_PASSWORD);
	await page.getByRole('button', { name: 'Log ind' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Kalender' })).toBeVisible();
}

/**
 * Phone booking (issue 13, item 6): the offer and place, a day, the day's first time, "Ja" to every question, and
 * Book. Returns the code read out, or null when the page refused.
 */
export async function phoneBookFirstTime(
	page: Page,
	offerPlace: string,
	options: { dayIndex?: number } = {}
): Promise<string | null> {
	await page.goto(`/staff/phone?offerPlace=${encodeURIComponent(offerPlace)}`);
	await page
		.locator('a[data-day]')
		.nth(options.dayIndex ?? 0)
		.click();
	await page.locator('input[name=slotId]').first().check();
	for (const yes of await page.getByRole('radio', { name: 'Ja' }).all()) await yes.check();
	await page.getByRole('button', { name: 'Book og lav kode' }).click();
	const shown = page.getByTestId('issued-code');
	await expect(shown.or(page.locator('.error-summary'))).toBeVisible();
	return (await shown.isVisible()) ? (await shown.innerText()).trim() : null;
}

export async function checked(page: Page): Promise<void> {
	await expectNoAxeViolations(page);
}

/** A Copenhagen calendar date and wall time of an instant. */
export function copenhagen(date: Date): { day: string; time: string } {
	const parts = new Intl.DateTimeFormat('en-CA', {
		timeZone: 'Europe/Copenhagen',
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit',
		hourCycle: 'h23'
	}).formatToParts(date);
	const get = (t: string) => parts.find((p) => p.type === t)!.value;
	return { day: `${get('year')}-${get('month')}-${get('day')}`, time: `${get('hour')}:${get('minute')}` };
}

/** The Copenhagen date `n` days after `day`. */
export function addDays(day: string, n: number): string {
	const d = new Date(`${day}T12:00:00Z`);
	d.setUTCDate(d.getUTCDate() + n);
	return d.toISOString().slice(0, 10);
}

/** The first Monday strictly after the Copenhagen date `day`. */
export function nextMonday(day: string): string {
	const d = new Date(`${day}T12:00:00Z`);
	do d.setUTCDate(d.getUTCDate() + 1);
	while (d.getUTCDay() !== 1);
	return d.toISOString().slice(0, 10);
}

/** Posts a form to a staff page the way a browser without JavaScript does (SvelteKit wants the origin). */
export async function postForm(page: Page, url: string, form: Record<string, string>, testInfo: TestInfo) {
	const baseURL = testInfo.project.use.baseURL ?? process.env.PORTAL_URL!;
	return page.request.post(url, { form, headers: { origin: new URL(baseURL).origin }, maxRedirects: 0 });
}

export interface SlotForm {
	offerPlace: string;
	phase: string;
	/** 'me', 'none', or a colleague's name as the list shows it. */
	counsellor: string;
	day: string;
	from: string;
	to: string;
	seats: number;
	weeks: number;
	outsideHours?: boolean;
	/** Cut from–to into times of this many minutes; left out: one time from–to. */
	blockMinutes?: number;
}

/** Chooses the offer, fills and sends the new-times form; returns the page after the redirect (or the form with its message or summary). */
export async function createSlotsByForm(page: Page, f: SlotForm): Promise<void> {
	await page.goto('/staff/slots/new', { waitUntil: 'networkidle' });
	await page.getByLabel('Tilbud og sted').selectOption(f.offerPlace);
	await page.getByRole('button', { name: 'Vælg tilbud' }).click();
	await page.getByLabel('Del af forløbet').selectOption(f.phase);
	await page
		.getByLabel('Rådgiver')
		.selectOption({ label: f.counsellor === 'me' ? 'Mig' : f.counsellor === 'none' ? 'Ingen bestemt' : f.counsellor });
	await page.getByLabel('Dato (første gang)').fill(f.day);
	await page.getByLabel('Fra').fill(f.from);
	await page.getByLabel('Til', { exact: true }).fill(f.to);
	await page.getByLabel('Del i tider á (minutter)').fill(f.blockMinutes ? String(f.blockMinutes) : '');
	await page.getByLabel('Pladser').fill(String(f.seats));
	await page.getByLabel('Antal uger').fill(String(f.weeks));
	if (f.outsideHours) await page.getByLabel('Uden for åbningstid efter individuel aftale').check();
	await checked(page);
	await page.getByRole('button', { name: 'Opret' }).click();
}
