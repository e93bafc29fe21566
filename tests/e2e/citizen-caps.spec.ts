import { test, expect } from './fixtures';
import { bookByForm, checked, confirmAndReadCode, listedTimes, startBooking } from './citizen-flow';

/** The ids of the first n free times listed on a time page. */
async function firstIds(page: import('@playwright/test').Page, n: number): Promise<string[]> {
	const times = await listedTimes(page);
	expect(times.length).toBeGreaterThanOrEqual(n);
	return times.slice(0, n).map((t) => t.href.split('/book/')[1]!.split('?')[0]!);
}

test('001 §3.3.3 and §5: a Gladsaxe under-18 who has had the 1–2 anonymous talks is handed over (parents consent to enrolment), not offered more anonymous talks', async ({
	page
}) => {
	test.slow();
	await startBooking(page, 'gladsaxe-ung-anonym-raadgivning', { band: 'under18' });
	// Only the band travels on, in the address.
	expect(page.url()).toContain('alder=under18');
	const [first, second, third] = await firstIds(page, 3);
	await page.goto((await listedTimes(page))[0]!.href);
	await confirmAndReadCode(page);

	// The second conversation through the pages.
	await page.goto('/mine-tider');
	await page.getByRole('link', { name: 'Book næste tid' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Book næste tid' })).toBeVisible();
	await checked(page);
	await page.goto(`/mine-tider/book/${second}`);
	await page.getByRole('button', { name: 'Book tiden' }).click();
	await expect(page.getByText('Din tid er booket.')).toBeVisible();
	await expect(page.getByText('2 af 2 samtaler er booket')).toBeVisible();

	// The third: the hand-over to identified help and whom to call, instead of a booking button (issue 11, item 4).
	await expect(page.getByRole('heading', { name: 'Du har haft dine samtaler uden forældre' })).toBeVisible();
	await expect(
		page.getByText('skal dine forældre give lov til, at du starter i behandling. Så er du ikke anonym mere.')
	).toBeVisible();
	await expect(page.getByText('Det skal Familieafdelingen eller Ungeenheden også.')).toBeVisible();
	await expect(page.getByRole('heading', { name: 'Hvem kan du ringe til?' })).toBeVisible();
	await expect(page.getByRole('link', { name: 'Book næste tid' })).toHaveCount(0);
	await checked(page);
	await page.goto(`/mine-tider/book/${third}`);
	await page.getByRole('button', { name: 'Book tiden' }).click();
	await expect(page.getByRole('heading', { name: 'Tiden kan ikke bookes' })).toBeVisible();
	await checked(page);
	expect(first).toBeTruthy();
});

test('Odsherred relative: the cap of 5 conversations holds (002)', async ({ page }, testInfo) => {
	test.slow();
	await startBooking(page, 'odsherred-anonym-raadgivning-paaroerende');
	const ids = await firstIds(page, 6);
	await page.goto((await listedTimes(page))[0]!.href);
	await confirmAndReadCode(page);
	for (const id of ids.slice(1, 5)) await bookByForm(page, `/mine-tider/book/${id}`, testInfo);

	await page.goto('/mine-tider');
	await expect(page.getByText('5 af 5 samtaler er booket')).toBeVisible();
	await expect(page.getByText('Du har brugt alle dine samtaler.')).toBeVisible();
	await expect(page.getByRole('heading', { name: 'Hvem kan du ringe til?' })).toBeVisible();
	await checked(page);

	await page.goto(`/mine-tider/book/${ids[5]}`);
	await page.getByRole('button', { name: 'Book tiden' }).click();
	await expect(page.getByText('Du har brugt alle dine samtaler.')).toBeVisible();
	await checked(page);
	await page.goto('/mine-tider');
	await expect(page.getByText('5 af 5 samtaler er booket')).toBeVisible();
});
