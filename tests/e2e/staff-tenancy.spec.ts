import type { APIResponse, Page } from '@playwright/test';
import { generateTOTP } from '@oslojs/otp';
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { test, expect } from './fixtures';
import { checked, phoneBookFirstTime, postForm, staffLogin } from './staff-flow';
import { routes } from './routes';
import { portalDb } from './portal';

/**
 * Issue 4: "a staff member of one municipality gets 404 for another's slots, bookings, staff or settings — on
 * every route and every action". The routes and their actions are those of the built router (tests/e2e/routes.ts),
 * so a route added later is walked too (and fails here until it says which object its parameter names).
 */

/** Routes about one's own sign-in: they name no object of anyone's. */
const OWN_SESSION = ['/staff/login', '/staff/logout', '/staff/totp', '/staff/totp/setup', '/staff/password'];

/**
 * A route that acts only on the caller whose code was read out in this browser (issue 13): it names no object by
 * id, so without a code typed in, every action leads back to the code entry (or refuses the empty form).
 */
const CALLER_ROUTES = ['/staff/phone/kode'];

interface Route {
	path: string;
	actions: string[];
}

/** Every staff page, with its form actions. */
async function staffRoutes(): Promise<Route[]> {
	return (await routes())
		.filter((r) => (r.id === '/staff' || r.id.startsWith('/staff/')) && r.page)
		.map((r) => ({ path: r.id, actions: r.actions }));
}

interface Gladsaxe {
	slotId: string;
	bookingSlotId: string;
	codeId: string;
	staffId: string;
	bookingId: string;
}

/** Which Gladsaxe object each route parameter names, by the folder it sits in. */
function fill(path: string, g: Gladsaxe): string {
	// Settings name Gladsaxe's configuration by slug: its alcohol offer at its own centre (the hours' second parameter).
	const settings = path.replace(
		'/hours/[offer]/[place]',
		'/hours/gladsaxe-anonym-alkoholbehandling/gladsaxe-rusmiddelcenter'
	);
	return settings.replace(/\/(\w+)\/\[(\w+)\]/g, (_, folder: string, param: string) => {
		const id = {
			slots: g.bookingSlotId,
			group: g.bookingSlotId,
			course: g.codeId,
			beskeder: g.codeId,
			team: g.staffId,
			place: 'gladsaxe-rusmiddelcenter',
			offer: 'gladsaxe-anonym-alkoholbehandling'
		}[folder];
		if (!id) throw new Error(`tests/e2e/staff-tenancy.spec.ts: say which object /${folder}/[${param}] names`);
		return `/${folder}/${id}`;
	});
}

async function gladsaxeObjects(page: Page): Promise<Gladsaxe> {
	await staffLogin(page, 'gladsaxe.koordinator');
	await phoneBookFirstTime(page, 'gladsaxe-raadgivning-foer-behandling|gladsaxe-rusmiddelcenter');
	const courseHref = (await page.getByRole('link', { name: /Se forløbet/ }).getAttribute('href'))!;
	await page.goto(courseHref);
	const slotHref = (await page
		.locator('a[href^="/staff/slots/"]:not([href="/staff/slots/new"])')
		.first()
		.getAttribute('href'))!;
	await page.goto(slotHref);
	// Attendance forms (with the booking's id) appear from the session's day; a future time has none yet.
	const forms = page.locator('input[name=bookingId]');
	const bookingId =
		(await forms.count()) > 0 ? (await forms.first().getAttribute('value'))! : '00000000-0000-4000-8000-000000000000';
	await page.goto('/staff/team');
	const staffHref = (await page.getByRole('link', { name: /Rådgiver gladsaxe/ }).getAttribute('href'))!;
	const id = (href: string) => href.split('/').pop()!;
	return {
		slotId: id(slotHref),
		bookingSlotId: id(slotHref),
		codeId: id(courseHref),
		staffId: id(staffHref),
		bookingId
	};
}

