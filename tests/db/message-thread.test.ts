import { describe, it, expect, beforeAll, afterAll, vi } from 'vitest';
import { freshDatabase } from './fresh';
import type { Sql } from '$lib/server/platform/db';
import type { Staff } from '$lib/server/staff/staff';
import { createSlots, cancelSlot } from '$lib/server/booking/staff-slots';
import { phoneBook, endCourse } from '$lib/server/staff/staff-course';
import {
	askWithNewCode,
	mayOpenThread,
	CODE_MESSAGES_PER_DAY,
	threadForPerson,
	threadForStaff,
	threadsFor,
	unreadByPerson,
	waitingThreadCount,
	writeAsPerson,
	writeAsStaff
} from '$lib/server/booking/messages';
import { purgeExpiredCodes } from '$lib/server/operations/purge.js';
import { newStaff, seedStaffTest } from './staff-fixtures';
import { book, code, slotAt } from './operations-helpers';
import { handleError } from '../../src/hooks.server';
import { MESSAGE_MAX_LENGTH } from '$lib/domain/message';

let db: Awaited<ReturnType<typeof freshDatabase>>;
let sql: Sql;
let alfaCoordinator: Staff;
let alfaCounsellor: Staff;
let betaCoordinator: Staff;
let partner: Staff;
const day = '2030-03-04'; // a Monday

async function slot(staff: Staff, place: string, fromWall: string): Promise<string> {
	const r = await createSlots(sql, staff, {
		offerSlug: 'alfa-101a',
		placeSlug: place,
		phase: 'clarifying',
		counsellorId: null,
		day,
		from: fromWall as `${number}:${number}`,
		to: `${fromWall.slice(0, 2)}:45` as `${number}:${number}`,
		seats: 1,
		outsideHours: place === 'gamma-partner',
		weeks: 1,
		blockMinutes: null
	});
	if (!r.ok) throw new Error(r.reason);
	return r.slotIds[0]!;
}

async function phoneCode(staff: Staff, slotId: string): Promise<string> {
	const booked = await phoneBook(sql, staff, { slotId, ageBand: '25plus' });
	if (!booked.ok) throw new Error(booked.reason);
	return booked.codeId;
}

beforeAll(async () => {
	db = await freshDatabase();
	sql = db.sql;
	await seedStaffTest(sql);
	await sql`update portal.place set outside_hours_by_agreement = true where slug = 'gamma-partner'`;
	alfaCoordinator = await newStaff(sql, 'alfa.koordinator', 'coordinator', 'alfa');
	alfaCounsellor = await newStaff(sql, 'alfa.raadgiver', 'counsellor', 'alfa', ['alfa-center']);
	betaCoordinator = await newStaff(sql, 'beta.koordinator', 'coordinator', 'beta');
	partner = await newStaff(sql, 'gamma.partner', 'partner', 'gamma', ['gamma-partner']);
});
afterAll(() => db.drop());

const SECRET = 'Jeg drikker for meget og vil gerne tale med nogen om det';

