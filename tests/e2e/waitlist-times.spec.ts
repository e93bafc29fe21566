import { test, expect } from './fixtures';
import { bookFirstListed, checked, enterCode, startBooking } from './citizen-flow';
import { portalDb, selectorOf } from './portal';
import { staffLogin } from './staff-flow';

/**
 * A waiting list for the individual times of an offer at a place (issue 15, part 2: "when … all times of an offer in
 * the coming weeks are full"), in both projects ('js' and 'no-js'): every step is a link or a form post. Every time
 * at the place is full; a person with a code joins the list from "Book din næste tid"; a holder cancels; the freed
 * time is held for the waiting person on "Dine tider", and they take it.
 */

const OFFER = 'gladsaxe-raadgivning-foer-behandling';

test('all times at a place full: a person joins the waiting list, a holder cancels, and the waiting person takes the freed time from "Dine tider"', async ({
	page,
	browser
}, testInfo) => {
	test.slow();
	// Two people with codes, each holding one of the offer's times (2 conversations each, so one more is open).
	const holderContext = await browser.newContext({
		baseURL: testInfo.project.use.baseURL ?? process.env.PORTAL_URL,
		javaScriptEnabled: testInfo.project.use.javaScriptEnabled
	});
	const holder = await holderContext.newPage();
	await startBooking(holder, OFFER);
	const holderCode = await bookFirstListed(holder);
	await startBooking(page, OFFER);
	const waiterCode = await bookFirstListed(page);

	// Every other time of the offer is taken off: the two booked are all there is, and both are full.
	const sql = portalDb();
	let holderBooking: { id: string; slotId: string };
	try {
		await sql`update anon.slot set cancelled_at = now()
			where offer_slug = ${OFFER} and booked < seats and cancelled_at is null and starts_at > now()`;
		const [b] = await sql<{ id: string; slotId: string }[]>`
			select b.id, b.slot_id from anon.booking b join anon.code c on c.id = b.code_id
			where c.selector = ${selectorOf(holderCode)} and b.status = 'booked'`;
		holderBooking = b!;
	} finally {
		await sql.end({ timeout: 5 });
	}

	// The waiting person finds no free time and joins the list for the place.
	await enterCode(page, waiterCode);
	await page.goto('/mine-tider/book');
	const join = page.getByRole('region', { name: 'Ingen ledige tider' });
	await expect(join).toContainText('Alle tider på Gladsaxe Rusmiddelcenter er optaget de næste 4 uger.');
	await checked(page);
	await join.getByRole('button', { name: 'Skriv mig på ventelisten' }).click();
	await expect(page).toHaveURL(/\/mine-tider\?besked=venteliste$/);
	await expect(page.getByText('Du står nu på ventelisten.')).toBeVisible();
	const wait = page.getByRole('region', { name: 'Venteliste' });
	await expect(wait).toContainText('En samtale på Gladsaxe Rusmiddelcenter.');
	await expect(wait).toContainText('Du er nummer 1 i køen.');
	await checked(page);
	// Back on the time page, it says so instead of offering to join again.
	await page.goto('/mine-tider/book');
	await expect(page.getByText('Du står på ventelisten til en tid her.')).toBeVisible();

	// Staff at the place see the line by alias ("Ventelister"), in a context of their own.
	const staffContext = await browser.newContext({
		baseURL: testInfo.project.use.baseURL ?? process.env.PORTAL_URL,
		javaScriptEnabled: testInfo.project.use.javaScriptEnabled
	});
	const staff = await staffContext.newPage();
	await staffLogin(staff, 'gladsaxe.raadgiver');
	await staff.goto('/staff/ventelister');
	await expect(staff.getByRole('heading', { level: 1, name: 'Ventelister til enkelte tider' })).toBeVisible();
	const aliasSql = portalDb();
	try {
		const [w] = await aliasSql<
			{ alias: string }[]
		>`select alias from anon.code where selector = ${selectorOf(waiterCode)}`;
		const line = staff.locator('ol.line');
		await expect(line.getByRole('link', { name: w!.alias })).toBeVisible();
	} finally {
		await aliasSql.end({ timeout: 5 });
	}
	await checked(staff);
	await staffContext.close();

	// The holder cancels: the time is freed.
	await enterCode(holder, holderCode);
	await holder.goto(`/mine-tider/aflys/${holderBooking.id}`);
	await holder.getByRole('button', { name: 'Ja, aflys tiden' }).click();
	await expect(holder).toHaveURL(/\/mine-tider\?besked=aflyst$/);
	// It is held for the one waiting: nobody else can book it meanwhile.
	await holder.goto('/mine-tider/book');
	await expect(holder.getByRole('region', { name: 'Ingen ledige tider' })).toBeVisible();
	await holderContext.close();

	// The waiting person finds the time held for them, with a message, and takes it.
	await page.goto('/mine-tider');
	const offer = page.getByRole('region', { name: 'Der er en tid til dig' });
	await expect(offer).toContainText(/Tiden er din til .+\./);
	await expect(page.getByRole('link', { name: 'Nye beskeder fra centret: 1' })).toBeVisible();
	await checked(page);
	await offer.getByRole('button', { name: 'Tag pladsen' }).click();
	await expect(page).toHaveURL(/\/mine-tider\?besked=booket$/);
	await expect(page.getByRole('region', { name: 'Der er en tid til dig' })).toHaveCount(0);
	await checked(page);

	const after = portalDb();
	try {
		const [time] = await after<{ booked: number; seats: number; holder: string }[]>`
			select s.booked, s.seats, c.selector as holder from anon.slot s
				join anon.booking b on b.slot_id = s.id and b.status = 'booked' join anon.code c on c.id = b.code_id
			where s.id = ${holderBooking.slotId}`;
		expect(time).toEqual({ booked: 1, seats: 1, holder: selectorOf(waiterCode) });
		expect(await after`select 1 from anon.waitlist where offer_slug = ${OFFER}`).toHaveLength(0);
	} finally {
		await after.end({ timeout: 5 });
	}
});
