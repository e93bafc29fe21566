import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { freshDatabase } from './fresh';
import { seedTestMunicipality, createSlot, conversations } from './fixtures';
import type { Sql } from '$lib/server/platform/db';
import { issueCode } from '$lib/server/booking/codes';
import {
	bookSlotOrJoinSeries,
	cancel,
	reschedule,
	issueCodeAndBook,
	type BookingResult
} from '$lib/server/booking/bookings';
import { Locks } from '$lib/server/booking/locks';

let db: Awaited<ReturnType<typeof freshDatabase>>;
let sql: Sql;

beforeAll(async () => {
	db = await freshDatabase();
	sql = db.sql;
	await seedTestMunicipality(sql, [
		{ slug: 'five', phases: [conversations(5)] },
		{ slug: 'two', phases: [conversations(2)] },
		{ slug: 'open', phases: [conversations(null)] }
	]);
});
afterAll(() => db.drop());

async function newCode(offerSlug: string) {
	return (await issueCode(sql, { offerSlug, ageBand: null })).code.id;
}

/** A code holder books one (non-series) slot through the path the booking page's action calls. */
async function book(sql: Sql, codeId: string, slotId: string): Promise<BookingResult> {
	const result = await bookSlotOrJoinSeries(sql, codeId, slotId);
	return result.ok ? { ok: true, bookingId: result.bookingIds[0]! } : result;
}

async function codeCount(): Promise<number> {
	const [row] = await sql<{ n: number }[]>`select count(*)::int as n from anon.code`;
	return row!.n;
}

async function activeOnSlot(slotId: string): Promise<number> {
	const [row] = await sql<{ n: number }[]>`
		select count(*)::int as n from anon.booking where slot_id = ${slotId} and status in ('booked', 'attended', 'no_show')`;
	return row!.n;
}

describe('booking core against PostgreSQL', () => {
	it('a slot never holds more bookings than seats: 50 parallel bookings of a 1-seat slot → exactly 1', async () => {
		const slot = await createSlot(sql, 'open', { seats: 1 });
		const codes = await Promise.all(Array.from({ length: 50 }, () => newCode('open')));
		const results = await Promise.all(codes.map((c) => book(sql, c, slot)));
		expect(results.filter((r) => r.ok)).toHaveLength(1);
		const refused = results.filter((r) => !r.ok);
		expect(refused).toHaveLength(49);
		expect(new Set(refused.map((r) => (r.ok ? '' : r.reason)))).toEqual(new Set(['full']));
		expect(await activeOnSlot(slot)).toBe(1);
	});

	it('a code never passes its cap: 20 parallel bookings by one code with 2 sessions left → exactly 2', async () => {
		const code = await newCode('two');
		const slots = await Promise.all(Array.from({ length: 20 }, () => createSlot(sql, 'two')));
		const results = await Promise.all(slots.map((s) => book(sql, code, s)));
		expect(results.filter((r) => r.ok)).toHaveLength(2);
		// Past the 12 a day one code may book (CODE_BOOKINGS_PER_DAY) the rest hear "slow down" before the cap.
		const reasons = results.filter((r) => !r.ok).map((r) => !r.ok && r.reason);
		expect(reasons.every((r) => r === 'cap' || r === 'slow_down')).toBe(true);
		expect(reasons.filter((r) => r === 'cap').length).toBeGreaterThanOrEqual(10);
	});

	it('parallel cancel and book never leave more bookings than seats', async () => {
		const slot = await createSlot(sql, 'open', { seats: 3 });
		const holders = await Promise.all(Array.from({ length: 3 }, () => newCode('open')));
		const held = await Promise.all(holders.map((c) => book(sql, c, slot)));
		expect(held.every((r) => r.ok)).toBe(true);
		const newcomers = await Promise.all(Array.from({ length: 30 }, () => newCode('open')));
		const ops = [
			...holders.map((c, i) => cancel(sql, c, (held[i] as { bookingId: string }).bookingId)),
			...newcomers.map((c) => book(sql, c, slot))
		];
		const results = await Promise.all(ops);
		expect(results.slice(0, 3).every((r) => r.ok)).toBe(true);
		const [slotRow] = await sql<
			{ booked: number; seats: number }[]
		>`select booked, seats from anon.slot where id = ${slot}`;
		expect(await activeOnSlot(slot)).toBe(slotRow!.booked);
		expect(slotRow!.booked).toBeLessThanOrEqual(3);
		expect(results.slice(3).filter((r) => r.ok)).toHaveLength(slotRow!.booked);
	});

	it('the database refuses a booking past the seats even when the application check is bypassed', async () => {
		const slot = await createSlot(sql, 'open', { seats: 1 });
		const [a, b] = [await newCode('open'), await newCode('open')];
		await sql`insert into anon.booking (code_id, slot_id, phase, starts_at) select ${a}, id, phase, starts_at from anon.slot where id = ${slot}`;
		await expect(
			sql`insert into anon.booking (code_id, slot_id, phase, starts_at) select ${b}, id, phase, starts_at from anon.slot where id = ${slot}`
		).rejects.toThrow(/slot_not_overbooked/);
	});

	it('the database refuses a booking past the phase cap even when the application check is bypassed', async () => {
		const code = await newCode('two');
		for (let i = 0; i < 2; i++) {
			const s = await createSlot(sql, 'two');
			await sql`insert into anon.booking (code_id, slot_id, phase, starts_at) select ${code}, id, phase, starts_at from anon.slot where id = ${s}`;
		}
		const third = await createSlot(sql, 'two');
		await expect(
			sql`insert into anon.booking (code_id, slot_id, phase, starts_at) select ${code}, id, phase, starts_at from anon.slot where id = ${third}`
		).rejects.toThrow(/phase cap/);
	});

	it('a code holds at most one active booking per slot', async () => {
		const slot = await createSlot(sql, 'open', { seats: 4 });
		const code = await newCode('open');
		const results = await Promise.all([book(sql, code, slot), book(sql, code, slot), book(sql, code, slot)]);
		expect(results.filter((r) => r.ok)).toHaveLength(1);
		expect(await activeOnSlot(slot)).toBe(1);
	});

	it('cancelling frees the seat for another code', async () => {
		const slot = await createSlot(sql, 'open', { seats: 1 });
		const [a, b] = [await newCode('open'), await newCode('open')];
		const first = await book(sql, a, slot);
		expect(await book(sql, b, slot)).toEqual({ ok: false, reason: 'full' });
		expect(first.ok && (await cancel(sql, a, first.bookingId)).ok).toBe(true);
		expect((await book(sql, b, slot)).ok).toBe(true);
	});

	it('a code cannot cancel another code’s booking', async () => {
		const slot = await createSlot(sql, 'open');
		const [a, b] = [await newCode('open'), await newCode('open')];
		const booked = await book(sql, a, slot);
		expect(booked.ok && (await cancel(sql, b, booked.bookingId))).toEqual({ ok: false, reason: 'booking_not_found' });
	});

	it('rescheduling at the cap moves the booking; a refused move keeps the old one', async () => {
		const code = await newCode('two');
		const [s1, s2, s3] = [await createSlot(sql, 'two'), await createSlot(sql, 'two'), await createSlot(sql, 'two')];
		const b1 = await book(sql, code, s1);
		await book(sql, code, s2);
		expect(b1.ok).toBe(true);
		if (!b1.ok) return;
		const moved = await reschedule(sql, code, b1.bookingId, s3);
		expect(moved.ok).toBe(true);
		expect(await activeOnSlot(s1)).toBe(0);
		expect(await activeOnSlot(s3)).toBe(1);
		// s2 already holds this code: the move is refused and the booking on s3 stays.
		if (!moved.ok) return;
		expect((await reschedule(sql, code, moved.bookingId, s2)).ok).toBe(false);
		expect(await activeOnSlot(s3)).toBe(1);
	});

	it('a first booking issues its code in the same transaction: a refused booking leaves no code', async () => {
		const slot = await createSlot(sql, 'open', { seats: 1 });
		const before = await codeCount();
		const results = await Promise.all(
			Array.from({ length: 10 }, () => issueCodeAndBook(sql, { offerSlug: 'open', ageBand: null, slotId: slot }))
		);
		const ok = results.filter((r) => r.ok);
		expect(ok).toHaveLength(1);
		const after = await codeCount();
		expect(after - before).toBe(1);
		expect(ok[0]!.ok && ok[0]!.display).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
	});
});

