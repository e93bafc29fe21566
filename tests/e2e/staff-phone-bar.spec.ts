import { test, expect } from './fixtures';
import { checked, staffLogin } from './staff-flow';

/**
 * Issue 13, items 1 and 10: at 390 px the staff bar took ~270 px of the first screen (the page's heading began
 * ~350 px down). On a phone it is one row: the links behind a "Menu" disclosure that opens without JavaScript,
 * "Log ud" at hand; on a laptop every link stays in view.
 */
test.use({ viewport: { width: 390, height: 844 } });

test('Item 1/10: on a 390 px phone the staff bar is one row; its menu opens without JavaScript and by keyboard', async ({
	page
}) => {
	await staffLogin(page, 'gladsaxe.koordinator');
	for (const url of ['/staff/calendar?view=day', '/staff/calendar?view=week', '/staff/phone', '/staff/team']) {
		await page.goto(url);
		const heading = await page.locator('h1').boundingBox();
		// The site's name, one row of staff bar, then the page: its heading within the first 160 px.
		expect(heading!.y, url).toBeLessThan(160);
		await expect(page.getByRole('button', { name: 'Log ud' })).toBeVisible();
		await expect(page.getByRole('link', { name: 'Medarbejdere' })).toBeHidden();
		await checked(page);
	}

	// The keyboard: to the menu, open it, on to a link, follow it.
	await page.goto('/staff/calendar?view=day');
	const menu = page.locator('summary', { hasText: 'Menu' });
	await expect(menu).toContainText('Kalender');
	await menu.focus();
	await page.keyboard.press('Enter');
	const team = page.getByRole('link', { name: 'Medarbejdere' });
	await expect(team).toBeVisible();
	await expect(page.getByRole('link', { name: 'Kalender', exact: true })).toHaveAttribute('aria-current', 'page');
	await expect(page.getByRole('link', { name: 'Skift adgangskode' })).toBeVisible();
	await checked(page);
	for (let i = 0; i < 12 && !(await team.evaluate((a) => a === document.activeElement)); i++)
		await page.keyboard.press('Tab');
	await expect(team).toBeFocused();
	await page.keyboard.press('Enter');
	await expect(page.getByRole('heading', { level: 1, name: 'Medarbejdere' })).toBeVisible();
	await expect(page.locator('summary', { hasText: 'Menu' })).toContainText('Medarbejdere');
});

test('Item 1/10: on a laptop the staff bar shows every link without a menu to open', async ({ page }) => {
	await page.setViewportSize({ width: 1280, height: 800 });
	await staffLogin(page, 'gladsaxe.koordinator');
	await expect(page.getByRole('link', { name: 'Medarbejdere' })).toBeVisible();
	await expect(page.locator('summary', { hasText: 'Menu' })).toBeHidden();
	await checked(page);
});
