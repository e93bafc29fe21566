import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { inject } from 'vitest';
import postgres from 'postgres';
import { freshDatabase } from './fresh';
import type { Sql } from '$lib/server/platform/db';

/**
 * postgres.js 3.4.9 crashes the whole process when PostgreSQL ends a connection inside a transaction: the
 * ROLLBACK it then sends is written from a timer onto a socket that is already gone ("Cannot read properties of
 * null (reading 'write')", porsager/postgres#1066, #1154, #1208). patches/postgres+3.4.9.patch fixes it and is
 * applied by patch-package at install, failing the install if it no longer applies. This test proves the patch
 * is in place: without it, the uncaught TypeError fails the run.
 */

let db: Awaited<ReturnType<typeof freshDatabase>>;
let sql: Sql;
let admin: postgres.Sql;
const uncaught: unknown[] = [];
const record = (e: unknown) => uncaught.push(e);

beforeAll(async () => {
	db = await freshDatabase({ migrate: false, max: 8 });
	sql = db.sql;
	admin = postgres(inject('adminUrl'), { max: 1, onnotice: () => {} });
	process.on('uncaughtException', record);
});
afterAll(async () => {
	process.off('uncaughtException', record);
	await admin.end();
	await db.drop();
});

describe('the database driver survives a backend ended mid-transaction', () => {
	it('transactions whose backend is terminated fail with a connection error; the process lives and the pool recovers', async () => {
		const transactions = Array.from({ length: 6 }, (_, i) =>
			sql.begin(async (tx) => {
				await tx`select ${i}::int`;
				// Held open until the backend is terminated underneath it.
				await tx`select pg_sleep(5)`;
			})
		);
		const settled = Promise.allSettled(transactions);
		// Wait until all six are inside pg_sleep, then end their backends as a failover or an admin would.
		for (let i = 0; i < 100; i++) {
			const [row] = await admin<
				{ n: number }[]
			>`select count(*)::int as n from pg_stat_activity where query like 'select pg_sleep%' and state = 'active'`;
			if (row!.n >= 6) break;
			await new Promise((r) => setTimeout(r, 50));
		}
		await admin`select pg_terminate_backend(pid) from pg_stat_activity where query like 'select pg_sleep%' and pid <> pg_backend_pid()`;
		const results = await settled;
		expect(results.every((r) => r.status === 'rejected')).toBe(true);
		for (const r of results) {
			expect(String((r as PromiseRejectedResult).reason?.code ?? (r as PromiseRejectedResult).reason)).toMatch(
				/57P01|CONNECTION|ECONNRESET/
			);
		}
		// Timers from the dead connections have had their turn.
		await new Promise((r) => setTimeout(r, 200));
		expect(uncaught).toEqual([]);
		const [after] = await sql<{ ok: number }[]>`select 1 as ok`;
		expect(after!.ok).toBe(1);
	});
});
