import { test, expect } from './fixtures';
import { expectNoAxeViolations } from './axe';

test.describe('landing page', () => {
	test('lists the five municipalities’ anonymous offers in Danish, from the database', async ({ page }) => {
		await page.goto('/');
		await expect(page.locator('html')).toHaveAttribute('lang', 'da');
		await expect(page.getByRole('heading', { level: 1 })).toContainText('uden at sige, hvem du er');
		for (const name of ['Gladsaxe', 'Ballerup', 'Odsherred', 'Helsingør', 'København']) {
			await expect(page.getByRole('heading', { level: 3, name: new RegExp(name) })).toBeVisible();
		}
		// Odsherred: 1–5 anonymous counselling conversations (002).
		const odsherred = page.locator('section', { has: page.getByRole('heading', { level: 3, name: /Odsherred/ }) });
		await expect(odsherred).toContainText('Op til 5 samtaler');
		// SUL §141 stk. 7 (000): no medicine while anonymous, said where it applies — and a doctor all the same.
		await expect(page.getByText('Du kan tale med en læge som en del af behandlingen. Men mens du er anonym, kan du ikke få medicin.', { exact: false }).first()).toBeVisible();
		// Parents and relatives are pointed only to the municipalities with offers for them (000–004; København's by phone, 004 §3.3.4).
		await expect(page.getByText('Der er også tilbud til dig i Gladsaxe Kommune, Helsingør Kommune, Københavns Kommune og Odsherred Kommune.')).toBeVisible();
		await expectNoAxeViolations(page);
	});

	test('switches to English and back with a plain link', async ({ page }) => {
		await page.goto('/');
		await page.getByRole('link', { name: 'Read this page in English' }).click();
		await expect(page.locator('html')).toHaveAttribute('lang', 'en');
		await expect(page.getByRole('heading', { level: 1 })).toContainText('without saying who you are');
		await expectNoAxeViolations(page);
		await page.getByRole('link', { name: 'Læs siden på dansk' }).click();
		await expect(page.locator('html')).toHaveAttribute('lang', 'da');
	});

	test('quick exit is on the page and leaves for a neutral site through /exit', async ({ page, request }) => {
		await page.goto('/');
		const exit = page.getByRole('link', { name: 'Forlad siden' });
		await expect(exit).toHaveAttribute('href', '/exit');
		const response = await request.get('/exit', { maxRedirects: 0 });
		expect(response.status()).toBe(303);
		expect(response.headers()['location']).toBe('https://www.dr.dk/vejret');
	});

	test('/health answers 200 while the database is up', async ({ request }) => {
		const response = await request.get('/health');
		expect(response.status()).toBe(200);
		expect(await response.json()).toEqual({ status: 'ok' });
	});
});

test('SEL §101a stk. 2 (001): Ballerup is shown with Brydehuset as Gladsaxe’s partner', async ({ page }) => {
	await page.goto('/');
	const ballerup = page.locator('section', { has: page.getByRole('heading', { level: 3, name: /Ballerup/ }) });
	await expect(ballerup).toContainText('Brydehuset tager imod borgere fra Gladsaxe Kommune');
});
