import { test, expect } from './fixtures';
import { anonCounts, freshClientLimits, newContext, portalDb, type PortalDb } from './portal';

/**
 * Issue 9, finding 3 over HTTP: one client's rapid first bookings (each makes a new code) are refused with 429
 * after a few, write no code, and the refusal is the confirm page again, with the chosen time and a calm word.
 */
let sql: PortalDb;
test.beforeAll(() => {
	sql = portalDb();
});
test.afterAll(async () => {
	// Later specs book first times from this same address.
	await freshClientLimits();
	await sql.end({ timeout: 5 });
});

// eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a test uses from this pattern; it uses none
test('attack: a script books out an offer with ten rapid first bookings from one client', async ({}, testInfo) => {
	test.skip(testInfo.project.name !== 'no-js', 'HTTP only: once is enough');
	const [offer] = await sql<{ offerSlug: string; n: number }[]>`
		select offer_slug, count(*)::int as n from anon.slot
		where cancelled_at is null and booked < seats and starts_at > now() + interval '1 day' and phase = 'conversation'
			and series_id is null
		group by offer_slug order by count(*) desc limit 1`;
	expect(offer!.n).toBeGreaterThanOrEqual(10);
	const slots = await sql<{ id: string }[]>`
		select id from anon.slot
		where offer_slug = ${offer!.offerSlug} and cancelled_at is null and booked < seats and starts_at > now() + interval '1 day'
			and phase = 'conversation' and series_id is null
		order by starts_at limit 10`;

	await freshClientLimits();
	const before = await anonCounts(sql);
	const ctx = await newContext();
	const answers = [];
	for (const s of slots) {
		const res = await ctx.post(`/tilbud/${offer!.offerSlug}/book/${s.id}?alder=25plus`, { form: {} });
		answers.push({ status: res.status(), location: res.headers()['location'] ?? '', html: await res.text() });
	}
	await ctx.dispose();

	// A first booking that made a code goes on to the receipt (issue 12: POST/redirect/GET).
	const booked = answers.filter((a) => a.status === 303 && a.location === '/kvittering');
	const refused = answers.filter((a) => a.status === 429);
	expect(booked.length).toBeGreaterThanOrEqual(1);
	expect(booked.length).toBeLessThanOrEqual(3);
	expect(booked.length + refused.length).toBe(10);
	expect((await anonCounts(sql)).codes - before.codes).toBe(booked.length);
	for (const a of refused) {
		expect(a.html).toContain('Vent lidt, før du booker igen');
		expect(a.html).toContain('Den tid, du valgte, står her stadig.');
		// The chosen time is still on the page, ready to confirm later.
		expect(a.html).toContain('Book og få min kode');
		expect(a.html).not.toContain('data-testid="code"');
	}
});
