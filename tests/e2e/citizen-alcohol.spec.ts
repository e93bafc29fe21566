import { test, expect } from './fixtures';
import { bookByForm, checked, confirmAndReadCode, copenhagenMonth, listedTimes, startBooking } from './citizen-flow';

const OFFER = 'gladsaxe-anonym-alkoholbehandling';

test('SUL §141 Gladsaxe alcohol: the 9th booking in one calendar month is refused with the reason (000)', async ({ page }, testInfo) => {
	test.slow();
	await startBooking(page, OFFER);
	const times = await listedTimes(page);
	// Nine free times in one Copenhagen calendar month: the month the cadence counts in.
	const byMonth = new Map<string, typeof times>();
	for (const t of times) byMonth.set(copenhagenMonth(t.startsAt), [...(byMonth.get(copenhagenMonth(t.startsAt)) ?? []), t]);
	const month = [...byMonth.values()].find((list) => list.length >= 9);
	expect(month, 'nine free times in one month').toBeTruthy();
	const ids = month!.slice(0, 9).map((t) => t.href.split('/book/')[1]!.split('?')[0]!);

	await page.goto(month![0]!.href);
	await confirmAndReadCode(page);
	// Bookings two to eight through the form endpoint the page posts to.
	for (const id of ids.slice(1, 8)) {
		expect(await bookByForm(page, `/mine-tider/book/${id}`, testInfo)).toContain('/mine-tider?besked=booket');
	}
	await page.goto('/mine-tider');
	await expect(page.locator('ul.bookings').first().locator('li')).toHaveCount(8);
	await checked(page);

	// Issue 12, item 4: the month is told full before the person chooses a time in it.
	await page.goto(`/mine-tider/book?maaned=${copenhagenMonth(month![0]!.startsAt)}`);
	await expect(page.getByTestId('month-full')).toContainText('Du har allerede så mange tider i');
	await expect(page.locator('ul.times a[data-starts]')).toHaveCount(0);
	await checked(page);

	// The ninth, through the page as a person would.
	await page.goto(`/mine-tider/book/${ids[8]}`);
	await page.getByRole('button', { name: 'Book tiden' }).click();
	await expect(page.getByRole('heading', { name: 'Tiden kan ikke bookes' })).toBeVisible();
	await expect(page.getByText('Du har nået det højeste antal tider i den måned. Vælg en tid i en anden måned.')).toBeVisible();
	await expect(page.getByRole('heading', { name: 'Hvem kan du ringe til?' })).toBeVisible();
	await checked(page);
	await page.goto('/mine-tider');
	await expect(page.locator('ul.bookings').first().locator('li')).toHaveCount(8);
});
