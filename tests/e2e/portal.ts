import postgres from 'postgres';
import { parseCode } from '../../src/lib/domain/code';
import { request as playwrightRequest, type APIRequestContext } from '@playwright/test';

/**
 * What the proof specs (headers, fuzz, privacy) share: addresses of routes (the route list is in routes.ts), this
 * worker's portal and database (for ids and row counts; tests/e2e/fixtures.ts sets the PORTAL_* variables), and
 * signed-in request contexts for a code holder and a staff member.
 */

export { ROOT } from './portal-process';
export const BASE = (): string => process.env.PORTAL_URL!;
export const ORIGIN = (): string => new URL(BASE()).origin;

/** The address of a route id with its parameters filled; groups like (citizen) are not in addresses. */
export function pathOf(id: string, params: Record<string, string>): string {
	const path = id
		.split('/')
		.filter((s) => !/^\(.*\)$/.test(s))
		.map((s) => {
			const m = /^\[(\w+)\]$/.exec(s);
			if (!m) return s;
			const value = params[m[1]!];
			if (value === undefined) throw new Error(`No value for [${m[1]}] in ${id}`);
			return encodeURIComponent(value);
		})
		.join('/');
	return path || '/';
}

export function portalDb() {
	return postgres(process.env.PORTAL_DATABASE_URL!, { max: 2, onnotice: () => {}, transform: postgres.camel });
}
export type PortalDb = ReturnType<typeof portalDb>;

/**
 * The suite makes many first bookings from one address (127.0.0.1), where a person makes one or two and the portal
 * refuses a fourth within the hour (issue 9, finding 3). A test that books a first time starts from fresh limits,
 * as a person on a connection of their own would.
 */
export async function freshClientLimits(): Promise<void> {
	const sql = portalDb();
	try {
		await sql`delete from portal.rate_limit`;
	} finally {
		await sql.end({ timeout: 5 });
	}
}

/** Rows in the anonymous tables: a request that was refused must not change them. */
export async function anonCounts(
	sql: PortalDb
): Promise<{ codes: number; bookings: number; slots: number; seatsHeld: number }> {
	const [row] = await sql<{ codes: number; bookings: number; slots: number; seatsHeld: number }[]>`
		select (select count(*)::int from anon.code) as codes,
			(select count(*)::int from anon.booking) as bookings,
			(select count(*)::int from anon.slot) as slots,
			(select coalesce(sum(booked), 0)::int from anon.slot) as seats_held`;
	return row!;
}

export async function newContext(): Promise<APIRequestContext> {
	// SvelteKit refuses a cross-site form post; a browser sends its own origin, so we do too.
	return playwrightRequest.newContext({
		baseURL: BASE(),
		extraHTTPHeaders: { origin: ORIGIN(), accept: 'text/html' },
		maxRedirects: 0
	});
}

/**
 * A code holder's session, made the way a person makes one: a first booking on the web. Tries the earliest free
 * time of each offer until one takes (an offer may need answers or an age band first).
 */
/** The look-up part of a code as shown to a person. */
export function selectorOf(code: string): string {
	const parsed = parseCode(code.replace(/[^0-9A-Za-z]/g, ''));
	if (!parsed.ok) throw new Error(`Not a code: ${parsed.reason}`);
	return parsed.selector;
}

export async function codeHolder(
	sql: PortalDb
): Promise<{ ctx: APIRequestContext; code: string; codeId: string; offer: string }> {
	const candidates = await sql<{ offerSlug: string; id: string }[]>`
		select distinct on (s.offer_slug) s.offer_slug, s.id from anon.slot s
		where s.cancelled_at is null and s.booked < s.seats and s.starts_at > now() + interval '1 day'
			and s.phase in ('conversation', 'clarifying')
		order by s.offer_slug, s.starts_at`;
	for (const c of candidates) {
		const ctx = await newContext();
		await freshClientLimits();
		const posted = await ctx.post(`/tilbud/${c.offerSlug}/book/${c.id}?alder=25plus`, { form: {} });
		// POST/redirect/GET: the code is on the receipt the post redirects to (issue 12, item 1).
		const res = posted.status() === 303 ? await ctx.get(posted.headers()['location']!) : posted;
		const html = await res.text();
		// The code's paragraph holds its symbol pairs in spans: read up to the paragraph's own end.
		const code = /data-testid="code"[^>]*>([\s\S]*?)<\/p>/.exec(html)?.[1]?.replace(/<[^>]+>|\s|-/g, '');
		if (res.status() === 200 && code) {
			// By the code's own selector: times of creation are kept only to the day (migrations/045).
			const [row] = await sql<{ id: string }[]>`select id from anon.code where selector = ${selectorOf(code)}`;
			return { ctx, code, codeId: row!.id, offer: c.offerSlug };
		}
		await ctx.dispose();
	}
	throw new Error('No offer took a first booking');
}