describe('a message thread on the code (issue 15)', () => {
	it('SEL §101a stk. 3: a person may ask a question before any booking, with a fresh code issued for it', async () => {
		const asked = await askWithNewCode(sql, { offerSlug: 'alfa-101a', ageBand: null }, `  ${SECRET}\r\n\r\n\r\n\r\n  `);
		expect(asked.ok).toBe(true);
		if (!asked.ok) return;
		expect(asked.display).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4})+$/);
		const [booked] = await sql<
			{ n: number }[]
		>`select count(*)::int as n from anon.booking where code_id = ${asked.codeId}`;
		expect(booked!.n).toBe(0);
		const thread = await threadForPerson(sql, asked.codeId);
		expect(thread.map((m) => [m.sender, m.body])).toEqual([['person', SECRET]]);
		// The municipality's staff see it waiting, by alias; another municipality and the partner do not.
		expect((await threadsFor(sql, alfaCounsellor)).find((t) => t.codeId === asked.codeId)).toMatchObject({
			waiting: true,
			unread: 1
		});
		expect(await waitingThreadCount(sql, alfaCoordinator)).toBeGreaterThanOrEqual(1);
		expect(await threadForStaff(sql, betaCoordinator, asked.codeId)).toBeNull();
		expect(await threadForStaff(sql, partner, asked.codeId)).toBeNull();
		expect(await mayOpenThread(sql, betaCoordinator, asked.codeId)).toBe(false);
		expect(await mayOpenThread(sql, alfaCounsellor, asked.codeId)).toBe(true);
		expect((await threadsFor(sql, betaCoordinator)).map((t) => t.codeId)).not.toContain(asked.codeId);
		expect(await writeAsStaff(sql, betaCoordinator, asked.codeId, 'hej')).toEqual({ ok: false, reason: 'not_found' });
	});

	it('staff answer by alias; the person sees the answer unread first, and the thread no longer waits', async () => {
		const asked = await askWithNewCode(sql, { offerSlug: 'alfa-101a', ageBand: null }, 'Hvornår kan jeg komme?');
		if (!asked.ok) throw new Error(asked.reason);
		expect(await writeAsStaff(sql, alfaCounsellor, asked.codeId, 'Ring til os på hverdage.')).toEqual({ ok: true });
		expect((await threadsFor(sql, alfaCounsellor)).find((t) => t.codeId === asked.codeId)).toMatchObject({
			waiting: false
		});
		expect(await unreadByPerson(sql, asked.codeId)).toBe(1);
		const seen = await threadForPerson(sql, asked.codeId);
		expect(seen.map((m) => [m.sender, m.body, m.read])).toEqual([
			['centre', 'Ring til os på hverdage.', false],
			['person', 'Hvornår kan jeg komme?', false]
		]);
		expect(await unreadByPerson(sql, asked.codeId)).toBe(0);
	});

	it('a partner sees only the threads of people booked at its own places; the municipality sees them too', async () => {
		const atPartner = await phoneCode(partner, await slot(partner, 'gamma-partner', '12:00'));
		const atHome = await phoneCode(alfaCounsellor, await slot(alfaCounsellor, 'alfa-center', '13:00'));
		expect(await writeAsPerson(sql, atPartner, 'Spørgsmål til partneren')).toEqual({ ok: true });
		expect(await writeAsPerson(sql, atHome, 'Spørgsmål hjemme')).toEqual({ ok: true });
		const partnerSees = (await threadsFor(sql, partner)).map((t) => t.codeId);
		expect(partnerSees).toContain(atPartner);
		expect(partnerSees).not.toContain(atHome);
		expect(await threadForStaff(sql, partner, atHome)).toBeNull();
		expect((await threadsFor(sql, alfaCoordinator)).map((t) => t.codeId)).toEqual(
			expect.arrayContaining([atPartner, atHome])
		);
		expect(await threadsFor(sql, betaCoordinator)).toEqual([]);
		expect(await waitingThreadCount(sql, betaCoordinator)).toBe(0);
	});

	it('waiting threads come first in the staff list', async () => {
		const list = await threadsFor(sql, alfaCoordinator);
		const firstAnswered = list.findIndex((t) => !t.waiting);
		expect(firstAnswered).toBeGreaterThan(0);
		expect(list.slice(firstAnswered).every((t) => !t.waiting)).toBe(true);
		expect(await waitingThreadCount(sql, alfaCoordinator)).toBe(firstAnswered);
	});

	it('cancelling a time writes a notice to every code it affects, in the same transaction, with no text stored', async () => {
		// A group session of the course, with two people in it (a decision granted, as §101a stk. 4 requires).
		const group = await slotAt(sql, 'alfa-101a', 'alfa-center', new Date('2030-03-04T14:00:00Z'), 8, 'course');
		const a = (await code(sql, 'alfa-101a', 'Grævling-11111', new Date(), { decision: 'granted' })).id;
		const b = (await code(sql, 'alfa-101a', 'Grævling-22222', new Date(), { decision: 'granted' })).id;
		await book(sql, a, group, 'booked', 'course');
		await book(sql, b, group, 'booked', 'course');
		const cancelled = await cancelSlot(sql, alfaCounsellor, group, true);
		expect(cancelled).toEqual({ ok: true, cancelledBookings: 2 });
		for (const codeId of [a, b]) {
			const [notice] = await threadForPerson(sql, codeId);
			expect(notice).toMatchObject({ sender: 'centre', notice: 'slot_cancelled', body: null, read: false });
			expect(notice!.noticeStartsAt!.toISOString()).toBe('2030-03-04T14:00:00.000Z');
		}
	});

	it('ending a course with sessions ahead writes a notice to the person', async () => {
		const codeId = await phoneCode(alfaCounsellor, await slot(alfaCounsellor, 'alfa-center', '16:00'));
		const ended = await endCourse(sql, alfaCounsellor, codeId);
		expect(ended).toMatchObject({ ok: true });
		expect((await threadForPerson(sql, codeId)).map((m) => m.notice)).toEqual(['course_ended']);
	});

	it('message text is never in an audit row: staff writing is audited by alias only', async () => {
		const asked = await askWithNewCode(sql, { offerSlug: 'alfa-101a', ageBand: null }, 'første');
		if (!asked.ok) throw new Error(asked.reason);
		const answer = 'Vi har lukket torsdag — kom fredag kl. 10';
		await writeAsStaff(sql, alfaCounsellor, asked.codeId, answer);
		const [{ alias }] = (await sql<
			{ alias: string }[]
		>`select alias from anon.code where id = ${asked.codeId}`) as unknown as [{ alias: string }];
		const rows = await sql<
			{ row: string; action: string }[]
		>`select a::text as row, action from portal.audit a where alias = ${alias}`;
		expect(rows.map((r) => r.action)).toEqual(['message_sent']);
		const everything = await sql<{ row: string }[]>`select a::text as row from portal.audit a`;
		for (const text of [answer, 'torsdag', SECRET, 'Spørgsmål']) {
			expect(everything.filter((r) => r.row.includes(text))).toEqual([]);
		}
	});

	it('messages are deleted with the code at retention (issue 5 and 15)', async () => {
		const codeId = await phoneCode(alfaCounsellor, await slot(alfaCounsellor, 'alfa-center', '17:00'));
		await writeAsPerson(sql, codeId, SECRET);
		await writeAsStaff(sql, alfaCounsellor, codeId, 'Svar');
		const years = new Date('2032-06-01T12:00:00Z'); // past the slot and 12 months of retention
		const purged = await purgeExpiredCodes(sql as never, years);
		expect(purged.codes).toBeGreaterThanOrEqual(1);
		const [left] = await sql<{ n: number }[]>`select count(*)::int as n from anon.message where code_id = ${codeId}`;
		expect(left!.n).toBe(0);
		const [anywhere] = await sql<
			{ n: number }[]
		>`select count(*)::int as n from anon.message m where m::text ilike ${'%' + SECRET + '%'}`;
		expect(anywhere!.n).toBe(0);
	});

	it('a question with a fresh code is kept a week from the last message, then deleted with its thread', async () => {
		const asked = await askWithNewCode(sql, { offerSlug: 'alfa-youth', ageBand: '18to24' }, 'Må jeg tage en ven med?');
		if (!asked.ok) throw new Error(asked.reason);
		const inFiveDays = new Date(Date.now() + 5 * 86_400_000);
		await purgeExpiredCodes(sql as never, inFiveDays);
		expect(await threadForPerson(sql, asked.codeId)).toHaveLength(1);
		await purgeExpiredCodes(sql as never, new Date(Date.now() + 9 * 86_400_000));
		const [left] = await sql<
			{ n: number }[]
		>`select count(*)::int as n from anon.message where code_id = ${asked.codeId}`;
		expect(left!.n).toBe(0);
	});

	it('a message keeps the day only, like every other time in anon (migrations/045)', async () => {
		const asked = await askWithNewCode(sql, { offerSlug: 'alfa-101a', ageBand: null }, 'hvornår?');
		if (!asked.ok) throw new Error(asked.reason);
		await writeAsStaff(sql, alfaCounsellor, asked.codeId, 'nu');
		const [row] = await sql<{ ok: boolean }[]>`
			select bool_and(created_at = anon.copenhagen_day(created_at)) as ok from anon.message`;
		expect(row!.ok).toBe(true);
	});

	it('the database refuses an over-long message and a notice that carries text', async () => {
		const asked = await askWithNewCode(sql, { offerSlug: 'alfa-101a', ageBand: null }, 'kort');
		if (!asked.ok) throw new Error(asked.reason);
		// The database's limit is the domain's (MESSAGE_MAX_LENGTH), not a second number.
		await sql`insert into anon.message (code_id, n, sender, body) values (${asked.codeId}, 8, 'person', ${'x'.repeat(MESSAGE_MAX_LENGTH)})`;
		await expect(
			sql`insert into anon.message (code_id, n, sender, body) values (${asked.codeId}, 9, 'person', ${'x'.repeat(MESSAGE_MAX_LENGTH + 1)})`
		).rejects.toThrow(/check/);
		await expect(
			sql`insert into anon.message (code_id, n, sender, body, notice) values (${asked.codeId}, 9, 'centre', 'x', 'slot_cancelled')`
		).rejects.toThrow(/message_text_or_notice/);
		expect(await writeAsPerson(sql, asked.codeId, 'x'.repeat(MESSAGE_MAX_LENGTH + 1))).toEqual({
			ok: false,
			reason: 'too_long'
		});
		expect(await writeAsPerson(sql, asked.codeId, ' \n\u0000 ')).toEqual({ ok: false, reason: 'empty' });
	});

	it("a person writes at most a day's messages per code; another code is not held back", async () => {
		const asked = await askWithNewCode(sql, { offerSlug: 'alfa-101a', ageBand: null }, 'start');
		const other = await askWithNewCode(sql, { offerSlug: 'alfa-101a', ageBand: null }, 'start');
		if (!asked.ok || !other.ok) throw new Error('not asked');
		const results = [];
		for (let i = 0; i < CODE_MESSAGES_PER_DAY.max + 1; i++)
			results.push((await writeAsPerson(sql, asked.codeId, `besked ${i}`)).ok);
		expect(results.filter(Boolean)).toHaveLength(CODE_MESSAGES_PER_DAY.max);
		expect(results.at(-1)).toBe(false);
		expect(await writeAsPerson(sql, asked.codeId, 'igen')).toEqual({ ok: false, reason: 'slow_down' });
		expect(await writeAsPerson(sql, other.codeId, 'jeg må godt')).toEqual({ ok: true });
	});

	it('messages written at once to one thread each get their own number, none lost', async () => {
		const asked = await askWithNewCode(sql, { offerSlug: 'alfa-101a', ageBand: null }, 'nul');
		if (!asked.ok) throw new Error(asked.reason);
		await Promise.all(
			Array.from({ length: 6 }, (_, i) => writeAsStaff(sql, alfaCounsellor, asked.codeId, `svar ${i}`))
		);
		const numbers = (
			await sql<{ n: number }[]>`select n from anon.message where code_id = ${asked.codeId} order by n`
		).map((r) => r.n);
		expect(numbers).toEqual([1, 2, 3, 4, 5, 6, 7]);
	});

	it('message text is never in the log: a database error about a message row is logged without its text', async () => {
		const asked = await askWithNewCode(sql, { offerSlug: 'alfa-101a', ageBand: null }, 'logtest');
		if (!asked.ok) throw new Error(asked.reason);
		// A row that breaks a check: PostgreSQL answers with the whole failing row, the text included, in its detail.
		const thrown =
			await sql`insert into anon.message (code_id, n, sender, body, notice) values (${asked.codeId}, 99, 'centre', ${SECRET}, 'slot_cancelled')`.catch(
				(e: unknown) => e
			);
		expect(String((thrown as { detail?: string }).detail)).toContain(SECRET);
		const logged: string[] = [];
		const spy = vi
			.spyOn(console, 'error')
			.mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(' ')));
		try {
			const wrapped = new Error(`writing "${SECRET}" failed: ${(thrown as Error).message}`);
			for (const error of [thrown, wrapped]) {
				handleError({
					error,
					event: { route: { id: '/(citizen)/mine-tider/beskeder' }, locals: {} } as never,
					status: 500,
					message: 'Internal Error'
				});
			}
		} finally {
			spy.mockRestore();
		}
		expect(logged).toHaveLength(2);
		expect(logged.join('\n')).not.toContain(SECRET);
		expect(logged.join('\n')).not.toContain('drikker');
	});
});
