import { test, expect } from './fixtures';
import postgres from 'postgres';
import { checked, confirmAndReadCode, listedTimes, startBooking } from './citizen-flow';

const OFFER = 'helsingor-anonym-gruppebehandling';

/**
 * Helsingør's anonymous group: 14 Mondays 16–18 with rolling intake (003). Joining the group needs a §101a
 * decision, which staff record only after an attended clarifying conversation (tests/e2e/staff-journey.spec.ts
 * drives that through the staff pages). Here the decision is written as staff would record it, and the person
 * then joins the running series from a later week through the pages.
 */
test('Helsingør group: the running Monday series shows its next start dates and seats; the clarifying conversation comes first; "Mine tider" says in one line that the person is signed up for the group', async ({
	page
}) => {
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
	await expect(
		page.getByText('Du kan komme på holdet, når du har haft den første samtale, og centret har sagt ja.')
	).toBeVisible();
	await checked(page);

	await startBooking(page, OFFER);
	await expect(page.getByText('Først har du en samtale.')).toBeVisible();
	const times = await listedTimes(page);
	// Helsingør's hours for this offer are Mondays 16–18 (003): every listed time is a Monday afternoon in Denmark.
	for (const t of times) {
		const parts = new Intl.DateTimeFormat('en-GB', {
			timeZone: 'Europe/Copenhagen',
			weekday: 'short',
			hour: '2-digit',
			hour12: false
		}).formatToParts(t.startsAt);
		expect(parts.find((p) => p.type === 'weekday')?.value).toBe('Mon');
		expect(Number(parts.find((p) => p.type === 'hour')?.value)).toBeGreaterThanOrEqual(16);
	}
	await page.goto(times[0]!.href);
	await confirmAndReadCode(page);
	await page.goto('/mine-tider');
	await expect(page.getByText('Første samtale · Helsingør Rusmiddelcenter')).toBeVisible();
	await expect(page.getByText('Efter den første samtale beslutter centret')).toBeVisible();
	await checked(page);

	// SEL §101a stk. 4: the centre grants the course after the clarifying conversation.
	const sql = postgres(process.env.PORTAL_DATABASE_URL!, { max: 1, onnotice: () => {} });
	try {
		const codes = await sql<{ id: string }[]>`
			select c.id from anon.code c join anon.booking b on b.code_id = c.id
			where c.offer_slug = ${OFFER} and b.slot_id = ${times[0]!.href.split('/').pop()!.split('?')[0]!}`;
		expect(codes).toHaveLength(1);
		await sql`update anon.code set decision = 'granted' where id = ${codes[0]!.id}`;
	} finally {
		await sql.end();
	}
	await page.goto('/mine-tider/book');
	// Rolling intake (003): any later Monday is a start; join from the second one offered after the first talk.
	const startLinks = page.locator('.starts a');
	expect(await startLinks.count()).toBeGreaterThan(1);
	const later = (
		await startLinks.evaluateAll((as) =>
			as.map((a) => ({ href: a.getAttribute('href')!, at: a.getAttribute('data-starts')! }))
		)
	).filter((s) => new Date(s.at).getTime() > times[0]!.startsAt.getTime());
	expect(later.length).toBeGreaterThan(1);
	await page.goto(later[1]!.href);
	await checked(page);
	await page.locator('form[method="POST"] button[type="submit"]').click();
	await expect(page).toHaveURL(/\/mine-tider(\?|$)/);
	// Joining books that week and every following week of the series, each one a group session.
	const groupSessions = page.getByText('Gruppe · Helsingør Rusmiddelcenter', { exact: true });
	await expect(groupSessions.first()).toBeVisible();
	expect(await groupSessions.count()).toBeGreaterThan(1);
	// Issue 13, item 7: not only a list of sessions — one line says they are signed up for the group, when it meets
	// (Mondays 16–18, 003), how many sessions are left and the last one.
	await expect(page.getByRole('status').filter({ hasText: 'Du er tilmeldt holdet.' })).toBeVisible();
	await expect(page.getByText('Din tid er booket.')).toHaveCount(0);
	// Signed up already: no "choose your group" (button or decision line) that says otherwise.
	await expect(page.getByRole('link', { name: 'Vælg dit hold' })).toHaveCount(0);
	await expect(page.getByText('Vælg nu dit hold')).toHaveCount(0);
	const line = page.getByTestId('series-line');
	await expect(line).toContainText(
		'Du er tilmeldt holdet på Helsingør Rusmiddelcenter. Holdet mødes hver mandag kl. 16.00 til 18.00.'
	);
	await expect(line).toContainText(`Du har ${await groupSessions.count()} gange tilbage. Den sidste er mandag`);
	await checked(page);
});
