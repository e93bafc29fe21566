import { test, expect } from './fixtures';
import { enterCode } from './citizen-flow';
import { checked, phoneBookFirstTime, postForm, staffLogin } from './staff-flow';
import { portalDb } from './portal';

/**
 * Issue 13: a counsellor's busy day on the phone and with groups. Phone booking by day then time, an unanswered
 * question asked again; a caller with a code moved to another time; a group's "everyone attended"; the no-show
 * list. Runs with JavaScript on and off.
 */
const COUNSELLING = 'gladsaxe-raadgivning-foer-behandling|gladsaxe-rusmiddelcenter';

test('phone booking: a day, then its times, Book right below; an unanswered question is asked again, never taken as "no"', async ({
	page
}) => {
	await staffLogin(page, 'gladsaxe.raadgiver');
	await page.goto(`/staff/phone?offerPlace=${encodeURIComponent(COUNSELLING)}`);
	// No list of 80 times: days first, no time is offered before a day is chosen.
	await expect(page.locator('a[data-day]').first()).toBeVisible();
	await expect(page.locator('input[name=slotId]')).toHaveCount(0);
	await checked(page);
	await page.locator('a[data-day]').first().click();
	const times = page.locator('input[name=slotId]');
	await expect(times.first()).toBeVisible();
	expect(await times.count()).toBeLessThanOrEqual(20);
	await times.first().check();
	// Book is within reach: on the first two screens of a laptop, not 4 000 px down.
	const book = page.getByRole('button', { name: 'Book og lav kode' });
	expect((await book.boundingBox())!.y).toBeLessThan(1600);
	await checked(page);

	// The question left unanswered: the caller is not refused, the question is asked again.
	await book.click();
	await expect(page.getByText('Besvar alle spørgsmål. Et spørgsmål uden svar er ikke et nej.')).toBeVisible();
	await expect(page.getByTestId('issued-code')).toHaveCount(0);
	await expect(page.getByText('opfylder ikke alle betingelser')).toHaveCount(0);
	await checked(page);

	// The refused form keeps its day and times (nothing to choose again): answer the question and book.
	await page.locator('input[name=slotId]').first().check();
	await page
		.getByRole('radiogroup', { name: /18 år eller ældre/ })
		.getByLabel('Ja')
		.check();
	await page.getByRole('button', { name: 'Book og lav kode' }).click();
	await expect(page.getByTestId('issued-code')).toBeVisible();
});

test('a phone caller with an existing code is moved to another time, by the code read out, not the alias', async ({
	page,
	browser
}, testInfo) => {
	await staffLogin(page, 'gladsaxe.raadgiver');
	const code = (await phoneBookFirstTime(page, COUNSELLING))!;
	const alias = (await page.getByText(/I kalenderen hedder borgeren/).innerText()).match(
		/hedder borgeren (.+)\.$/
	)![1]!;

	await page.goto('/staff/phone');
	await page.getByRole('link', { name: /allerede en kode/ }).click();
	await expect(page).toHaveURL(/\/staff\/phone\/kode$/);
	await checked(page);
	// The alias alone opens nothing.
	await page.getByLabel('Borgerens kode').fill(alias);
	await page.getByRole('button', { name: 'Vis borgerens tider' }).click();
	await expect(page.getByText('Det ligner ikke en kode')).toBeVisible();

	await page.getByLabel('Borgerens kode').fill(code.toLowerCase());
	await page.getByRole('button', { name: 'Vis borgerens tider' }).click();
	await expect(page.getByText(`Borgeren hedder ${alias} i kalenderen`)).toBeVisible();
	await checked(page);
	const before = await page.locator('.bookings li').first().innerText();

	await page
		.getByRole('link', { name: /^Flyt tiden/ })
		.first()
		.click();
	await page.locator('a[data-day]').last().click();
	await page.locator('input[name=slotId]').last().check();
	await checked(page);
	await page.getByRole('button', { name: 'Flyt til denne tid' }).click();
	await expect(page.getByText('Tiden er flyttet')).toBeVisible();
	await expect(page.locator('.bookings')).toContainText('aflyst');
	await expect(page.locator('.bookings')).toContainText('booket');
	expect(await page.locator('.bookings li', { hasText: 'booket' }).innerText()).not.toBe(before);
	await checked(page);

	// The caller sees the moved time with their code on the web.
	const caller = await (await browser.newContext({ javaScriptEnabled: testInfo.project.name === 'js' })).newPage();
	await enterCode(caller, code);
	await expect(caller).toHaveURL(/\/mine-tider/);
	await caller.context().close();

	// Audited in words, with the alias.
	await page.getByRole('button', { name: /Opkaldet er slut/ }).click();
	await expect(page.getByLabel('Borgerens kode')).toBeVisible();
	const coordinator = await (await browser.newContext()).newPage();
	await staffLogin(coordinator, 'gladsaxe.koordinator');
	await coordinator.goto('/staff/audit');
	await expect(
		coordinator.locator('tr', { hasText: alias }).filter({ hasText: 'Flyttede en tid for en borger med kode' })
	).toBeVisible();
	await expect(coordinator.locator('main')).not.toContainText('caller_moved');
	await checked(coordinator);
	await coordinator.context().close();
});