describe('the one lock order (code → slots → bookings)', () => {
	it('a writer that locks a slot and then its code is stopped before it can deadlock', async () => {
		const [code, slot] = [await newCode('open'), await createSlot(sql, 'open')];
		await sql.begin(async (tx) => {
			const locks = new Locks(tx);
			await locks.slots([slot]);
			await expect(locks.code(code)).rejects.toThrow(/out of order/);
			await expect(locks.slots([slot])).rejects.toThrow(/out of order/);
			await locks.bookings([]);
		});
	});
});

describe('the under-18 gate in the database (001)', () => {
	it('an under-18 is held at the anonymous sessions; recorded consent unlocks the further ones, also in the trigger', async () => {
		await seedTestMunicipality(sql, [
			{ slug: 'five' },
			{ slug: 'two' },
			{ slug: 'open' },
			{
				slug: 'youth',
				minAge: 12,
				maxAge: 25,
				phases: [conversations(2)],
				youth: { anonymousMax: 2, withConsentMax: 3 }
			}
		]);
		const code = (await issueCode(sql, { offerSlug: 'youth', ageBand: 'under18' })).code.id;
		const slots = await Promise.all(Array.from({ length: 6 }, () => createSlot(sql, 'youth')));
		expect((await book(sql, code, slots[0]!)).ok).toBe(true);
		expect((await book(sql, code, slots[1]!)).ok).toBe(true);
		expect(await book(sql, code, slots[2]!)).toEqual({ ok: false, reason: 'consent_needed' });
		await sql`update anon.code set parental_consent = true where id = ${code}`;
		for (const s of slots.slice(2, 5)) expect((await book(sql, code, s)).ok).toBe(true);
		expect(await book(sql, code, slots[5]!)).toEqual({ ok: false, reason: 'cap' });
		// And the trigger alone holds the line past consent's sessions.
		await expect(
			sql`insert into anon.booking (code_id, slot_id, phase, starts_at) select ${code}, id, phase, starts_at from anon.slot where id = ${slots[5]!}`
		).rejects.toThrow(/phase cap/);
	});
});
