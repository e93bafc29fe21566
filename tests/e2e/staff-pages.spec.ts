import { test, expect } from './fixtures';
import { generateTOTP } from '@oslojs/otp';
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { checked, copenhagen, staffLogin } from './staff-flow';

test('a coordinator’s pages pass axe: team, colleague, audit, printable day list, week and day views', async ({
	page
}) => {
	await staffLogin(page, 'odsherred.koordinator');
	const today = copenhagen(new Date()).day;
	for (const url of [
		'/staff/team',
		'/staff/audit',
		`/staff/calendar/print?date=${today}`,
		'/staff/calendar?view=day',
		'/staff/calendar?view=week',
		'/staff/slots/new',
		'/staff/phone'
	]) {
		await page.goto(url);
		await expect(page.locator('h1')).toBeVisible();
		await checked(page);
	}
	await page.goto('/staff/team');
	await page.getByRole('link', { name: /Rådgiver odsherred/ }).click();
	await expect(page.getByRole('heading', { level: 1, name: /Rådgiver odsherred/ })).toBeVisible();
	await checked(page);
	await page.goto('/staff/audit');
	await expect(page.locator('table')).toContainText('Loggede ind');
});

test('a coordinator requires TOTP for a new colleague, who sets it up at first sign-in', async ({
	page,
	browser
}, testInfo) => {
	const username = `ny.raadgiver.${testInfo.project.name.replace(/\W/g, '')}.${Date.now().toString(36)}`;
	const password = 'en lang nok adgangskode';
	await staffLogin(page, 'odsherred.koordinator');
	await page.goto('/staff/team', { waitUntil: 'networkidle' });
	await page.getByLabel('Navn', { exact: true }).fill('Ny Rådgiver');
	await page.getByLabel('Brugernavn').fill(username);
	await page.getByLabel('Første adgangskode').fill(password);
	await page.locator('fieldset input[name=places]').first().check();
	await expect(page.getByLabel('Kræv totrinsbekræftelse (engangskode) ved login')).toBeChecked();
	await page.getByRole('button', { name: 'Opret medarbejder' }).click();
	await expect(page.getByText('Medarbejderen er oprettet.')).toBeVisible();

	const colleague = await (await browser.newContext({ javaScriptEnabled: testInfo.project.name === 'js' })).newPage();
	await colleague.goto('/staff/login', { waitUntil: 'networkidle' });
	await colleague.getByLabel('Brugernavn').fill(username);
	await colleague.getByLabel('Adgangskode').fill(password);
	await colleague.getByRole('button', { name: 'Log ind' }).click();
	// The coordinator knows the first password: the colleague chooses their own before anything else (issue 9).
	await expect(colleague.getByRole('heading', { level: 1, name: 'Skift adgangskode' })).toBeVisible();
	await checked(colleague);
	await colleague.goto('/staff/calendar');
	await expect(colleague).toHaveURL(/\/staff\/password/);
	await colleague.getByLabel('Nuværende adgangskode').fill(password);
	await colleague.getByLabel('Ny adgangskode', { exact: true }).fill('mine egne ord om havet');
	await colleague.getByLabel('Gentag den nye adgangskode').fill('mine egne ord om havet');
	await colleague.getByRole('button', { name: 'Skift adgangskode' }).click();
	await expect(colleague.getByRole('heading', { level: 1, name: 'Slå totrinsbekræftelse til' })).toBeVisible();
	await checked(colleague);
	// Every staff page sends them back here until the app holds the key.
	await colleague.goto('/staff/calendar');
	await expect(colleague).toHaveURL(/\/staff\/totp\/setup/);
	const key = decodeBase32IgnorePadding((await colleague.getByTestId('totp-key').innerText()).replace(/\s/g, ''));
	await colleague.getByLabel('Kode (6 cifre)').fill(generateTOTP(key, 30, 6));
	await colleague.getByRole('button', { name: 'Slå til' }).click();
	await expect(colleague.getByRole('heading', { level: 1, name: 'Kalender' })).toBeVisible();
	// The key is never shown again.
	await colleague.goto('/staff/totp/setup');
	await expect(colleague).toHaveURL(/\/staff\/calendar/);
	await colleague.context().close();
});
