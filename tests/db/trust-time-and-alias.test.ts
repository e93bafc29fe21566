import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { freshDatabase } from './fresh';
import type { Sql } from '$lib/server/platform/db';
import type { Staff } from '$lib/server/staff/staff';
import { createSlots } from '$lib/server/booking/staff-slots';
import { phoneBook, setAttendance } from '$lib/server/staff/staff-course';
import { insertCode, prepareCode } from '$lib/server/booking/codes';
import { createSession, CODE_SESSION } from '$lib/server/auth/session';
import { ALIAS_SPACE } from '$lib/server/booking/alias';
import { writeAsPerson } from '$lib/server/booking/messages';
import { bundledMigrations, migrate } from '$lib/server/platform/migrate';
import { newStaff, seedStaffTest, FUTURE_MONDAY } from './staff-fixtures';

/**
 * Issue 9, findings 10 and 17: rows about a citizen must not carry a time precise enough to join with a phone
 * system's call log or a proxy's access log, and an alias must never stand for two people at once.
 */

let db: Awaited<ReturnType<typeof freshDatabase>>;
let sql: Sql;
let counsellor: Staff;
let slotId: string;

beforeAll(async () => {
	db = await freshDatabase();
	sql = db.sql;
	await seedStaffTest(sql);
	counsellor = await newStaff(sql, 'alfa.raadgiver', 'counsellor', 'alfa', ['alfa-center']);
	const made = await createSlots(sql, counsellor, {
		offerSlug: 'alfa-101a',
		placeSlug: 'alfa-center',
		phase: 'clarifying',
		counsellorId: null,
		day: FUTURE_MONDAY,
		from: '10:00',
		to: '10:45',
		seats: 1,
		outsideHours: false,
		weeks: 1,
		blockMinutes: null
	});
	if (!made.ok) throw new Error(made.reason);
	slotId = made.slotIds[0]!;
});
afterAll(() => db.drop());

/** Midnight in Copenhagen, the only time of day a day-precise column may hold. */
async function isCopenhagenMidnight(at: Date): Promise<boolean> {
	const [row] = await sql<
		{ ok: boolean }[]
	>`select ${at}::timestamptz = date_trunc('day', ${at}::timestamptz, 'Europe/Copenhagen') as ok`;
	return row!.ok;
}

