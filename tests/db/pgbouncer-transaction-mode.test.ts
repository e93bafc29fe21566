import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { freshDatabase } from './fresh';
import { seedTestMunicipality, createSlot } from './fixtures';
import { connect, type Sql } from '$lib/server/platform/db';
import { bookSlotOrJoinSeries, cancel, issueCodeAndBook } from '$lib/server/booking/bookings';
import { validateCodeSession, createSession, CODE_SESSION } from '$lib/server/auth/session';

/**
 * Issue 14: behind PgBouncer in transaction mode, each transaction (or lone statement) may run on another server
 * connection, so the portal must leave nothing in a database session that a later statement relies on. Named
 * prepared statements are such state (before PgBouncer 1.21, or with max_prepared_statements = 0);
 * DATABASE_PREPARE=off turns them off. One pooled connection stands in for "the next client's" server connection:
 * whatever the booking path left in its session is visible there.
 */
let db: Awaited<ReturnType<typeof freshDatabase>>;
let owner: Sql;
let pooled: Sql;

beforeAll(async () => {
	db = await freshDatabase();
	owner = db.sql;
	await seedTestMunicipality(owner, [{ slug: 'open' }]);
});
afterAll(async () => {
	await pooled?.end({ timeout: 2 });
	await db.drop();
});

async function bookingPath(sql: Sql) {
	const first = await issueCodeAndBook(sql, {
		offerSlug: 'open',
		ageBand: null,
		slotId: await createSlot(owner, 'open')
	});
	if (!first.ok) throw new Error(first.reason);
	const { token } = await createSession(sql, CODE_SESSION, first.codeId);
	expect(await validateCodeSession(sql, token)).not.toBeNull();
	expect((await cancel(sql, first.codeId, first.bookingIds[0]!)).ok).toBe(true);
	expect((await bookSlotOrJoinSeries(sql, first.codeId, await createSlot(owner, 'open'))).ok).toBe(true);
}

describe('PgBouncer transaction mode (issue 14)', () => {
	it('with DATABASE_PREPARE=off a booking, a code session and a cancel leave no prepared statement or other state in the database session', async () => {
		// What app-db.ts's db() passes for DATABASE_PREPARE=off.
		pooled = connect(db.url, 1, 'pgbouncer-test', { prepare: false });
		await bookingPath(pooled);
		const [state] = await pooled<{ prepared: number; temp: number; advisory: number }[]>`
			select (select count(*)::int from pg_prepared_statements) as prepared,
				(select count(*)::int from pg_class where relpersistence = 't') as temp,
				(select count(*)::int from pg_locks where locktype = 'advisory' and pid = pg_backend_pid()) as advisory`;
		expect(state).toEqual({ prepared: 0, temp: 0, advisory: 0 });
	});

	it('with prepared statements on (the default) the same path leaves named statements in the session: what the switch is for', async () => {
		const prepared = connect(db.url, 1, 'prepared-test');
		try {
			await bookingPath(prepared);
			const [state] = await prepared<{ n: number }[]>`select count(*)::int as n from pg_prepared_statements`;
			expect(state!.n).toBeGreaterThan(0);
		} finally {
			await prepared.end({ timeout: 2 });
		}
	});
});
