import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { expectNoAxeViolations } from './axe';

// Demo accounts seeded on a non-production start (src/lib/server/staff/demo-staff.ts).
const PASSWORD = 'demo-adgangskode';

async function signIn(page: Page, username: string): Promise<void> {
	await page.goto('/staff/login');
	await page.getByLabel('Brugernavn').fill(username);
	await page.getByLabel('Adgangskode').fill(PASSWORD);
	await page.getByRole('button', { name: 'Log ind' }).click();
	await expect(page).not.toHaveURL(/\/staff\/login/);
}

test('a coordinator sees the statistics and downloads them as CSV', async ({ page }) => {
	await signIn(page, 'gladsaxe.koordinator');
	// The landing page after sign-in belongs to the calendar; this journey starts from the statistics.
	await page.goto('/staff/stats');
	await expect(
		page.getByRole('navigation', { name: 'Medarbejdermenu' }).getByRole('link', { name: 'Statistik' })
	).toHaveAttribute('aria-current', 'page');
	await expect(page.getByRole('heading', { level: 1, name: 'Statistik' })).toBeVisible();
	await expect(page.getByText('<5: et tal fra 1 til 4.')).toBeVisible();
	// Interpreter requests per language (issue 15, part 4) have a table of their own, or say there were none.
	await expect(page.getByRole('heading', { level: 2, name: 'Tolk pr. sprog' })).toBeVisible();
	// The month form is a plain GET form.
	await page.getByRole('button', { name: 'Vis' }).click();
	await expect(page).toHaveURL(/\/staff\/stats\?month=\d{4}-\d{2}$/);
	await expectNoAxeViolations(page);

	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('link', { name: 'Hent som CSV (Excel)' }).click()
	]);
	expect(download.suggestedFilename()).toMatch(/^statistik-gladsaxe-\d{4}-\d{2}\.csv$/);
	const body = await (await download.createReadStream()).toArray();
	const text = Buffer.concat(body as Buffer[]).toString('utf8');
	expect(text.startsWith('\uFEFFMåned;Tilbud;Sted;Koder udstedt;')).toBe(true);
	expect(text).toContain(';I alt;');
	expect(text).toContain('\r\n\r\nMåned;Sprog;Tider med tolk\r\n');
});

test('a coordinator sees the 14-day guarantee list, with §101a exempt', async ({ page }) => {
	await signIn(page, 'gladsaxe.koordinator');
	await page.goto('/staff/garanti');
	await expect(page.getByRole('heading', { level: 1, name: '14-dagesgarantien' })).toBeVisible();
	await expect(page.getByRole('table', { name: 'Ledige tider og garantien' })).toBeVisible();
	await expect(page.getByText('Undtaget: §101a er ikke omfattet af 14-dagesgarantien.').first()).toBeVisible();
	await expectNoAxeViolations(page);
});

test('the partner place downloads its report; counsellors get 404 for the operations pages', async ({ page }) => {
	await signIn(page, 'brydehuset.partner');
	await page.goto('/staff/partner');
	await expect(page.getByRole('heading', { level: 1, name: 'Partnerrapport' })).toBeVisible();
	await expectNoAxeViolations(page);
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('link', { name: 'Hent som CSV (Excel)' }).click()
	]);
	expect(download.suggestedFilename()).toMatch(/^partnerrapport-\d{4}-\d{2}\.csv$/);
	expect((await page.request.get('/staff/stats')).status()).toBe(404);

	await page.context().clearCookies();
	await signIn(page, 'gladsaxe.raadgiver');
	for (const path of ['/staff/stats', '/staff/garanti', '/staff/partner', '/staff/stats/csv?month=2026-01']) {
		expect((await page.request.get(path)).status(), path).toBe(404);
	}
});
