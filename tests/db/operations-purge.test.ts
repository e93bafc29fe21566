import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { freshDatabase } from './fresh';
import { connect, type Sql } from '$lib/server/platform/db';
import { seedTestMunicipality, conversations } from './fixtures';
import { monthlyInterpreterRequests, monthlyStats } from '$lib/server/operations/stats';
import { purgeExpiredCodes, runDailyPurge } from '$lib/server/operations/purge.js';
import { audit } from '$lib/server/operations/audit';
import { book, code, slotAt } from './operations-helpers';

let db: Awaited<ReturnType<typeof freshDatabase>>;
let sql: Sql;
const now = new Date('2026-11-23T12:00:00Z');
const old = new Date('2025-06-03T10:00:00Z'); // 17 months before `now`; Testby keeps codes 12 months

beforeAll(async () => {
	db = await freshDatabase();
	sql = db.sql;
	await seedTestMunicipality(sql, [
		{ title: { da: 'Alkohol', en: 'Alcohol' }, guarantee14Days: true, phases: [conversations(null)] },
		{ title: { da: 'Rådgivning', en: 'Counselling' }, phases: [conversations(3)] }
	]);
});
afterAll(() => db.drop());

/** Every row of every table in schema anon, and of portal.audit, that mentions the value anywhere. */
async function traces(value: string): Promise<string[]> {
	const tables = await sql<{ name: string }[]>`
		select format('%I.%I', table_schema, table_name) as name from information_schema.tables
		where (table_schema = 'anon' and table_type = 'BASE TABLE') or (table_schema = 'portal' and table_name = 'audit')`;
	expect(tables.map((t) => t.name)).toEqual(
		expect.arrayContaining(['anon.code', 'anon.booking', 'anon.slot', 'anon.code_session', 'portal.audit'])
	);
	const found: string[] = [];
	for (const t of tables) {
		const [row] = await sql<
			{ n: number }[]
		>`select count(*)::int as n from ${sql.unsafe(t.name)} t where t::text ilike ${'%' + value + '%'}`;
		if (row!.n > 0) found.push(t.name);
	}
	return found;
}