test('a Helsingør coordinator gets 404 on every Gladsaxe staff route and action', async ({
	page,
	browser
}, testInfo) => {
	test.setTimeout(180_000);
	const gladsaxe = await gladsaxeObjects(page);
	const helsingor = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
	await staffLogin(helsingor, 'helsingor.koordinator');

	const routes = await staffRoutes();
	expect(routes.map((r) => r.path)).toEqual(
		expect.arrayContaining(['/staff/slots/[id]', '/staff/course/[id]', '/staff/team/[id]'])
	);
	// Everything a form could name, all of it Gladsaxe's, and otherwise valid so the guards reach the look-up.
	const form = {
		slotId: gladsaxe.slotId,
		bookingId: gladsaxe.bookingId,
		codeId: gladsaxe.codeId,
		staffId: gladsaxe.staffId,
		status: 'attended',
		decision: 'granted',
		confirm: 'yes',
		offerPlace: 'gladsaxe-raadgivning-foer-behandling|gladsaxe-rusmiddelcenter',
		phase: 'conversation',
		counsellorId: '',
		day: '2031-03-03',
		from: '10:00',
		to: '10:45',
		seats: '1',
		weeks: '1',
		ageBand: '25plus',
		q_adult: 'yes',
		places: 'gladsaxe-rusmiddelcenter',
		totpRequired: 'on',
		username: 'tenancy.probe',
		displayName: 'Probe',
		password: 'a long enough password',
		role: 'counsellor',
		// SEL §101a stk. 5 delegation on the settings page: a Gladsaxe offer and place.
		offer: 'gladsaxe-anonym-stofbehandling',
		place: 'gladsaxe-rusmiddelcenter',
		delegated: 'yes'
	};
	const query = `?place=gladsaxe-rusmiddelcenter&counsellor=${gladsaxe.staffId}&offerPlace=${encodeURIComponent(form.offerPlace)}`;
	const walked: string[] = [];
	for (const route of routes) {
		if (OWN_SESSION.includes(route.path)) continue;
		const url = fill(route.path, gladsaxe);
		const dynamic = url !== route.path;
		// A static route may redirect (/staff → the calendar); a Gladsaxe object must be a 404 straight away.
		const page = await helsingor.request.get(dynamic ? url : url + query, { maxRedirects: dynamic ? 0 : 5 });
		if (dynamic || page.status() !== 200) expect(page.status(), `GET ${url}`).toBe(404);
		// Names of Gladsaxe's places, staff or municipality; the query itself is echoed in the language link.
		else
			expect(await page.text(), `GET ${url}${query} shows nothing of Gladsaxe's`).not.toMatch(
				/Gladsaxe (Rusmiddelcenter|Kommune)|gladsaxe \(demo\)/i
			);
		for (const action of route.actions) {
			const target = action === 'default' ? url : `${url}?/${action}`;
			const response = await postForm(helsingor, target, form, testInfo);
			// Without a code typed in: a redirect to the code entry, or the empty form refused (as JSON to a non-browser client).
			if (CALLER_ROUTES.includes(route.path))
				expect(
					response.status() === 303 || /"type":"(failure|redirect)"/.test(await response.text()),
					`POST ${target}`
				).toBe(true);
			else expect(response.status(), `POST ${target}: ${(await response.text()).slice(0, 200)}`).toBe(404);
			walked.push(target);
		}
	}
	expect(walked.length).toBeGreaterThanOrEqual(8);

	// Nothing was changed: the booking is still only booked, and no probe account exists.
	await page.goto(`/staff/slots/${gladsaxe.slotId}`);
	await expect(page.locator('.bookings')).toContainText('booket');
	await page.goto('/staff/team');
	await expect(page.locator('main')).not.toContainText('tenancy.probe');
	await checked(page);
	await helsingor.context().close();
});

test("Brydehuset's partner staff sign in and see only their own place", async ({ page }) => {
	await staffLogin(page, 'brydehuset.partner');
	await expect(page.getByLabel('Sted', { exact: true })).toContainText('Brydehuset');
	await expect(page.getByLabel('Sted', { exact: true })).not.toContainText('Gladsaxe Rusmiddelcenter');
	const calendar = await page.request.get('/staff/calendar?place=gladsaxe-rusmiddelcenter');
	expect(calendar.status()).toBe(404);
	expect((await page.request.get('/staff/team')).status()).toBe(404);
	expect((await page.request.get('/staff/audit')).status()).toBe(404);
	await checked(page);
});