test('a group session: participants by alias, its waiting list in order, and "Alle mødt" in one action; the no-show list names the one who stayed away', async ({
	page
}) => {
	const sql = portalDb();
	// A group session earlier today at Gladsaxe, with three participants: two booked, one already a no-show.
	const [slot] = await sql<{ id: string }[]>`
		insert into anon.slot (place_slug, offer_slug, phase, starts_at, ends_at, seats, outside_hours)
		values ('gladsaxe-rusmiddelcenter', 'gladsaxe-anonym-stofbehandling', 'course',
			date_trunc('minute', now()) - interval '2 minutes', date_trunc('minute', now()) - interval '1 minute', 8, true)
		returning id`;
	const aliases = ['Testgruppe Ugle', 'Testgruppe Ræv', 'Testgruppe Sæl'];
	for (const [i, alias] of aliases.entries()) {
		const [c] = await sql<{ id: string }[]>`
			insert into anon.code (selector, secret_hash, alias, offer_slug, decision)
			values (${`E2EGRP${i}${Date.now() % 100000}`}, 'not-a-real-hash', ${alias}, 'gladsaxe-anonym-stofbehandling', 'granted') returning id`;
		await sql`insert into anon.booking (code_id, slot_id, phase, starts_at, status)
			select ${c!.id}, id, 'course', starts_at, ${i === 2 ? 'no_show' : 'booked'} from anon.slot where id = ${slot!.id}`;
	}
	// Two people wait for a seat in a group series that meets next week (one seat, held for the first in line), in
	// the order they asked. A series with no session ahead would close its line (082), so it is not today's.
	const series = crypto.randomUUID();
	const [next] = await sql<{ id: string }[]>`
		insert into anon.slot (place_slug, offer_slug, phase, starts_at, ends_at, seats, outside_hours, series_id)
		select place_slug, offer_slug, phase, starts_at + interval '7 days', ends_at + interval '7 days', 1, true, ${series}
		from anon.slot where id = ${slot!.id}
		returning id`;
	for (const [position, alias] of ['Testventer Først', 'Testventer Anden'].entries()) {
		const [c] = await sql<{ id: string }[]>`
			insert into anon.code (selector, secret_hash, alias, offer_slug, decision)
			values (${`E2EWAIT${alias.length}${Date.now() % 100000}`}, 'not-a-real-hash', ${alias}, 'gladsaxe-anonym-stofbehandling', 'granted') returning id`;
		// The first was offered a freed seat, held for two days (booking/waitlist.ts): staff see until when.
		await sql`insert into anon.waitlist (series_id, code_id, position, offered_until)
			values (${series}, ${c!.id}, ${position + 1}, ${alias === 'Testventer Først' ? sql`now() + interval '2 days'` : null})`;
	}
	await sql.end({ timeout: 5 });

	await staffLogin(page, 'gladsaxe.raadgiver');
	await page.goto(`/staff/group/${next!.id}`);
	await expect(page.getByRole('heading', { name: 'Venteliste' })).toBeVisible();
	const waiting = await page.locator('ol li').allInnerTexts();
	expect(waiting).toHaveLength(2);
	expect(waiting[0]).toMatch(/^Testventer Først\s+plads tilbudt, holdes til .+/);
	expect(waiting[1]).toBe('Testventer Anden');
	await checked(page);

	await page.goto(`/staff/group/${slot!.id}`);
	await expect(page.getByText('3 af 8 pladser taget')).toBeVisible();
	for (const alias of aliases) await expect(page.getByRole('rowheader', { name: alias })).toBeVisible();
	await checked(page);
	await page.getByRole('button', { name: 'Alle mødt (2)' }).click();
	await expect(page.getByRole('row', { name: /Testgruppe Ugle/ })).toContainText('mødt');
	await expect(page.getByRole('row', { name: /Testgruppe Ræv/ })).toContainText('mødt');
	await expect(page.getByRole('row', { name: /Testgruppe Sæl/ })).toContainText('udeblevet');
	await expect(page.getByRole('button', { name: /Alle mødt/ })).toHaveCount(0);
	await checked(page);

	await page.getByRole('link', { name: 'Udeblevne' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Udeblevne de seneste dage' })).toBeVisible();
	await expect(page.getByRole('link', { name: 'Testgruppe Sæl' })).toBeVisible();
	await expect(page.getByRole('link', { name: 'Testgruppe Ugle' })).toHaveCount(0);
	await checked(page);
});

test('Item 7: a group time links to its group page from its calendar block and from the time page; a talk does not', async ({
	page
}) => {
	const sql = portalDb();
	// A group session and an individual talk far ahead at Gladsaxe, on a day of their own.
	const day = '2031-03-04';
	const [group] = await sql<{ id: string }[]>`
		insert into anon.slot (place_slug, offer_slug, phase, starts_at, ends_at, seats, outside_hours)
		values ('gladsaxe-rusmiddelcenter', 'gladsaxe-anonym-stofbehandling', 'course',
			${day}::date + time '10:00' at time zone 'Europe/Copenhagen', ${day}::date + time '12:00' at time zone 'Europe/Copenhagen', 8, true)
		returning id`;
	const [talk] = await sql<{ id: string }[]>`
		insert into anon.slot (place_slug, offer_slug, phase, starts_at, ends_at, seats, outside_hours)
		values ('gladsaxe-rusmiddelcenter', 'gladsaxe-raadgivning-foer-behandling', 'conversation',
			${day}::date + time '13:00' at time zone 'Europe/Copenhagen', ${day}::date + time '13:30' at time zone 'Europe/Copenhagen', 1, true)
		returning id`;
	await sql.end({ timeout: 5 });

	await staffLogin(page, 'gladsaxe.koordinator');
	await page.goto(`/staff/calendar?view=day&date=${day}`);
	const links = page.getByRole('link', { name: 'Deltagere', exact: true });
	await expect(links).toHaveCount(1);
	await expect(links).toHaveAttribute('href', `/staff/group/${group!.id}`);
	await checked(page);
	await links.click();
	await expect(page.getByRole('heading', { level: 1, name: 'Gruppegang' })).toBeVisible();

	await page.goto(`/staff/slots/${group!.id}`);
	await page.getByRole('link', { name: 'Gruppegang: deltagere og fremmøde' }).click();
	await expect(page).toHaveURL(new RegExp(`/staff/group/${group!.id}$`));
	await page.goto(`/staff/slots/${talk!.id}`);
	await expect(page.getByRole('link', { name: /deltagere og fremmøde/i })).toHaveCount(0);
	await checked(page);
});

test('Item 3: cancelling a caller\'s booking asks first — "Nej, behold tiden" keeps it, a post without the yes only asks — then cancels, audited once', async ({
	page,
	browser
}, testInfo) => {
	await staffLogin(page, 'gladsaxe.raadgiver');
	const code = (await phoneBookFirstTime(page, COUNSELLING))!;
	await page.goto('/staff/phone/kode');
	await page.getByLabel('Borgerens kode').fill(code);
	await page.getByRole('button', { name: 'Vis borgerens tider' }).click();
	await expect(page.locator('.bookings')).toContainText('booket');

	await page
		.getByRole('link', { name: /^Aflys tiden/ })
		.first()
		.click();
	await expect(page.getByRole('heading', { level: 3, name: /^Aflys tiden .+\?$/ })).toBeVisible();
	await checked(page);
	const booking = (await page.locator('form[action="?/cancel"] input[name=booking]').getAttribute('value'))!;
	await page.getByRole('link', { name: 'Nej, behold tiden' }).click();
	await expect(page.getByRole('heading', { level: 3, name: /^Aflys tiden/ })).toHaveCount(0);
	await expect(page.locator('.bookings')).not.toContainText('aflyst');

	// A cancel posted without the yes (an old form, a double click) is not done: it leads to the question.
	const unasked = await postForm(page, '/staff/phone/kode?/cancel', { booking }, testInfo);
	// A redirect to the question: as a 303, or as SvelteKit's JSON redirect to a client that is not a browser.
	const to = unasked.status() === 303 ? unasked.headers()['location'] : JSON.parse(await unasked.text()).location;
	expect(to).toContain(`aflys=${booking}`);
	await page.goto('/staff/phone/kode');
	await expect(page.locator('.bookings')).not.toContainText('aflyst');

	await page
		.getByRole('link', { name: /^Aflys tiden/ })
		.first()
		.click();
	await page.getByRole('button', { name: 'Ja, aflys tiden' }).click();
	await expect(page.getByText('Tiden er aflyst.')).toBeVisible();
	await expect(page.locator('.bookings')).toContainText('aflyst');
	await checked(page);

	const coordinator = await (await browser.newContext()).newPage();
	await staffLogin(coordinator, 'gladsaxe.koordinator');
	await coordinator.goto('/staff/audit');
	const alias = (await page.getByText(/Borgeren hedder .+ i kalenderen/).innerText()).match(
		/hedder (.+) i kalenderen/
	)![1]!;
	await expect(
		coordinator.locator('tr', { hasText: alias }).filter({ hasText: 'Aflyste en tid for en borger med kode' })
	).toHaveCount(1);
	await coordinator.context().close();
});