describe('finding 10: rows that re-identify by time', () => {
	it("attack: a phone system's call log links a caller's number to the code through the phone booking's audit row", async () => {
		const booked = await phoneBook(sql, counsellor, { slotId, ageBand: '25plus' });
		if (!booked.ok) throw new Error(booked.reason);
		// The counsellor's call at minute M and an audit row "this counsellor, minute M, alias A" named the caller's code.
		const rows = await sql<{ alias: string | null; detail: Record<string, unknown> }[]>`
			select alias, detail from portal.audit where action = 'phone_booking' and staff_id = ${counsellor.id}`;
		expect(rows).toHaveLength(1);
		expect(rows[0]!.alias).toBeNull();
		expect(JSON.stringify(rows[0]!.detail)).not.toContain(booked.alias);
		expect(rows[0]!.detail).not.toHaveProperty('slot');
		// Its time is only the day: it shares a transaction with the new code (xmin), so a finer time would
		// still line up with the call log.
		const [at] = await sql<
			{ at: Date }[]
		>`select at from portal.audit where action = 'phone_booking' and staff_id = ${counsellor.id}`;
		expect(await isCopenhagenMidnight(at!.at)).toBe(true);
		// Nor does the code itself say when (to the second) it was made.
		const [code] = await sql<
			{ createdAt: Date; lastActivityAt: Date }[]
		>`select created_at, last_activity_at from anon.code where id = ${booked.codeId}`;
		expect(await isCopenhagenMidnight(code!.createdAt)).toBe(true);
		expect(await isCopenhagenMidnight(code!.lastActivityAt)).toBe(true);
	});

	it("attack: a proxy's access log joins microsecond timestamps in schema anon to the client that posted", async () => {
		// Every timestamp column of schema anon, found from the catalogue so a new column is covered too.
		const columns = await sql<{ table: string; column: string }[]>`
			select table_name as table, column_name as column from information_schema.columns
			where table_schema = 'anon' and data_type = 'timestamp with time zone' order by 1, 2`;
		// Times of appointments and of staff actions on slots are not a citizen's request; sessions live minutes.
		const appointmentOrStaff = new Set([
			'slot.starts_at',
			'slot.ends_at',
			'slot.cancelled_at',
			'slot.created_at',
			'booking.starts_at',
			// the start of the time a cancellation notice is about: an appointment, written by the centre's action
			'message.notice_starts_at'
		]);
		const minutePrecise = new Set([
			'code_session.created_at',
			'code_session.last_used_at',
			'code_session.receipt_until',
			// the end of a place held from a waiting list (issue 15, part 2; migrations 081, 088)
			'waitlist.offered_until'
		]);
		const [code] = await sql<{ id: string }[]>`select id from anon.code limit 1`;
		await createSession(sql, CODE_SESSION, code!.id);
		// A receipt kept for the session (issue 12), with an end to the microsecond as the application computes it.
		await sql`update anon.code_session set receipt = '\\x00'::bytea, receipt_until = now() + interval '30 minutes 1.234567 seconds'`;
		// A message the person writes in their thread (issue 15): when it was written is a citizen's request too.
		expect(await writeAsPerson(sql, code!.id, 'Hvornår kan jeg komme?')).toMatchObject({ ok: true });
		// A seat held from a waiting list, with an end to the microsecond as the application computes it.
		await sql`insert into anon.waitlist (series_id, code_id, offered_until)
			values (gen_random_uuid(), ${code!.id}, now() + interval '48 hours 1.234567 seconds')`;
		for (const { table, column } of columns) {
			const name = `${table}.${column}`;
			if (appointmentOrStaff.has(name)) continue;
			const unit = minutePrecise.has(name) ? 'minute' : null;
			const [row] = await sql<{ rows: number; fine: number }[]>`
				select count(*)::int as rows,
					count(*) filter (where ${sql(column)} = ${unit ? sql`date_trunc('minute', ${sql(column)})` : sql`date_trunc('day', ${sql(column)}, 'Europe/Copenhagen')`})::int as fine
				from ${sql('anon')}.${sql(table)}`;
			expect(row!.rows, `${name} has rows to check`).toBeGreaterThan(0);
			expect(row!.fine, `${name} is ${unit ?? 'day'}-precise`).toBe(row!.rows);
		}
	});

	it('attack: an audit row about an alias keeps the time of the action to the microsecond', async () => {
		const [booking] = await sql<{ id: string }[]>`select b.id from anon.booking b where b.slot_id = ${slotId}`;
		const result = await setAttendance(
			sql,
			counsellor,
			slotId,
			booking!.id,
			'attended',
			new Date('2030-03-04T10:50:00+01:00')
		);
		expect(result).toEqual({ ok: true });
		const rows = await sql<
			{ at: Date; alias: string | null }[]
		>`select at, alias from portal.audit where action = 'attendance'`;
		expect(rows).toHaveLength(1);
		expect(rows[0]!.alias).not.toBeNull();
		expect(await isCopenhagenMidnight(rows[0]!.at)).toBe(true);
		// Even written by hand (an old code path, a script): the database cuts the time.
		await sql`insert into portal.audit (staff_id, municipality_slug, action, alias) values (${counsellor.id}, 'alfa', 'decision', 'Ræv-12345')`;
		const [manual] = await sql<{ at: Date }[]>`select at from portal.audit where alias = 'Ræv-12345'`;
		expect(await isCopenhagenMidnight(manual!.at)).toBe(true);
		// Rows about staff only keep their full time (who signed in when is not about a citizen).
		await sql`insert into portal.audit (staff_id, municipality_slug, action) values (${counsellor.id}, 'alfa', 'logout')`;
		const [staffRow] = await sql<
			{ precise: boolean }[]
		>`select at <> date_trunc('day', at, 'Europe/Copenhagen') as precise from portal.audit where action = 'logout'`;
		expect(staffRow!.precise).toBe(true);
	});
});

describe('finding 17: aliases repeat', () => {
	it('attack: two live codes share an alias, so staff cannot tell two people on one calendar day apart', async () => {
		const first = await insertCode(sql, await prepareCode(), 'alfa-101a', null, () => 'Ugle-55555');
		let draws = 0;
		// The second code draws the same alias first: it must get another one, not share it.
		const second = await insertCode(sql, await prepareCode(), 'alfa-101a', null, () =>
			draws++ === 0 ? 'Ugle-55555' : 'Ugle-55556'
		);
		const aliases = await sql<
			{ alias: string }[]
		>`select alias from anon.code where id in (${first.id}, ${second.id}) order by alias`;
		expect(aliases.map((a) => a.alias)).toEqual(['Ugle-55555', 'Ugle-55556']);
		// And the database itself refuses a shared alias, whatever writes it.
		await expect(
			sql`insert into anon.code (selector, secret_hash, alias, offer_slug) values ('XXXXXX', 'h', 'Ugle-55555', 'alfa-101a')`
		).rejects.toMatchObject({ constraint_name: 'code_alias_unique' });
	});

	it("there are enough aliases that a clash is rare at a whole country's number of live codes", () => {
		// ~200 000 live codes nationally (10⁵ a year, kept up to two years): under one draw in ten clashes.
		expect(200_000 / ALIAS_SPACE).toBeLessThan(0.1);
	});
});

describe('finding 10 on a database that already has rows', () => {
	it("migration 048 cuts earlier phone bookings' audit times to the day, past the append-only rule", async () => {
		const old = await freshDatabase({ migrate: false });
		try {
			await migrate(
				old.sql,
				bundledMigrations().filter((m) => m.version <= 47)
			);
			await old.sql`insert into portal.municipality (slug, name, retention_months) values ('alfa', 'Alfa', 12)`;
			await old.sql`insert into portal.audit (municipality_slug, action, at) values ('alfa', 'phone_booking', '2026-11-30T11:54:11.177Z')`;
			await migrate(old.sql);
			const [row] = await old.sql<{ at: Date }[]>`select at from portal.audit where action = 'phone_booking'`;
			expect(row!.at.toISOString()).toBe('2026-11-29T23:00:00.000Z');
		} finally {
			await old.drop();
		}
	});
});