/** Signs in with a first password a coordinator chose, changes it, and sets up TOTP (the rules of every colleague). */
async function firstSignIn(page: Page, username: string, password: string): Promise<void> {
	await page.goto('/staff/login', { waitUntil: 'networkidle' });
	await page.getByLabel('Brugernavn').fill(username);
	await page.getByLabel('Adgangskode').fill(password);
	await page.getByRole('button', { name: 'Log ind' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Skift adgangskode' })).toBeVisible();
	await page.getByLabel('Nuværende adgangskode').fill(password);
	await page.getByLabel('Ny adgangskode', { exact: true }).fill('partnerens egne ord om havet');
	await page.getByLabel('Gentag den nye adgangskode').fill('partnerens egne ord om havet');
	await page.getByRole('button', { name: 'Skift adgangskode' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Slå totrinsbekræftelse til' })).toBeVisible();
	const key = decodeBase32IgnorePadding((await page.getByTestId('totp-key').innerText()).replace(/\s/g, ''));
	await page.getByLabel('Kode (6 cifre)').fill(generateTOTP(key, 30, 6));
	await page.getByRole('button', { name: 'Slå til' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Kalender' })).toBeVisible();
}

test("Item 9: a Gladsaxe coordinator creates Brydehuset's partner staff in the team page (SEL §101a stk. 2, 001), who then see only Brydehuset", async ({
	page,
	browser
}, testInfo) => {
	const username = `brydehuset.${testInfo.project.name.replace(/\W/g, '')}.${Date.now().toString(36)}`;
	const password = 'en lang nok adgangskode til partneren';
	await staffLogin(page, 'gladsaxe.koordinator');
	await page.goto('/staff/team', { waitUntil: 'networkidle' });
	await page.getByLabel('Navn', { exact: true }).fill('Medarbejder på Brydehuset');
	await page.getByLabel('Brugernavn').fill(username);
	await page.getByLabel('Første adgangskode').fill(password);
	await page.getByLabel('Rolle').selectOption({ label: 'Samarbejdspartner' });
	const partnerPlaces = page.getByRole('group', { name: /Samarbejdspartnernes steder/ });
	// Only the partner place Gladsaxe's offers are provided at: never another municipality's own centre.
	await expect(partnerPlaces.getByRole('checkbox')).toHaveCount(1);
	await partnerPlaces.getByLabel('Brydehuset').check();
	await expect(page.getByLabel('Kræv totrinsbekræftelse (engangskode) ved login')).toBeChecked();
	await checked(page);
	await page.getByRole('button', { name: 'Opret medarbejder' }).click();
	await expect(page.getByText('Medarbejderen er oprettet.')).toBeVisible();
	await expect(page.locator('main')).toContainText('Samarbejdspartner');
	await page.goto('/staff/team');
	await expect(page.getByRole('row', { name: /Medarbejder på Brydehuset/ })).toContainText('Brydehuset');

	const partner = await (await browser.newContext({ javaScriptEnabled: testInfo.project.name === 'js' })).newPage();
	await firstSignIn(partner, username, password);
	await expect(partner.getByLabel('Sted', { exact: true })).toContainText('Brydehuset');
	await expect(partner.getByLabel('Sted', { exact: true })).not.toContainText('Gladsaxe Rusmiddelcenter');
	expect((await partner.request.get('/staff/calendar?place=gladsaxe-rusmiddelcenter')).status()).toBe(404);
	expect((await partner.request.get('/staff/team')).status()).toBe(404);
	await checked(partner);
	await partner.context().close();
	const sql = portalDb();
	const [audit] = await sql`
		select a.action from portal.audit a join portal.staff s on s.id = (a.detail->>'staff')::uuid
		where s.username = ${username} and a.action = 'staff_created'`;
	await sql.end({ timeout: 5 });
	expect(audit?.action).toBe('staff_created');
});

test("Item 9, attack: a coordinator cannot create staff at another municipality's place nor raise a partner's role", async ({
	page,
	browser
}, testInfo) => {
	const tag = `${testInfo.project.name.replace(/\W/g, '')}.${Date.now().toString(36)}`;
	const form = (username: string, role: string, places: string) => ({
		displayName: 'Probe',
		username,
		password: 'en lang nok adgangskode til proben',
		role,
		// A browser sends no field for no box ticked.
		...(places ? { places } : {}),
		totpRequired: 'on'
	});
	/** The status, also when SvelteKit answers a client that is not a browser with its JSON failure. */
	const outcome = async (r: APIResponse) => (r.status() === 200 ? JSON.parse(await r.text()).status : r.status());
	await staffLogin(page, 'gladsaxe.koordinator');
	// In the form: a counsellor (who may record the §101a decision, stk. 4) at the partner's place is refused in words.
	await page.goto('/staff/team', { waitUntil: 'networkidle' });
	await page.getByLabel('Navn', { exact: true }).fill('Probe');
	await page.getByLabel('Brugernavn').fill(`probe.raadgiver.${tag}`);
	await page.getByLabel('Første adgangskode').fill('en lang nok adgangskode til proben');
	await page.getByLabel('Brydehuset').check();
	await page.getByRole('button', { name: 'Opret medarbejder' }).click();
	await expect(page.getByRole('alert')).toContainText('kun gives til rollen Samarbejdspartner');
	await checked(page);
	// Posted by hand: a coordinator at the partner place, a role the form does not have, a partner without a place.
	for (const [username, role, places] of [
		[`probe.koordinator.${tag}`, 'coordinator', 'brydehuset'],
		[`probe.admin.${tag}`, 'admin', 'brydehuset'],
		[`probe.ingensted.${tag}`, 'partner', '']
	] as const)
		expect(await outcome(await postForm(page, '/staff/team?/create', form(username, role, places), testInfo))).toBe(
			400
		);
	// Helsingør has no agreement with Brydehuset: for its coordinator it is another municipality's place (404).
	const helsingor = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
	await staffLogin(helsingor, 'helsingor.koordinator');
	for (const place of ['brydehuset', 'gladsaxe-rusmiddelcenter'])
		expect(
			(
				await postForm(helsingor, '/staff/team?/create', form(`probe.${place}.${tag}`, 'partner', place), testInfo)
			).status()
		).toBe(404);
	await helsingor.context().close();
	const sql = portalDb();
	const made = await sql`select username from portal.staff where username like ${'probe.%' + tag}`;
	await sql.end({ timeout: 5 });
	expect(made).toEqual([]);
});
