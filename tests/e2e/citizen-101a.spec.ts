import { test, expect } from './fixtures';
import { answerEligibility, checked, confirmAndReadCode, enterCode, listedTimes } from './citizen-flow';

const OFFER = 'gladsaxe-anonym-stofbehandling';

test.describe('Gladsaxe anonymous drug treatment (SEL §101a, 001)', () => {
	test('the offer page says who it is for, where anonymity stops, and what is not known about Brydehuset', async ({
		page
	}) => {
		test.slow();
		await page.goto(`/tilbud/${OFFER}`);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Anonym behandling for stoffer');
		// What 001 says about medicine, SUL §142's doctor talk (002), and the duty to report (002) — never "no doctor".
		await expect(
			page.getByText('Beder du om medicin som metadon, kan du ikke få den anonyme behandling.')
		).toBeVisible();
		await expect(page.getByText('har du ret til at tale med en læge først')).toBeVisible();
		await expect(page.getByText('Det kaldes skærpet underretningspligt.')).toBeVisible();
		await expect(page.getByText('kan ikke få medicin eller tale med en læge')).toHaveCount(0);
		// 001: Monday until 20:00 is planned, not opening hours.
		const gladsaxe = page.locator('li.card', { has: page.getByRole('heading', { name: 'Gladsaxe Rusmiddelcenter' }) });
		await expect(gladsaxe).toContainText(/mandag:\s*0?9\.00–14\.00tirsdag/i);
		await expect(gladsaxe).toContainText('Centret har planer om at holde åbent til kl. 20 om mandagen.');
		// Stk. 6: the decision cannot be appealed — said before anyone books.
		await expect(page.getByText('Den beslutning kan ikke ankes.')).toBeVisible();
		const brydehuset = page.locator('li.card', { has: page.getByRole('heading', { name: 'Brydehuset' }) });
		await expect(brydehuset).toContainText('Ligger i Ballerup Kommune.');
		// DOMAIN.md: Brydehuset's address, phone and hours are not in the documents; nothing is invented.
		await expect(brydehuset.getByText('ikke oplyst')).toHaveCount(3);
		await checked(page);
	});

	test('a "no" gets the reason and whom to call, never a dead end; the answers are not kept in the address', async ({
		page
	}) => {
		test.slow();
		await page.goto(`/tilbud/${OFFER}/tjek`);
		await page.getByRole('button', { name: 'Fortsæt' }).click();
		// Nothing answered: an error summary that links to each question.
		const summary = page.getByRole('alert').filter({ hasText: 'Svar på alle spørgsmål' });
		await expect(summary).toBeVisible();
		await expect(summary.getByRole('link')).toHaveCount(6);
		await expect(summary.getByRole('link').first()).toHaveAttribute('href', '#adult-ja');
		await checked(page);

		for (const yes of await page.locator('input[type=radio][value=ja]').all()) await yes.check();
		await page.locator('#noSubstitution-nej').check();
		await page.getByRole('button', { name: 'Fortsæt' }).click();
		await expect(page.getByRole('heading', { level: 1, name: 'Tilbuddet passer ikke til dig lige nu' })).toBeVisible();
		// The reason, then what 001 says of medicine for this offer (issue 11: per offer, only what its source says).
		await expect(page.getByText('Tilbuddet er for dig, der ikke skal have medicin som metadon.')).toBeVisible();
		await expect(
			page.getByText('Beder du om medicin som metadon, kan du ikke få den anonyme behandling.')
		).toBeVisible();
		await expect(page.getByRole('heading', { name: 'Hvem kan du ringe til?' })).toBeVisible();
		await expect(page.getByRole('link', { name: '39 57 39 00' }).first()).toHaveAttribute('href', 'tel:39573900');
		expect(page.url()).not.toContain('noSubstitution');
		await checked(page);
	});

	test('eligible → Brydehuset chosen → clarifying conversation booked → code → back with the code', async ({
		page
	}) => {
		test.slow();
		await page.goto(`/tilbud/${OFFER}`);
		await page.getByRole('link', { name: 'Book en tid' }).first().click();
		await answerEligibility(page);

		// Stk. 2: both providers side by side, each with its earliest free time (or none), free choice.
		await expect(page.getByRole('heading', { level: 1, name: 'Vælg hvor' })).toBeVisible();
		await expect(page.getByRole('heading', { level: 2, name: 'Gladsaxe Rusmiddelcenter' })).toBeVisible();
		await expect(page.getByRole('heading', { level: 2, name: 'Brydehuset' })).toBeVisible();
		await expect(page.getByText(/Første ledige tid: \w+dag \d+\. \w+ kl\. \d\d\.\d\d/).first()).toBeVisible();
		await checked(page);
		await page.getByRole('link', { name: 'Vælg Brydehuset' }).click();
		await expect(page.getByText('45 min. hos Brydehuset')).toBeVisible();
		await expect(page.getByText('Først har du en samtale.')).toBeVisible();
		await checked(page);

		let times = await listedTimes(page);
		if (times.length === 0) {
			// No times online at Brydehuset: the page says so and how to reach it, then the other place is one link away.
			await expect(page.getByText('Der er ingen tider at booke her på siden.')).toBeVisible();
			await expect(page.getByText('Ring til 39 57 39 00')).toBeVisible();
			await page.getByRole('link', { name: 'Vælg et andet sted' }).click();
			await page.getByRole('link', { name: 'Vælg Gladsaxe Rusmiddelcenter' }).click();
			await expect(page.getByText('45 min. hos Gladsaxe Rusmiddelcenter')).toBeVisible();
			times = await listedTimes(page);
		}
		expect(times.length).toBeGreaterThan(0);
		// Free times a month at a time, one day at once, in Danish time (issue 12, item 4).
		await expect(page.getByText('Alle tider er dansk tid.')).toBeVisible();
		await page.goto(times[0]!.href);
		await expect(page.getByText('Første samtale (45 min.)')).toBeVisible();
		const code = await confirmAndReadCode(page);

		// The text file holds the code; the calendar entry is neutral.
		const file = page.getByRole('link', { name: 'Hent koden som tekstfil' });
		expect(decodeURIComponent((await file.getAttribute('href'))!)).toContain(code);
		const ics = await page.request.get('/mine-tider/kalender.ics');
		expect(ics.headers()['content-type']).toContain('text/calendar');
		const calendar = await ics.text();
		expect(calendar).toContain('SUMMARY:Aftale');
		expect(calendar).not.toMatch(/stof|rus|alkohol|behandling|drug|alcohol/i);
		expect(calendar).not.toContain(code);

		// Log out of the code, then come back with it.
		await page.getByRole('link', { name: 'Se dine tider' }).click();
		await expect(page.getByRole('heading', { level: 1, name: 'Dine tider' })).toBeVisible();
		await page.getByRole('button', { name: 'Log ud af koden' }).click();
		await expect(page.getByText('Du er logget ud af koden.')).toBeVisible();
		await checked(page);
		await page.goto('/mine-tider');
		await expect(page).toHaveURL(/\/kode$/);

		await enterCode(page, code.toLowerCase().replace(/-/g, ' '));
		await expect(page).toHaveURL(/\/mine-tider$/);
		await expect(page.getByText('Dit tilbud: Anonym behandling for stoffer')).toBeVisible();
		await expect(page.getByText('Første samtale ·')).toBeVisible();
		// Before the clarifying conversation: what happens after it (stk. 4, 6).
		await expect(page.getByText('Efter den første samtale beslutter centret')).toBeVisible();
		await checked(page);
	});
});
