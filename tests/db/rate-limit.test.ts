import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { freshDatabase } from './fresh';
import type { Sql } from '$lib/server/platform/db';
import { consume, type Bucket } from '$lib/server/auth/rate-limit';
import { runDailyPurge } from '$lib/server/operations/purge.js';

let db: Awaited<ReturnType<typeof freshDatabase>>;
let sql: Sql;

beforeAll(async () => {
	db = await freshDatabase();
	sql = db.sql;
});
afterAll(() => db.drop());

const FIVE: Bucket = { name: 'test', max: 5, refillPerSecond: 0.0001 };

describe('rate limits in PostgreSQL', () => {
	it('lets max requests through and refuses the rest, also when they arrive at once', async () => {
		const results = await Promise.all(Array.from({ length: 20 }, () => consume(sql, FIVE, 'client-a')));
		expect(results.filter(Boolean)).toHaveLength(5);
		// Another client has its own bucket.
		expect(await consume(sql, FIVE, 'client-b')).toBe(true);
	});

	it('holds across app instances: a second pool on the same database sees the same bucket', async () => {
		const { connect } = await import('$lib/server/platform/db');
		const other = connect(db.url, 2);
		try {
			for (let i = 0; i < 5; i++) await consume(sql, FIVE, 'client-c');
			expect(await consume(other, FIVE, 'client-c')).toBe(false);
		} finally {
			await other.end();
		}
	});

	it('refills over time', async () => {
		const fast: Bucket = { name: 'fast', max: 1, refillPerSecond: 20 };
		expect(await consume(sql, fast, 'x')).toBe(true);
		expect(await consume(sql, fast, 'x')).toBe(false);
		await new Promise((r) => setTimeout(r, 120));
		expect(await consume(sql, fast, 'x')).toBe(true);
	});

	it('never stores the subject in clear: keys are keyed hashes, and the daily job forgets earlier days', async () => {
		await consume(sql, FIVE, '203.0.113.7');
		const rows = await sql<{ key: Uint8Array }[]>`select key from portal.rate_limit`;
		for (const r of rows) expect(Buffer.from(r.key).toString('latin1')).not.toContain('203.0.113.7');
		await sql`update portal.rate_limit set day = day - 1`;
		expect(await runDailyPurge(sql as never)).not.toBeNull();
		const [left] = await sql<{ n: number }[]>`select count(*)::int as n from portal.rate_limit`;
		expect(left!.n).toBe(0);
	});
});

describe('the first requests of a day', () => {
	it('many clients at once on a new day all get an answer', async () => {
		const results = await Promise.all(Array.from({ length: 40 }, (_, i) => consume(sql, FIVE, `day-client-${i}`)));
		expect(results.every((r) => r === true)).toBe(true);
	});
});