export const DEMO_STAFF = { username: 'gladsaxe.koordinator', password: 'demo-adgangskode' };

export async function staffMember(): Promise<APIRequestContext> {
	const ctx = await newContext();
	const res = await ctx.post('/staff/login', { form: DEMO_STAFF });
	if (res.status() !== 303) throw new Error(`Staff login answered ${res.status()}`);
	return ctx;
}

/** Values for every route parameter, taken from what the database holds (Gladsaxe for staff pages). */
export async function paramValues(sql: PortalDb, codeId: string, offer: string): Promise<Record<string, string>[]> {
	const offers = await sql<{ slug: string }[]>`select slug from portal.offer order by slug`;
	const [slot] = await sql<{ id: string }[]>`
		select id from anon.slot where offer_slug = ${offer} and cancelled_at is null and booked < seats and starts_at > now()
		order by starts_at offset 3 limit 1`;
	const [booking] = await sql<
		{ id: string }[]
	>`select id from anon.booking where code_id = ${codeId} and status = 'booked' limit 1`;
	const [gladsaxeSlot] = await sql<{ id: string }[]>`
		select s.id from anon.slot s join portal.offer o on o.slug = s.offer_slug
		where o.municipality_slug = 'gladsaxe' order by s.starts_at limit 1`;
	// A colleague of the demo coordinator's that exists only for these tests: the fuzz may legitimately change
	// their places or disable them, which must not touch the demo counsellor other journeys sign in as.
	const [colleague] = await sql<{ id: string }[]>`
		insert into portal.staff (municipality_slug, username, display_name, password_hash, role)
		values ('gladsaxe', 'test.kollega', 'Testkollega', 'no-password', 'counsellor')
		on conflict (username) do update set username = excluded.username
		returning id`;
	// Settings the fuzz may legitimately change: a place of the tests' own, and an offer no journey books.
	await sql`
		insert into portal.place (slug, municipality_slug, name) values ('test-sted', 'gladsaxe', 'Teststed')
		on conflict (slug) do nothing`;
	return offers.map((o) => ({
		offer: o.slug,
		settingsPlace: 'test-sted',
		settingsOffer: 'gladsaxe-paaroerendekursus-alkohol',
		settingsProvider: 'gladsaxe-rusmiddelcenter',
		slot: slot!.id,
		booking: booking!.id,
		// /staff/slots/[id], /staff/course/[id] and /staff/team/[id] each get an id of their kind below.
		id: gladsaxeSlot!.id,
		courseId: codeId,
		staffId: colleague!.id
	}));
}

/** The [id] of a staff route names different things; pick the right one. */
export function staffParams(id: string, p: Record<string, string>): Record<string, string> {
	if (id.includes('/course/')) return { ...p, id: p.courseId! };
	if (id.includes('/beskeder/')) return { ...p, id: p.courseId! };
	if (id.includes('/team/')) return { ...p, id: p.staffId! };
	if (id.includes('/settings/place/')) return { ...p, slug: p.settingsPlace! };
	if (id.includes('/settings/offer/')) return { ...p, slug: p.settingsOffer! };
	if (id.includes('/settings/hours/')) return { ...p, offer: p.settingsOffer!, place: p.settingsProvider! };
	// The citizen's municipality page (issue 12, item 3).
	if (id.includes('/kommune/')) return { ...p, slug: 'gladsaxe' };
	return p;
}
