import { test, expect } from './fixtures';
import { bookByForm, checked, confirmAndReadCode, copenhagenMonth, listedTimes, startBooking } from './citizen-flow';

const OFFER = 'gladsaxe-anonym-alkoholbehandling';

test('SUL §141 Gladsaxe alcohol: the 9th booking within 30 days is refused with the reason (000 "2-8 gange pr. måned", a rolling window)', async ({
	page
}, testInfo) => {
	test.slow();
	await startBooking(page, OFFER);
	const times = await listedTimes(page);
	// Nine free times within 30 days (the demo opens four weeks): the window the cadence counts in, whatever the month.
	const first = times[0]!;
	const month = times.filter((t) => t.startsAt.getTime() - first.startsAt.getTime() < 29 * 86_400_000);
	expect(month.length, 'nine free times within 30 days').toBeGreaterThanOrEqual(9);
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

	// Issue 12, item 4: a month whose every free time the window refuses is told full before the person chooses.
	await page.goto(`/mine-tider/book?maaned=${copenhagenMonth(month![0]!.startsAt)}`);
	await expect(page.getByTestId('month-full')).toContainText('Du har allerede så mange tider i');
	await expect(page.locator('ul.times a[data-starts]')).toHaveCount(0);
	await checked(page);

	// The ninth, through the page as a person would.
	await page.goto(`/mine-tider/book/${ids[8]}`);
	await page.getByRole('button', { name: 'Book tiden' }).click();
	await expect(page.getByRole('heading', { name: 'Tiden kan ikke bookes' })).toBeVisible();
	await expect(
		page.getByText('Så ville du få mere end 8 tider på 30 dage. Vælg en tid, der ligger længere fra dine andre tider.')
	).toBeVisible();
	await expect(page.getByRole('heading', { name: 'Hvem kan du ringe til?' })).toBeVisible();
	await checked(page);
	await page.goto('/mine-tider');
	await expect(page.locator('ul.bookings').first().locator('li')).toHaveCount(8);
});
