import { test, expect } from './fixtures';
import { expectNoAxeViolations } from './axe';

test.describe('landing page', () => {
	test('lists the municipalities with offers, and each one’s offers as short cards, in Danish, from the database', async ({
		page
	}) => {
		await page.goto('/');
		await expect(page.locator('html')).toHaveAttribute('lang', 'da');
		await expect(page.getByRole('heading', { level: 1 })).toContainText('uden at sige, hvem du er');
		for (const name of ['Gladsaxe', 'Odsherred', 'Helsingør', 'København']) {
			await expect(page.getByRole('link', { name: new RegExp(name) })).toBeVisible();
		}
		await expectNoAxeViolations(page);
		// Odsherred: 1–5 anonymous counselling conversations (002), on the offer's own page.
		await page.getByRole('link', { name: 'Odsherred Kommune' }).click();
		await page.locator('a[href="/tilbud/odsherred-anonym-raadgivning-paaroerende"]').first().click();
		await expect(page.getByText('Op til 5 samtaler')).toBeVisible();
		// SUL §141 stk. 7 (000): no medicine while anonymous, said where it applies — and a doctor all the same.
		await page.goto('/tilbud/gladsaxe-anonym-alkoholbehandling');
		await expect(
			page
				.getByText(
					'Du kan tale med en læge som en del af behandlingen. Men mens du er anonym, kan du ikke få medicin.',
					{ exact: false }
				)
				.first()
		).toBeVisible();
		// Parents and relatives find their offers under their own heading, only where the municipality has them (000–004).
		for (const [slug, has] of [
			['gladsaxe', true],
			['helsingor', true],
			['odsherred', true],
			['kobenhavn', true]
		] as const) {
			await page.goto(`/kommune/${slug}`);
			await expect(page.getByRole('heading', { level: 2, name: 'Til forældre og pårørende' })).toHaveCount(has ? 1 : 0);
		}
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

test('SEL §101a stk. 2 (001): Gladsaxe’s page names Brydehuset in Ballerup as its partner', async ({ page }) => {
	await page.goto('/kommune/gladsaxe');
	await expect(page.getByText('Brydehuset tager imod borgere fra Gladsaxe Kommune')).toBeVisible();
});
