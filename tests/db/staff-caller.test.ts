import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Cookies } from '@sveltejs/kit';
import { freshDatabase } from './fresh';
import type { Sql } from '$lib/server/platform/db';
import type { Staff } from '$lib/server/staff/staff';
import { createSlots, type SlotRequest } from '$lib/server/booking/staff-slots';
import { issueCodeAndBook } from '$lib/server/booking/bookings';
import { callerBook, callerCancel, callerMove, closeCaller, currentCaller, openCaller } from '$lib/server/staff/caller';
import { FUTURE_MONDAY, newStaff, seedStaffTest } from './staff-fixtures';

/**
 * Issue 13, item 3: staff help a caller who already has a code. The code read out opens the caller's bookings;
 * the alias alone opens nothing; every act is the citizen's own function (the same rules) with the staff
 * member's audit row in the same transaction; code entry is limited as the citizen's is.
 */

let db: Awaited<ReturnType<typeof freshDatabase>>;
let sql: Sql;
let counsellor: Staff;
let betaCounsellor: Staff;

beforeAll(async () => {
	db = await freshDatabase();
	sql = db.sql;
	await seedStaffTest(sql);
	counsellor = await newStaff(sql, 'raadgiver', 'counsellor', 'alfa', ['alfa-center']);
	betaCounsellor = await newStaff(sql, 'beta-raadgiver', 'counsellor', 'beta', ['beta-center']);
});
afterAll(() => db.drop());

/** A browser's cookies for one staff member: what the caller page keeps between requests. */
function browser(): Cookies {
	const jar = new Map<string, string>();
	return {
		get: (name: string) => jar.get(name),
		getAll: () => [...jar].map(([name, value]) => ({ name, value })),
		set: (name: string, value: string) => void jar.set(name, value),
		delete: (name: string) => void jar.delete(name),
		serialize: () => ''
	} as unknown as Cookies;
}
const event = (cookies: Cookies, clientAddress = '203.0.113.7') => ({
	cookies,
	url: new URL('http://portal.test/staff/phone/kode'),
	clientAddress
});

async function slots(viewer: Staff, r: Partial<SlotRequest>): Promise<string[]> {
	const result = await createSlots(sql, viewer, {
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
		blockMinutes: null,
		...r
	});
	if (!result.ok) throw new Error(JSON.stringify(result));
	return result.slotIds;
}

async function caller(offerSlug: string, slotId: string) {
	const issued = await issueCodeAndBook(sql, { offerSlug, ageBand: '25plus', slotId });
	if (!issued.ok) throw new Error(issued.reason);
	return issued;
}

