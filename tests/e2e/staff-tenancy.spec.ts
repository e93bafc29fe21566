import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { checked, phoneBookFirstTime, postForm, staffLogin } from './staff-flow';
import { routes } from './routes';

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
