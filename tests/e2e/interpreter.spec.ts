import { test, expect } from './fixtures';
import { checked, confirmAndReadCode, listedTimes, startBooking } from './citizen-flow';
import { staffLogin } from './staff-flow';

/** An interpreter when needed (issue 15, part 4), in both projects: a plain form per time. */

const OFFER = 'gladsaxe-raadgivning-foer-behandling';

test('a person asks for an interpreter for a time, is told by when, and staff see the language on the time', async ({
	page,
	browser
}, testInfo) => {
	test.slow();
	await startBooking(page, OFFER);
	const [first] = await listedTimes(page);
	const slotId = first!.href.split('/book/')[1]!.split('?')[0]!;
	await page.goto(first!.href);
	await confirmAndReadCode(page);
	await page.goto('/mine-tider');
	await page.getByRole('link', { name: 'Brug for tolk?' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Tolk' })).toBeVisible();
	await expect(page.getByText('mindst 3 hverdage før')).toBeVisible();
	await checked(page);
	await page.getByRole('combobox', { name: 'Tolk til denne tid' }).selectOption('ar');
	await page.getByRole('button', { name: 'Gem' }).click();
	await expect(page.getByText('Det er gemt.')).toBeVisible();
	await expect(page.getByText('Du har bedt om tolk: arabisk')).toBeVisible();
	await checked(page);

	const staff = await browser.newContext({
		baseURL: testInfo.project.use.baseURL ?? process.env.PORTAL_URL,
		javaScriptEnabled: testInfo.project.use.javaScriptEnabled
	});
	const staffPage = await staff.newPage();
	await staffLogin(staffPage, 'gladsaxe.koordinator');
	await staffPage.goto(`/staff/slots/${slotId}`);
	await expect(staffPage.getByText('Tolk: arabisk')).toBeVisible();
	await staff.close();
});
