import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { freshDatabase } from './fresh';
import { seedTestMunicipality, createSlot, conversations } from './fixtures';
import type { Sql } from '$lib/server/platform/db';
import { issueCode } from '$lib/server/booking/codes';
import { bookSlotOrJoinSeries, cancel, CODE_BOOKINGS_PER_DAY } from '$lib/server/booking/bookings';
import { DEFAULT_MAX_HELD_AHEAD } from '$lib/domain/sessions';

/**
 * Issue 9, the outside review's second look: the first-booking limit stopped new codes, but one code could then
 * take every free time of an offer no cap bounds (70 of 70 in 1.2 s), and cancelling and rebooking in a loop
 * added a booking row (kept for months) and a statistics count each time.
 */

let db: Awaited<ReturnType<typeof freshDatabase>>;
let sql: Sql;

beforeAll(async () => {
	db = await freshDatabase();
	sql = db.sql;
	// Uncapped and without a monthly rhythm, like U-turn's counselling in the demo data.
	await seedTestMunicipality(sql, [{ slug: 'open', phases: [conversations(null)], cadence: null }]);
});
afterAll(() => db.drop());

describe('one code against an uncapped offer', () => {
	it('attack: one code books out every free time of an uncapped offer', async () => {
		const slots = [];
		for (let i = 0; i < 20; i++) slots.push(await createSlot(sql, 'open'));
		const { code } = await issueCode(sql, { offerSlug: 'open', ageBand: '25plus' });
		const results = [];
		for (const slot of slots) results.push(await bookSlotOrJoinSeries(sql, code.id, slot));
		expect(results.filter((r) => r.ok)).toHaveLength(DEFAULT_MAX_HELD_AHEAD);
		expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.reason)).toEqual(
			Array(20 - DEFAULT_MAX_HELD_AHEAD).fill('too_many_ahead')
		);
		const [free] = await sql<
			{ n: number }[]
		>`select count(*)::int as n from anon.slot where offer_slug = 'open' and booked < seats`;
		expect(free!.n).toBe(20 - DEFAULT_MAX_HELD_AHEAD);
	});

	it('attack: one code cancels and rebooks in a loop, adding a booking row and a statistics count each time', async () => {
		const slot = await createSlot(sql, 'open');
		const { code } = await issueCode(sql, { offerSlug: 'open', ageBand: '25plus' });
		let booked = 0;
		for (let i = 0; i < 30; i++) {
			const result = await bookSlotOrJoinSeries(sql, code.id, slot);
			if (!result.ok) {
				expect(result.reason).toBe('slow_down');
				break;
			}
			booked++;
			expect((await cancel(sql, code.id, result.bookingIds[0]!)).ok).toBe(true);
		}
		expect(booked).toBe(CODE_BOOKINGS_PER_DAY.max);
		const [rows] = await sql<{ n: number }[]>`select count(*)::int as n from anon.booking where code_id = ${code.id}`;
		expect(rows!.n).toBe(CODE_BOOKINGS_PER_DAY.max);
	});

	it('a refused booking (the time was taken) costs the person nothing of the day’s bookings', async () => {
		const slot = await createSlot(sql, 'open');
		const { code: first } = await issueCode(sql, { offerSlug: 'open', ageBand: '25plus' });
		const { code: second } = await issueCode(sql, { offerSlug: 'open', ageBand: '25plus' });
		expect((await bookSlotOrJoinSeries(sql, first.id, slot)).ok).toBe(true);
		for (let i = 0; i < CODE_BOOKINGS_PER_DAY.max + 3; i++) {
			expect(await bookSlotOrJoinSeries(sql, second.id, slot)).toEqual({ ok: false, reason: 'full' });
		}
		expect((await bookSlotOrJoinSeries(sql, second.id, await createSlot(sql, 'open'))).ok).toBe(true);
	});
});
