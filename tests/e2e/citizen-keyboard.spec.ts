import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { checked } from './citizen-flow';
import { freshClientLimits } from './portal';

/** Presses Tab until the focused element's accessible text matches, as a keyboard-only person would. */
async function tabTo(page: Page, text: RegExp, max = 60): Promise<void> {
	for (let i = 0; i < max; i++) {
		await page.keyboard.press('Tab');
		const focused = await page.evaluate(() => {
			const el = document.activeElement as HTMLElement | null;
			return el
				? `${el.getAttribute('aria-label') ?? ''} ${el.innerText ?? ''} ${(el as HTMLInputElement).value ?? ''}`.trim()
				: '';
		});
		if (text.test(focused)) return;
	}
	throw new Error(`Tab never reached ${text}`);
}

test('keyboard only: from the offer page to a code, with visible focus all the way', async ({ page }) => {
	test.slow();
	await page.goto('/tilbud/gladsaxe-anonym-alkoholbehandling');
	await tabTo(page, /^Book en tid$/);
	// Focus is visible: the app's :focus-visible outline, not the browser's absence of one.
	expect(await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle)).toBe('solid');
	await page.keyboard.press('Enter');
	await expect(page.getByRole('heading', { level: 1, name: 'Passer tilbuddet til dig?' })).toBeVisible();

	// Into the one question's radio group, choose "Ja" with the space bar, then on to the button.
	await tabTo(page, /^ja$/);
	await page.keyboard.press('Space');
	await expect(page.locator('#adult-ja')).toBeChecked();
	await tabTo(page, /^Fortsæt$/);
	await page.keyboard.press('Enter');
	await expect(page.getByRole('heading', { level: 1, name: 'Vælg en tid' })).toBeVisible();

	await tabTo(page, /klokken/);
	await page.keyboard.press('Enter');
	await expect(page.getByRole('heading', { level: 1, name: 'Book tiden' })).toBeVisible();
	await freshClientLimits();
	await tabTo(page, /^Book og få min kode$/);
	await page.keyboard.press('Enter');
	await expect(page.getByTestId('code')).toBeVisible();
	await checked(page);
});
