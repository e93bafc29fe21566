import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { freshDatabase } from './fresh';
import type { Sql } from '$lib/server/platform/db';
import { seedTestMunicipality, createSlot } from './fixtures';
import { closeDb, count, pointAppAt, post, type ActionOutcome } from './trust-route';
import { actions } from '../../src/routes/(citizen)/tilbud/[offer]/book/[slot]/+page.server';

let db: Awaited<ReturnType<typeof freshDatabase>>;
let sql: Sql;

beforeAll(async () => {
	db = await freshDatabase();
	sql = db.sql;
	await pointAppAt(db.url);
	await seedTestMunicipality(sql, [{}, {}, {}, {}, {}]);
});
afterAll(async () => {
	await closeDb();
	await db.drop();
});

/** A first booking that made a code goes on to the receipt (issue 12: POST/redirect/GET). */
const issued = (o: ActionOutcome) => o.location === '/kvittering';

/** The citizen's "Book og få min kode" for one slot of an offer, from one client address. */
function firstBooking(offer: string, slot: string, client: string) {
	return post(actions.default, { path: `/tilbud/${offer}/book/${slot}?alder=25plus`, client, params: { offer, slot } });
}

describe('issue 9, finding 3: first bookings (each makes a new code) are limited per client', () => {
	it('attack: one script books out every free time of an offer with rapid first bookings from one client', async () => {
		const slots = await Promise.all(Array.from({ length: 10 }, () => createSlot(sql, 'offer-0')));
		const codesBefore = await count(sql, 'anon.code');
		const outcomes = [];
		for (const slot of slots) outcomes.push(await firstBooking('offer-0', slot, '198.51.100.77'));
		const booked = outcomes.filter(issued);
		const refused = outcomes.filter((o) => !issued(o));
		expect(booked.length).toBeGreaterThanOrEqual(1);
		expect(booked.length).toBeLessThanOrEqual(3);
		expect(refused.map((o) => o.status)).toEqual(refused.map(() => 429));
		expect(refused.every((o) => o.data.reason === 'slow_down')).toBe(true);
		// A refused first booking writes no code, and leaves the slot free for a real person.
		expect((await count(sql, 'anon.code')) - codesBefore).toBe(booked.length);
		const [free] = await sql<
			{ n: number }[]
		>`select count(*)::int as n from anon.slot where id = any(${slots}::uuid[]) and booked = 0`;
		expect(free!.n).toBe(10 - booked.length);
	});

	it('attack: the script moves to the next address of its IPv6 /64 and books on', async () => {
		const slots = await Promise.all(Array.from({ length: 8 }, () => createSlot(sql, 'offer-1')));
		const outcomes = [];
		for (const [i, slot] of slots.entries())
			outcomes.push(await firstBooking('offer-1', slot, `2001:db8:5:6::${(i + 1).toString(16)}`));
		expect(outcomes.filter(issued).length).toBeLessThanOrEqual(3);
		expect(outcomes.slice(3).every((o) => o.status === 429)).toBe(true);
	});

	it('attack: the script moves from offer to offer and books on', async () => {
		const outcomes = [];
		for (let i = 0; i < 20; i++) {
			const offer = `offer-${i % 5}`;
			outcomes.push(await firstBooking(offer, await createSlot(sql, offer), '203.0.113.99'));
		}
		// Three an hour at each of five offers would be fifteen; the client's day ends at ten.
		expect(outcomes.filter(issued).length).toBe(10);
	});

	it('a person who books once or twice never meets the limit, and others at the same time are not refused', async () => {
		for (const client of ['192.0.2.10', '192.0.2.11', '2001:db8:77:1::20']) {
			const first = await firstBooking('offer-0', await createSlot(sql, 'offer-0'), client);
			const second = await firstBooking('offer-0', await createSlot(sql, 'offer-0'), client);
			expect([first, second].map((o) => [o.status, o.data.reason ?? null])).toEqual([
				[200, null],
				[200, null]
			]);
			expect(issued(first), JSON.stringify(first)).toBe(true);
		}
	});
});
