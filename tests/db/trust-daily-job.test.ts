import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { freshDatabase } from './fresh';
import type { Sql } from '$lib/server/platform/db';
import { seedStaffTest, newStaff } from './staff-fixtures';
import { CODE_SESSION, STAFF_SESSION, createSession } from '$lib/server/auth/session';
import { CODE_ENTRY_PER_CLIENT, consume, type Bucket } from '$lib/server/auth/rate-limit';
import { runDailyPurge } from '$lib/server/operations/purge.js';
import { code, book, slotAt } from './operations-helpers';

let db: Awaited<ReturnType<typeof freshDatabase>>;
let sql: Sql;

beforeAll(async () => {
	db = await freshDatabase();
	sql = db.sql;
	await seedStaffTest(sql);
});
afterAll(() => db.drop());

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

async function exists(table: string, id: string): Promise<boolean> {
	return (await sql`select 1 from ${sql.unsafe(table)} where id = ${id}`).length > 0;
}

describe('issue 9, finding 12 and "Also": the one daily job runs every clean-up', () => {
	it('attack: visit history stays — expired sessions, never-booked codes and old rate-limit buckets outlive the daily job', async () => {
		const now = new Date();
		const offer = (
			await sql<
				{ slug: string }[]
			>`select o.slug from portal.offer o where municipality_slug = 'alfa' and exists (select 1 from portal.offer_phase p where p.offer_slug = o.slug and p.phase = 'conversation') order by slug limit 1`
		)[0]!.slug;
		const place = (
			await sql<
				{ slug: string }[]
			>`select place_slug as slug from portal.offer_provider where offer_slug = ${offer} limit 1`
		)[0]!.slug;
		const staff = await newStaff(sql, 'dagjob', 'counsellor', 'alfa', [place]);

		// Sessions: one past its idle time, one past its absolute lifetime, one in use, of each kind.
		const booked = await code(sql, offer, 'Ræv-10', new Date(now.getTime() - 2 * DAY));
		await book(sql, booked.id, await slotAt(sql, offer, place, new Date(now.getTime() + 7 * DAY)), 'booked');
		const session = async (kind: typeof STAFF_SESSION, owner: string, createdAgoMs: number, usedAgoMs: number) => {
			const { session } = await createSession(sql, kind, owner);
			await sql`update ${sql(kind.table)} set created_at = ${new Date(now.getTime() - createdAgoMs)}, last_used_at = ${new Date(now.getTime() - usedAgoMs)} where id = ${session.id}`;
			return session.id;
		};
		const staffIdle = await session(STAFF_SESSION, staff.id, 2 * HOUR, STAFF_SESSION.idleMs + 60_000);
		const staffOld = await session(STAFF_SESSION, staff.id, STAFF_SESSION.absoluteMs + 60_000, 60_000);
		const staffLive = await session(STAFF_SESSION, staff.id, HOUR, 60_000);
		const codeIdle = await session(CODE_SESSION, booked.id, HOUR, CODE_SESSION.idleMs + 60_000);
		const codeOld = await session(CODE_SESSION, booked.id, CODE_SESSION.absoluteMs + 60_000, 60_000);
		const codeLive = await session(CODE_SESSION, booked.id, 10 * 60_000, 60_000);

		// Codes that never got a booking: an old one (a script's, or a staff-issued code never used) and a fresh one.
		const neverBooked = await code(sql, offer, 'Mus-11', new Date(now.getTime() - 30 * DAY));
		const freshUnbooked = await code(sql, offer, 'Mus-12', new Date(now.getTime() - HOUR));

		// Rate-limit buckets: yesterday's, one full again, and one of today still in use.
		await consume(sql, CODE_ENTRY_PER_CLIENT, '198.51.100.1');
		await sql`update portal.rate_limit set day = day - 1`;
		const fast: Bucket = { name: 'daily-fast', max: 1, refillPerSecond: 20 };
		await consume(sql, fast, '198.51.100.2');
		await new Promise((r) => setTimeout(r, 150));
		await consume(sql, CODE_ENTRY_PER_CLIENT, '198.51.100.3');
		await consume(sql, CODE_ENTRY_PER_CLIENT, '198.51.100.3');

		const result = await runDailyPurge(sql as never, now);
		expect(result).not.toBeNull();

		expect(await exists('portal.staff_session', staffIdle)).toBe(false);
		expect(await exists('portal.staff_session', staffOld)).toBe(false);
		expect(await exists('portal.staff_session', staffLive)).toBe(true);
		expect(await exists('anon.code_session', codeIdle)).toBe(false);
		expect(await exists('anon.code_session', codeOld)).toBe(false);
		expect(await exists('anon.code_session', codeLive)).toBe(true);
		expect(await exists('anon.code', neverBooked.id)).toBe(false);
		expect(await exists('anon.code', freshUnbooked.id)).toBe(true);
		expect(await exists('anon.code', booked.id)).toBe(true);
		// Only today's bucket in use is left, and no table of old key material exists.
		const [buckets] = await sql<{ n: number }[]>`select count(*)::int as n from portal.rate_limit`;
		expect(buckets!.n).toBe(1);
		const peppers =
			await sql`select 1 from information_schema.tables where table_schema = 'portal' and table_name = 'rate_limit_pepper'`;
		expect(peppers).toHaveLength(0);
	});
});
