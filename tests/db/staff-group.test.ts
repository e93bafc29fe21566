import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { freshDatabase } from './fresh';
import type { Sql } from '$lib/server/platform/db';
import type { Staff } from '$lib/server/staff/staff';
import { courseFor, groupSession, markAllAttended } from '$lib/server/staff/staff-course';
import { newStaff, seedStaffTest } from './staff-fixtures';
import { book, code, slotAt } from './operations-helpers';

/** Issue 13, item 7: a group session's participants by alias, and "everyone attended" in one action. */

let db: Awaited<ReturnType<typeof freshDatabase>>;
let sql: Sql;
let counsellor: Staff;
let betaCounsellor: Staff;
const startsAt = new Date('2030-03-04T15:00:00Z');
const during = new Date('2030-03-04T16:00:00Z');
let slotId: string;

beforeAll(async () => {
	db = await freshDatabase();
	sql = db.sql;
	await seedStaffTest(sql);
	counsellor = await newStaff(sql, 'raadgiver', 'counsellor', 'alfa', ['alfa-center']);
	betaCounsellor = await newStaff(sql, 'beta-raadgiver', 'counsellor', 'beta', ['beta-center']);
	slotId = await slotAt(sql, 'alfa-101a', 'alfa-center', startsAt, 8, 'course');
	for (const [alias, status] of [
		['Blå Ugle', 'booked'],
		['Grøn Ræv', 'booked'],
		['Rød Sæl', 'no_show'],
		['Gul Los', 'cancelled']
	] as const) {
		const c = await code(sql, 'alfa-101a', alias, new Date('2030-01-01T00:00:00Z'), { decision: 'granted' });
		await book(sql, c.id, slotId, status, 'course');
	}
});
afterAll(() => db.drop());

describe('a group session (issue 13, item 7)', () => {
	it('lists the participants by alias, never a code', async () => {
		const group = (await groupSession(sql, counsellor, slotId))!;
		expect(group.slot.bookings.map((b) => b.alias)).toEqual(['Blå Ugle', 'Grøn Ræv', 'Rød Sæl']);
		expect(group.minParticipants).toBeNull();
		expect(await groupSession(sql, betaCounsellor, slotId)).toBeNull();
	});

	it("is not recorded before the session's day: attendance is a fact from that day on", async () => {
		expect(await markAllAttended(sql, counsellor, slotId, new Date('2030-03-03T12:00:00Z'))).toEqual({
			ok: false,
			reason: 'too_early'
		});
	});

	it('"everyone attended" marks each booked participant attended, each audited; a no-show and a cancelled one stay', async () => {
		expect(await markAllAttended(sql, counsellor, slotId, during)).toEqual({ ok: true, recorded: 2 });
		const rows = await sql<{ alias: string; status: string }[]>`
			select c.alias, b.status from anon.booking b join anon.code c on c.id = b.code_id where b.slot_id = ${slotId} order by c.alias`;
		expect(rows).toEqual([
			{ alias: 'Blå Ugle', status: 'attended' },
			{ alias: 'Grøn Ræv', status: 'attended' },
			{ alias: 'Gul Los', status: 'cancelled' },
			{ alias: 'Rød Sæl', status: 'no_show' }
		]);
		const audited = await sql<
			{ alias: string }[]
		>`select alias from portal.audit where action = 'attendance' order by alias`;
		expect(audited.map((a) => a.alias)).toEqual(['Blå Ugle', 'Grøn Ræv']);
		expect(await markAllAttended(sql, betaCounsellor, slotId, during)).toEqual({ ok: false, reason: 'not_found' });
	});

	it("a participant's course page links the group session", async () => {
		const [row] = await sql<{ id: string }[]>`select id from anon.code where alias = 'Blå Ugle'`;
		expect((await courseFor(sql, counsellor, row!.id))!.bookings[0]).toMatchObject({ slotId, group: true });
	});
});
