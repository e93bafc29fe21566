import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { freshDatabase } from './fresh';
import { checksOn, literals } from './constraints';
import type { Sql } from '$lib/server/platform/db';
import { BOOKING_STATUSES, holdsSeat } from '$lib/domain/booking-status';

/**
 * The booking statuses live in src/lib/domain/booking-status.ts; the database repeats them where SQL must (a
 * check constraint, the seat function its triggers and index use). These tests fail when the two drift apart.
 */

let db: Awaited<ReturnType<typeof freshDatabase>>;
let sql: Sql;

beforeAll(async () => {
	db = await freshDatabase();
	sql = db.sql;
});
afterAll(() => db?.drop());

describe('the database agrees with the domain on booking statuses', () => {
	it('anon.booking_counts_seat says of every status what holdsSeat says', async () => {
		for (const status of BOOKING_STATUSES) {
			const [row] = await sql<{ holds: boolean }[]>`select anon.booking_counts_seat(${status}) as holds`;
			expect(row!.holds, status).toBe(holdsSeat(status));
		}
	});

	it('the status check constraint allows exactly BOOKING_STATUSES', async () => {
		const checks = await checksOn(sql, 'anon.booking', 'status');
		expect(checks).toHaveLength(1);
		expect(literals(checks[0]!).sort()).toEqual([...BOOKING_STATUSES].sort());
	});

	it('no other index or constraint on anon.booking spells out the seat-holding statuses itself', async () => {
		const predicates = await sql<{ name: string; predicate: string }[]>`
			select c.relname as name, pg_get_expr(i.indpred, i.indrelid) as predicate
			from pg_index i join pg_class c on c.oid = i.indexrelid
			where i.indrelid = 'anon.booking'::regclass and i.indpred is not null`;
		expect(predicates.map((p) => p.name)).toContain('booking_one_per_code_and_slot');
		for (const p of predicates) expect(literals(p.predicate), p.name).toEqual([]);
	});
});