describe('automatic deletion after the retention period (issue 5)', () => {
	it("after the period nothing of the code can be found by any query, and the month's statistics are unchanged", async () => {
		const gone = await code(sql, 'offer-1', 'Odder-31', old);
		const kept = await code(sql, 'offer-1', 'Sæl-64', old);
		const bookings: string[] = [];
		for (const [i, status] of (['attended', 'attended', 'no_show'] as const).entries()) {
			const slot = await slotAt(sql, 'offer-1', 'testby-center', new Date(old.getTime() + (i + 1) * 86_400_000));
			bookings.push(await book(sql, gone.id, slot, status));
			await book(sql, kept.id, slot, 'attended');
		}
		await sql`insert into anon.code_session (id, code_id, secret_hash) values ('sess-odder', ${gone.id}, '\\x00')`;
		await sql.begin((tx) =>
			audit(tx, {
				staffId: null,
				municipalitySlug: 'testby',
				action: 'attendance',
				alias: 'Odder-31',
				detail: { booking: bookings[0]!, status: 'attended' }
			})
		);
		// The kept code is in use again: its retention runs from now.
		await sql`update anon.code set last_activity_at = ${now} where id = ${kept.id}`;

		const before = await monthlyStats(sql, 'testby', '2025-06');
		expect(before.find((r) => r.offerSlug === 'offer-1' && r.placeSlug === 'testby-center')!.counts).toMatchObject({
			codesIssued: 2,
			// The gone code's missed conversation uses no session (DEFAULT_NO_SHOW_USES_SESSION): 2 of 3 used.
			capsReached: 1,
			sessionsAttended: 5,
			sessionsNoShow: 1
		});

		const result = await purgeExpiredCodes(sql as never, now);
		expect(result).toEqual({ codes: 1, neverBooked: 0, bookings: 3, sessions: 1, auditEntries: 1 });

		for (const value of [gone.id, gone.selector, 'Odder-31', ...bookings])
			expect(await traces(value), value).toEqual([]);
		expect(await traces(kept.id)).toContain('anon.code');
		expect(await monthlyStats(sql, 'testby', '2025-06')).toEqual(before);
		// A second run has nothing left to delete and changes nothing.
		expect(await purgeExpiredCodes(sql as never, now)).toEqual({
			codes: 0,
			neverBooked: 0,
			bookings: 0,
			sessions: 0,
			auditEntries: 0
		});
		expect(await monthlyStats(sql, 'testby', '2025-06')).toEqual(before);
	});

	it('a code with a session still ahead is not deleted, however long since its code was typed', async () => {
		const c = await code(sql, 'offer-0', 'Hare-20', old);
		await book(
			sql,
			c.id,
			await slotAt(sql, 'offer-0', 'testby-center', new Date(now.getTime() + 7 * 86_400_000)),
			'booked'
		);
		expect((await purgeExpiredCodes(sql as never, now)).codes).toBe(0);
		expect(await traces(c.id)).toContain('anon.code');
	});

	it('the daily job runs once when two instances (two pools) try at the same time', async () => {
		const c = await code(sql, 'offer-0', 'Elg-55', old);
		const a = connect(db.url, 2);
		const b = connect(db.url, 2);
		try {
			const day = new Date('2026-11-24T09:00:00Z');
			const results = await Promise.all([runDailyPurge(a as never, day), runDailyPurge(b as never, day)]);
			expect(results.filter((r) => r !== null)).toMatchObject([
				{ codes: 1, neverBooked: 1, bookings: 0, sessions: 0, auditEntries: 0 }
			]);
			expect(results.filter((r) => r === null)).toHaveLength(1);
			// Later the same Copenhagen day: already done. The next day: runs again.
			expect(await runDailyPurge(a as never, new Date('2026-11-24T22:30:00Z'))).toBeNull();
			expect(await runDailyPurge(b as never, new Date('2026-11-24T23:30:00Z'))).toMatchObject({
				codes: 0,
				neverBooked: 0,
				bookings: 0,
				sessions: 0,
				auditEntries: 0
			});
			expect(await traces(c.id)).toEqual([]);
		} finally {
			await a.end();
			await b.end();
		}
	});

	it("interpreter requests are folded with the code's other counts: a month's requests per language are the same after the deletion (issue 15, part 4)", async () => {
		const july = (d: number) => new Date(`2025-07-${String(d).padStart(2, '0')}T09:00:00Z`);
		const gone = await code(sql, 'offer-1', 'Tolk-Gone', july(1));
		const kept = await code(sql, 'offer-1', 'Tolk-Kept', july(1));
		await sql`update anon.code set last_activity_at = ${now} where id = ${kept.id}`;
		for (const [i, c] of [gone, kept, gone].entries()) {
			const booking = await book(sql, c.id, await slotAt(sql, 'offer-1', 'testby-center', july(2 + i)));
			await sql`update anon.booking set interpreter = ${i === 2 ? 'other' : 'ar'} where id = ${booking}`;
		}
		const before = await monthlyInterpreterRequests(sql, 'testby', '2025-07');
		expect(before).toEqual([
			{ language: 'ar', requests: 2 },
			{ language: 'other', requests: 1 }
		]);

		expect((await purgeExpiredCodes(sql as never, now)).codes).toBe(1);
		expect(await sql`select 1 from anon.code where id = ${gone.id}`).toHaveLength(0);
		expect(await monthlyInterpreterRequests(sql, 'testby', '2025-07')).toEqual(before);
		// The folded row holds counts only: a month, a language and a number, nothing of the code.
		expect(await sql`select * from portal.interpreter_folded where month = '2025-07-01'`).toEqual([
			{ municipalitySlug: 'testby', month: expect.any(Date), language: 'ar', requests: 1 },
			{ municipalitySlug: 'testby', month: expect.any(Date), language: 'other', requests: 1 }
		]);
	});
});
