import { test, expect } from './fixtures';
import { generateCode } from '../../src/lib/domain/code';
import { checked, confirmAndReadCode, enterCode, listedTimes, startBooking } from './citizen-flow';
import { randomBytes } from 'node:crypto';

const OFFER = 'gladsaxe-raadgivning-foer-behandling';

test('cancel frees the seat for another code; a time taken meanwhile offers the nearest free ones', async ({
	page,
	browser
}, testInfo) => {
	test.slow();
	await startBooking(page, OFFER);
	const [taken] = await listedTimes(page);
	await page.goto(taken!.href);
	await confirmAndReadCode(page);

	// Someone else, in another browser, with no code yet.
	const other = await browser.newContext({
		baseURL: testInfo.project.use.baseURL ?? process.env.PORTAL_URL,
		javaScriptEnabled: testInfo.project.use.javaScriptEnabled
	});
	const second = await other.newPage();
	await startBooking(second, OFFER);
	expect((await listedTimes(second)).map((t) => t.href)).not.toContain(taken!.href);
	await second.goto(taken!.href);
	await expect(second.getByRole('heading', { name: 'Tiden blev lige taget' })).toBeVisible();
	await expect(second.getByText('Her er de nærmeste ledige tider')).toBeVisible();
	await checked(second);

	// The first person cancels.
	await page.goto('/mine-tider');
	await page.getByRole('link', { name: /^Aflys tiden/ }).click();
	await page.getByRole('button', { name: 'Ja, aflys tiden' }).click();
	await expect(page.getByText('Tiden er aflyst.')).toBeVisible();
	await expect(page.getByText('Aflyst af dig')).toBeVisible();
	await checked(page);

	// The seat is free again for the other person's new code.
	await second.goto(taken!.href);
	await confirmAndReadCode(second);
	await other.close();
});

test('reschedule moves a booking to another free time', async ({ page }) => {
	test.slow();
	await startBooking(page, OFFER);
	const [first, later] = await listedTimes(page);
	await page.goto(first!.href);
	await confirmAndReadCode(page);
	await page.goto('/mine-tider');
	await page.getByRole('link', { name: /^Flyt tiden/ }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Flyt din tid' })).toBeVisible();
	await checked(page);
	const target = (await listedTimes(page)).find((t) => t.startsAt.getTime() === later!.startsAt.getTime())!;
	await page.goto(target.href);
	await page.getByRole('button', { name: 'Flyt til denne tid' }).click();
	await expect(page.getByText('Tiden er flyttet.')).toBeVisible();
	await expect(page.locator('ul.bookings').first().locator('li')).toHaveCount(1);
	await checked(page);
});

test('a typo in the code is told apart from an unknown code; the right code opens the times', async ({ page }) => {
	test.slow();
	await startBooking(page, OFFER);
	await page.goto((await listedTimes(page))[0]!.href);
	const code = await confirmAndReadCode(page);
	await page.getByRole('link', { name: 'Se dine tider' }).click();
	await page.getByRole('button', { name: 'Log ud af koden' }).click();

	// One symbol changed: the check symbol no longer fits.
	const last = code.at(-2) === '0' ? '1' : '0';
	await enterCode(page, `${code.slice(0, -2)}${last}${code.at(-1)}`);
	const summary = page.getByRole('alert');
	await expect(summary).toContainText('Der er vist en tastefejl i koden.');
	await expect(summary.getByRole('link')).toHaveAttribute('href', '#code');
	await expect(page.getByRole('textbox', { name: 'Din kode' })).toHaveAttribute('aria-invalid', 'true');
	await checked(page);

	// Well formed, never issued.
	await enterCode(page, generateCode((n) => new Uint8Array(randomBytes(n))).display);
	await expect(page.getByRole('alert')).toContainText('Vi kender ikke den kode.');
	await checked(page);

	await enterCode(page, code);
	await expect(page).toHaveURL(/\/mine-tider$/);
	await expect(page.locator('ul.bookings').first().locator('li')).toHaveCount(1);
});

test('quick exit ends the code session', async ({ page }) => {
	test.slow();
	await startBooking(page, OFFER);
	await page.goto((await listedTimes(page))[0]!.href);
	await confirmAndReadCode(page);
	await page.goto('/mine-tider');
	await expect(page.getByRole('heading', { level: 1, name: 'Dine tider' })).toBeVisible();
	// Never clicked: it leaves for an outside site. The same request the link makes, without following it.
	await expect(page.getByRole('link', { name: 'Forlad siden' })).toHaveAttribute('href', '/exit');
	// (The browser marks it same-origin; /exit ends no session for a request from another site.)
	const exit = await page.request.get('/exit', { maxRedirects: 0, headers: { 'sec-fetch-site': 'same-origin' } });
	expect(exit.status()).toBe(303);
	await page.goto('/mine-tider');
	await expect(page).toHaveURL(/\/kode$/);
	expect((await page.context().cookies()).find((c) => c.name === 'code_session')).toBeUndefined();
});
