import { test, expect } from '@playwright/test';
import { checked, confirmAndReadCode, listedTimes, startBooking } from './citizen-flow';

const OFFER = 'helsingor-anonym-gruppebehandling';

/**
 * Helsingør's anonymous group: 14 Mondays 16–18 with rolling intake (003). Joining the group needs a §101a
 * decision, which staff record only after an attended clarifying conversation; the join itself (rolling intake
 * from a later week, the following weeks booked up to the cap) is tested against the database in
 * tests/db/citizen-join.test.ts. Here: what the person sees and books through the pages.
 */
test('Helsingør group: the running Monday series shows its next start dates and seats; the clarifying conversation comes first', async ({ page }) => {
	test.slow();
	await page.goto(`/tilbud/${OFFER}`);
	const groups = page.getByRole('heading', { level: 2, name: 'Holdene' });
	await expect(groups).toBeVisible();
	await expect(page.getByRole('heading', { level: 3, name: /^Hver mandag kl\. 16\.00 til 18\.00$/ })).toBeVisible();
	await expect(page.getByText('Holdet kører nu. Du kan starte i alle uger.')).toBeVisible();
	const starts = page.locator('.starts li');
	expect(await starts.count()).toBeGreaterThan(1);
	await expect(starts.first()).toContainText(/Start \d+\. \w+/);
	await expect(starts.first()).toContainText(/\d+ ledige pladser/);
	await expect(page.getByText('Du kan komme på holdet, når du har haft den første samtale, og centret har sagt ja.')).toBeVisible();
	await checked(page);

	await startBooking(page, OFFER);
	await expect(page.getByText('Først har du en samtale.')).toBeVisible();
	const times = await listedTimes(page);
	// Helsingør's hours for this offer are Mondays 16–18 (003): every listed time is a Monday afternoon in Denmark.
	for (const t of times) {
		const parts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Copenhagen', weekday: 'short', hour: '2-digit', hour12: false }).formatToParts(t.startsAt);
		expect(parts.find((p) => p.type === 'weekday')?.value).toBe('Mon');
		expect(Number(parts.find((p) => p.type === 'hour')?.value)).toBeGreaterThanOrEqual(16);
	}
	await page.goto(times[0]!.href);
	await confirmAndReadCode(page);
	await page.goto('/mine-tider');
	await expect(page.getByText('Første samtale · Helsingør Rusmiddelcenter')).toBeVisible();
	await expect(page.getByText('Efter den første samtale beslutter centret')).toBeVisible();
	await checked(page);
});
