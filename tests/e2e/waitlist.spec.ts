import { test, expect } from './fixtures';
import { bookFirstListed, checked, enterCode, startBooking } from './citizen-flow';
import { portalDb, selectorOf } from './portal';

/**
 * A waiting list for a full group (issue 15, part 2; issue 13, item 7), in both projects ('js' and 'no-js'): every
 * step is a link or a form post. A group series is full; a person with a code asks for a seat and is told their
 * place in line; a participant cancels; the freed seat is offered to the waiting person on "Dine tider" and in
 * their messages, and they take it.
 */

const OFFER = 'helsingor-anonym-gruppebehandling';

test('a freed seat in a full group is offered to the first in line on "Dine tider", and they take it', async ({
	page,
	browser
}, testInfo) => {
	test.slow();
	// Two people with codes and a §101a decision (the centre's, after the clarifying conversation; 002 stk. 4).
	const participant = await browser.newContext({
		baseURL: testInfo.project.use.baseURL ?? process.env.PORTAL_URL,
		javaScriptEnabled: testInfo.project.use.javaScriptEnabled
	});
	const other = await participant.newPage();
	await startBooking(other, OFFER);
	const participantCode = await bookFirstListed(other);
	await startBooking(page, OFFER);
	const waiterCode = await bookFirstListed(page);

	// A group on Thursdays at 10, two weeks, one seat, which the participant holds: full.
	const sql = portalDb();
	const series = crypto.randomUUID();
	const sessions: string[] = [];
	let participantBooking: string;
	try {
		const ids = await sql<{ id: string }[]>`
			select id from anon.code where selector = any(${[selectorOf(participantCode), selectorOf(waiterCode)]})`;
		expect(ids).toHaveLength(2);
		await sql`update anon.code set decision = 'granted' where id = any(${ids.map((i) => i.id)}::uuid[])`;
		for (const week of [0, 1]) {
			const [row] = await sql<{ id: string }[]>`
				insert into anon.slot (place_slug, offer_slug, phase, starts_at, ends_at, seats, series_id, outside_hours)
				select 'helsingor-rusmiddelcenter', ${OFFER}, 'course', t, t + interval '2 hours', 1, ${series}, true
				from (select (date_trunc('week', now() at time zone 'Europe/Copenhagen') + make_interval(days => ${24 + 7 * week}, hours => 10))
					at time zone 'Europe/Copenhagen' as t) w
				returning id`;
			sessions.push(row!.id);
		}
		const [p] = await sql<{ id: string }[]>`select id from anon.code where selector = ${selectorOf(participantCode)}`;
		const [b] = await sql<{ id: string }[]>`
			insert into anon.booking (code_id, slot_id, phase, starts_at)
			select ${p!.id}, id, 'course', starts_at from anon.slot where id = ${sessions[0]!} returning id`;
		participantBooking = b!.id;
		await sql`insert into anon.booking (code_id, slot_id, phase, starts_at)
			select ${p!.id}, id, 'course', starts_at from anon.slot where id = ${sessions[1]!}`;
	} finally {
		await sql.end({ timeout: 5 });
	}

	// The waiting person meets the full group and asks for a seat.
	await enterCode(page, waiterCode);
	await page.goto('/mine-tider/book');
	await expect(page.getByRole('heading', { level: 2, name: 'Hold uden ledige pladser' })).toBeVisible();
	const full = page.locator('li.card', { hasText: /torsdag kl\. 10\.00 til 12\.00/i });
	await expect(full).toContainText('Der er ingen ledig plads lige nu.');
	await checked(page);
	await full.getByRole('button', { name: 'Skriv mig på ventelisten' }).click();
	await expect(page).toHaveURL(/\/mine-tider\?besked=venteliste$/);
	await expect(page.getByText('Du står nu på ventelisten.')).toBeVisible();
	await expect(page.getByRole('heading', { level: 2, name: 'Venteliste' })).toBeVisible();
	await expect(page.getByText('Du er nummer 1 i køen.')).toBeVisible();
	await checked(page);

	// The participant cancels the first session of the group: the seat is freed.
	await enterCode(other, participantCode);
	await other.goto(`/mine-tider/aflys/${participantBooking}`);
	await other.getByRole('button', { name: 'Ja, aflys tiden' }).click();
	await expect(other).toHaveURL(/\/mine-tider\?besked=aflyst$/);
	await participant.close();

	// The waiting person finds the seat held for them, and a message saying so.
	await page.goto('/mine-tider');
	const offer = page.getByRole('region', { name: 'Der er en plads til dig' });
	await expect(offer).toBeVisible();
	await expect(offer).toContainText(/Pladsen er din til .+\./);
	await expect(page.getByRole('link', { name: 'Nye beskeder fra centret: 1' })).toBeVisible();
	await checked(page);
	await page.getByRole('link', { name: 'Nye beskeder fra centret: 1' }).click();
	await expect(
		page.getByText(/Der er blevet en plads fri til dig fra ventelisten\. Den er din til .+\./)
	).toBeVisible();
	await page.goto('/mine-tider');
	await offer.getByRole('button', { name: 'Tag pladsen' }).click();
	await expect(page).toHaveURL(/\/mine-tider\?besked=plads$/);
	await expect(page.getByText('Du har fået pladsen på holdet.')).toBeVisible();
	await expect(page.getByRole('region', { name: 'Der er en plads til dig' })).toHaveCount(0);
	await expect(page.getByText('Gruppe · Helsingør Rusmiddelcenter', { exact: true }).first()).toBeVisible();
	await checked(page);

	const after = portalDb();
	try {
		const [seat] = await after<{ booked: number; seats: number }[]>`
			select booked, seats from anon.slot where id = ${sessions[0]!}`;
		expect(seat).toEqual({ booked: 1, seats: 1 });
		expect(await after`select 1 from anon.waitlist where series_id = ${series}`).toHaveLength(0);
	} finally {
		await after.end({ timeout: 5 });
	}
});