describe('staff help a caller who reads their code out (issue 13, item 3)', () => {
	it('a caller with a code is moved to another time: the same reschedule as the web, audited by alias with the day only', async () => {
		const [first] = await slots(counsellor, { from: '10:00', to: '10:45' });
		const [later] = await slots(counsellor, { from: '11:00', to: '11:45' });
		const issued = await caller('alfa-101a', first!);
		const cookies = browser();
		expect(
			await openCaller(sql, counsellor, event(cookies), issued.display.toLowerCase().replaceAll('-', ' '))
		).toEqual({ ok: true });
		const open = (await currentCaller(sql, counsellor, cookies))!;
		expect(open.view.bookings.map((b) => b.id)).toEqual(issued.bookingIds);

		expect(await callerMove(sql, counsellor, open, issued.bookingIds[0]!, later!)).toEqual({ ok: true });
		const rows = await sql<
			{ slotId: string; status: string }[]
		>`select slot_id, status from anon.booking where code_id = ${issued.codeId} order by status`;
		expect(rows).toEqual([
			{ slotId: later, status: 'booked' },
			{ slotId: first, status: 'cancelled' }
		]);
		const [row] = await sql<{ staffId: string; alias: string; at: Date; detail: Record<string, unknown> }[]>`
			select staff_id, alias, at, detail from portal.audit where action = 'caller_moved'`;
		expect(row).toMatchObject({ staffId: counsellor.id, alias: open.code.alias, detail: { phase: 'clarifying' } });
		// Migration 048: a row about a citizen's alias keeps only the day, so it cannot be matched to a phone log.
		expect(row!.at.toISOString()).toMatch(/T2[23]:00:00\.000Z$/);
	});

	it("the rules are the citizen's: a move to another phase and a §101a course before the decision are refused (SEL §101a stk. 4, 002)", async () => {
		const [first] = await slots(counsellor, { day: '2030-03-05', from: '10:00', to: '10:45' });
		const [course] = await slots(counsellor, {
			phase: 'course',
			day: '2030-03-11',
			from: '16:00',
			to: '18:00',
			seats: 8,
			outsideHours: true
		});
		const issued = await caller('alfa-101a', first!);
		const cookies = browser();
		await openCaller(sql, counsellor, event(cookies), issued.display);
		const open = (await currentCaller(sql, counsellor, cookies))!;
		expect((await callerMove(sql, counsellor, open, issued.bookingIds[0]!, course!)).ok).toBe(false);
		expect(await callerBook(sql, counsellor, open, course!)).toEqual({ ok: false, reason: 'decision_pending' });
		expect(open.view.next).toMatchObject({ ok: false });
		// Cancelling the clarifying conversation is the holder's own cancel, audited.
		expect(await callerCancel(sql, counsellor, open, issued.bookingIds[0]!)).toEqual({ ok: true });
		const [audited] =
			await sql`select 1 from portal.audit where action = 'caller_cancelled' and alias = ${open.code.alias}`;
		expect(audited).toBeDefined();
	});

	it('the alias alone opens nothing: only the code does', async () => {
		const [slot] = await slots(counsellor, { day: '2030-03-06', from: '10:00', to: '10:45' });
		const issued = await caller('alfa-101a', slot!);
		const [row] = await sql<{ alias: string }[]>`select alias from anon.code where id = ${issued.codeId}`;
		const alias = row!.alias;
		const cookies = browser();
		expect(await openCaller(sql, counsellor, event(cookies, '203.0.113.8'), alias)).toEqual({
			ok: false,
			reason: 'malformed'
		});
		expect(await currentCaller(sql, counsellor, cookies)).toBeNull();
	});

	it("another municipality's code is unknown to this staff member, as a wrong code is", async () => {
		const [slot] = await slots(counsellor, { day: '2030-03-06', from: '11:00', to: '11:45' });
		const issued = await caller('alfa-101a', slot!);
		const cookies = browser();
		expect(await openCaller(sql, betaCounsellor, event(cookies, '203.0.113.9'), issued.display)).toEqual({
			ok: false,
			reason: 'unknown'
		});
	});

	it("code entry by staff is limited as the citizen's: the 11th try from one address in a row is refused", async () => {
		const cookies = browser();
		for (let i = 0; i < 10; i++)
			expect(await openCaller(sql, counsellor, event(cookies, '198.51.100.1'), 'AAAA-AAAA-AAAA-AAAA')).not.toEqual({
				ok: false,
				reason: 'slow_down'
			});
		const last = await openCaller(sql, counsellor, event(cookies, '198.51.100.1'), 'AAAA-AAAA-AAAA-AAAA');
		expect(last).toEqual({ ok: false, reason: 'slow_down' });
	});

	it('ending the call ends the code session: the page shows no caller afterwards', async () => {
		const [slot] = await slots(counsellor, { day: '2030-03-07', from: '10:00', to: '10:45' });
		const issued = await caller('alfa-101a', slot!);
		const cookies = browser();
		await openCaller(sql, counsellor, event(cookies, '203.0.113.10'), issued.display);
		const token = cookies.get('staff_caller');
		await closeCaller(sql, cookies);
		expect(await currentCaller(sql, counsellor, cookies)).toBeNull();
		cookies.set('staff_caller', token!, { path: '/' });
		expect(await currentCaller(sql, counsellor, cookies)).toBeNull();
	});
});
