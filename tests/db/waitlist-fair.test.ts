import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { freshDatabase } from './fresh';
import type { Sql } from '$lib/server/platform/db';
import type { Phase } from '$lib/domain/model';
import { WAITLIST_HOLD_HOURS_DEFAULT } from '$lib/domain/waitlist';
import {
	bookSlotOrJoinSeries,
	cancel,
	endCourseAndCancelFuture,
	reschedule,
	takeOfferedSeat
} from '$lib/server/booking/bookings';
import {
	joinWaitlist,
	leaveWaitlist,
	settleAllWaitlists,
	settleWaitlist,
	startOfLine,
	waitsOfCode
} from '$lib/server/booking/waitlist';
import { createSlot, seedTestMunicipality } from './fixtures';
import { code } from './operations-helpers';

/**
 * Issue 15, part 2: "The database keeps the order fair under concurrency (a test with many freed seats and many
 * waiting proves no seat is offered twice and no one is skipped)." Many seats are freed while the people in line
 * take them, say no, or let the hold run out, and people outside the line try to book, all at once.
 */

const SEATS = 5;
const group: Phase = {
	kind: 'course',
	max: 10,
	format: { kind: 'group', minutes: 120, seats: SEATS, weeks: 3, rollingIntake: true },
	requiresDecision: false
};
const HOUR = 3_600_000;

let db: Awaited<ReturnType<typeof freshDatabase>>;
let sql: Sql;
const seriesId = randomUUID();
const sessions: string[] = [];

beforeAll(async () => {
	db = await freshDatabase();
	sql = db.sql;
	await seedTestMunicipality(sql, [{ slug: 'group', phases: [group] }]);
	for (const week of [0, 1, 2]) {
		sessions.push(
			await createSlot(sql, 'group', {
				seats: SEATS,
				phase: 'course',
				seriesId,
				startsAt: new Date(Date.UTC(2030, 2, 4 + 7 * week, 15))
			})
		);
	}
});
afterAll(() => db.drop());

const person = async (alias: string) => (await code(sql, 'group', alias, new Date('2026-11-01T00:00:00Z'))).id;

interface Entry {
	codeId: string;
	position: number;
	offeredUntil: Date | null;
}
const line = () =>
	sql<
		Entry[]
	>`select code_id, position, offered_until from anon.waitlist where series_id = ${seriesId} order by position`;

/**
 * The state a settled list must be in: the seats held are the first in line (nobody passed over), there are exactly
 * as many as are free where the line starts (no seat offered twice, none left unoffered), nobody in line also
 * holds a seat, and no session holds more people than its seats.
 */
async function expectSettled(now: Date) {
	const entries = await line();
	const open = entries.map((e) => e.offeredUntil !== null && e.offeredUntil > now);
	expect(open, 'the seats held are a prefix of the line').toEqual([...open].sort((a, b) => Number(b) - Number(a)));
	const start = await startOfLine(sql, seriesId, now);
	const free = start ? start.seats - start.booked : 0;
	expect(open.filter(Boolean).length, 'as many held as are free, never more').toBe(Math.min(free, entries.length));
	const over = await sql`select id from anon.slot where series_id = ${seriesId} and booked > seats`;
	expect(over).toEqual([]);
	const counted = await sql<{ id: string; booked: number; holding: number }[]>`
		select s.id, s.booked, (select count(*)::int from anon.booking b where b.slot_id = s.id and anon.booking_counts_seat(b.status)) as holding
		from anon.slot s where s.series_id = ${seriesId}`;
	for (const c of counted) expect(c.booked).toBe(c.holding);
	const both = await sql`
		select w.code_id from anon.waitlist w join anon.booking b on b.code_id = w.code_id
		join anon.slot s on s.id = b.slot_id
		where w.series_id = ${seriesId} and s.series_id = ${seriesId} and anon.booking_counts_seat(b.status)`;
	expect(both, 'nobody both waits and holds a seat').toEqual([]);
	return { entries, free };
}

describe('a waiting list is served in order under concurrency (issue 15, part 2)', () => {
	it('people joining at once each get one place in line, in the order the database gave them', async () => {
		const participants = await Promise.all([1, 2, 3, 4, 5].map((i) => person(`Deltager ${i}`)));
		for (const p of participants) expect((await bookSlotOrJoinSeries(sql, p, sessions[0]!)).ok).toBe(true);
		const waiting = await Promise.all(Array.from({ length: 16 }, (_, i) => person(`Venter ${i + 1}`)));
		const joined = await Promise.all(waiting.map((w) => joinWaitlist(sql, w, seriesId)));
		expect(joined.every((j) => j.ok)).toBe(true);
		const places = joined.map((j) => (j.ok ? j.position : 0)).sort((a, b) => a - b);
		expect(places).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
		expect((await line()).length).toBe(16);
	});

	it('a freed seat is offered to the first in line and to nobody else: under many cancellations, takes, refusals and run-out holds at once, no seat is offered twice, nobody is passed over, no session overbooks', async () => {
		const t0 = new Date();
		const outsiders = await Promise.all([1, 2, 3].map((i) => person(`Udenfor ${i}`)));
		const seatHolders = async () =>
			sql<{ codeId: string; bookingId: string }[]>`
				select b.code_id, b.id as booking_id from anon.booking b join anon.slot s on s.id = b.slot_id
				where s.series_id = ${seriesId} and b.status = 'booked' and b.code_id <> all(${outsiders}::uuid[])`;
		let taken = 0;
		await fc.assert(
			fc.asyncProperty(
				fc.array(fc.nat({ max: 99 }), { minLength: 24, maxLength: 24 }),
				fc.integer({ min: 1, max: 4 }),
				async (dice, cancellations) => {
					const round = new Date(t0.getTime() + taken++ * 60_000);
					const holders = await seatHolders();
					const entries = await line();
					const ops: Promise<unknown>[] = [];
					// Seats are freed: a few held bookings are cancelled, each by its own code.
					for (const h of holders.slice(0, cancellations)) ops.push(cancel(sql, h.codeId, h.bookingId, round));
					// Everyone in line acts at the same moment: takes the seat, says no, lets the hold run out, or tries
					// to take a seat that was never offered (refused).
					entries.forEach((e, i) => {
						const d = dice[i % dice.length]!;
						if (d < 40) ops.push(takeOfferedSeat(sql, e.codeId, seriesId, round));
						else if (d < 55) ops.push(leaveWaitlist(sql, e.codeId, seriesId, round));
						else if (d < 70)
							ops.push(
								settleWaitlist(sql, seriesId, new Date(round.getTime() + (WAITLIST_HOLD_HOURS_DEFAULT + 1) * HOUR))
							);
					});
					// People outside the line try to book the group meanwhile.
					const outside = outsiders.map((o) => bookSlotOrJoinSeries(sql, o, sessions[0]!, round));
					await Promise.all([...ops, ...outside]);
					const after = await line();
					// The line only shrinks in a round: if it still holds as many as there are seats, it did throughout,
					// so no seat was ever free for an outsider.
					if (after.length >= SEATS)
						for (const r of await Promise.all(outside))
							expect(r.ok, 'an outsider got a seat the line was owed').toBe(false);
					await settleWaitlist(sql, seriesId, round);
					await expectSettled(round);
					// Keep people coming: those who left or got a seat are replaced at the end of the line.
					for (let i = after.length; i < 12; i++) await joinWaitlist(sql, await person(`Ny ${taken}-${i}`), seriesId);
					await settleWaitlist(sql, seriesId, round);
					await expectSettled(round);
				}
			),
			{ numRuns: 12 }
		);
		// Every offer and every run-out hold reached the person's own thread, as a notice without text.
		const [notices] = await sql<{ offers: number; bodies: number }[]>`
			select count(*) filter (where notice = 'waitlist_offer')::int as offers,
				count(*) filter (where notice like 'waitlist_%' and body is not null)::int as bodies
			from anon.message`;
		expect(notices!.offers).toBeGreaterThan(0);
		expect(notices!.bodies).toBe(0);
		// The rounds did what they claim: seats were taken from the line, and the month's counts say so.
		const [counts] = await sql<{ joined: number; offered: number; accepted: number }[]>`
			select sum(joined)::int as joined, sum(offered)::int as offered, sum(accepted)::int as accepted
			from portal.waitlist_month where offer_slug = 'group'`;
		expect(counts!.accepted).toBeGreaterThan(0);
		expect(counts!.offered).toBe(notices!.offers);
		expect(counts!.offered).toBeGreaterThanOrEqual(counts!.accepted);
	});

	it('a hold that runs out passes the seat to the next in line, with a notice to both', async () => {
		const now = new Date();
		await settleWaitlist(sql, seriesId, now);
		if (!(await line()).some((e) => e.offeredUntil !== null)) {
			// The rounds above may have ended with every seat taken: free one, so a seat is held for the first.
			const [taker] = await sql<{ codeId: string; id: string }[]>`
				select b.code_id, b.id from anon.booking b join anon.slot s on s.id = b.slot_id
				where s.series_id = ${seriesId} and b.status = 'booked' order by b.starts_at limit 1`;
			expect((await cancel(sql, taker!.codeId, taker!.id, now)).ok).toBe(true);
		}
		const before = await line();
		const first = before.find((e) => e.offeredUntil !== null)!;
		const next = before.find((e) => e.offeredUntil === null)!;
		expect(first).toBeDefined();
		// The hold is at least the declared default, to the end of that day (082).
		const hours = (first.offeredUntil!.getTime() - now.getTime()) / HOUR;
		expect(hours).toBeGreaterThanOrEqual(WAITLIST_HOLD_HOURS_DEFAULT);
		expect(hours).toBeLessThan(WAITLIST_HOLD_HOURS_DEFAULT + 25);
		const later = new Date(first.offeredUntil!.getTime() + 60_000);
		expect(await settleAllWaitlists(sql, later)).toBeGreaterThan(0);
		const after = await line();
		expect(after.some((e) => e.codeId === first.codeId)).toBe(false);
		expect(after.find((e) => e.codeId === next.codeId)!.offeredUntil).not.toBeNull();
		const notices = await sql<{ codeId: string; notice: string }[]>`
			select code_id, notice from anon.message where code_id = any(${[first.codeId, next.codeId]}::uuid[])
			and notice like 'waitlist_%' order by code_id, n desc`;
		expect(notices.find((n) => n.codeId === first.codeId)!.notice).toBe('waitlist_expired');
		expect(notices.find((n) => n.codeId === next.codeId)!.notice).toBe('waitlist_offer');
		// Too late to take it: the seat is the next person's now.
		expect((await takeOfferedSeat(sql, first.codeId, seriesId, later)).ok).toBe(false);
		const waits = await waitsOfCode(sql, next.codeId, later);
		expect(waits[0]!.offer).not.toBeNull();
		expect((await takeOfferedSeat(sql, next.codeId, seriesId, later)).ok).toBe(true);
	});
});

describe('statistics count waits (issue 15, part 2)', () => {
	it('waits are counted per month, offer and place, and a count from 1 to 4 is shown as "<5" like the other tables', async () => {
		const { monthlyWaits } = await import('$lib/server/operations/stats');
		const [month] = await sql<{ m: string }[]>`select to_char(portal.copenhagen_month(now()), 'YYYY-MM') as m`;
		const [stored] = await sql<{ joined: number }[]>`
			select joined from portal.waitlist_month where offer_slug = 'group' and month = portal.copenhagen_month(now())`;
		await sql`update portal.waitlist_month set accepted = 3 where offer_slug = 'group'`;
		const table = await monthlyWaits(sql, 'testby', month!.m);
		expect(table.rows).toHaveLength(1);
		expect(table.rows[0]!.cells.joined).toEqual({ kind: 'count', n: stored!.joined });
		expect(table.rows[0]!.cells.accepted).toEqual({ kind: 'small' });
		expect(table.total.accepted).not.toEqual({ kind: 'count', n: 3 });

		// The CSV file carries the same table, suppressed as shown.
		const { GET: statsCsv } = await import('../../src/routes/staff/stats/csv/+server');
		const { closeDb, pointAppAt } = await import('./trust-route');
		await pointAppAt(db.url);
		try {
			const staff = {
				id: 'test',
				username: 'testby.koordinator',
				displayName: 'Koordinator',
				role: 'coordinator',
				municipalitySlug: 'testby',
				municipalityName: 'Testby',
				places: ['testby-center'],
				totpEnabled: false,
				totpRequired: false,
				mustChangePassword: false,
				disabled: false,
				sessionId: 'test',
				twoFactorVerified: true
			};
			const url = new URL(`http://portal.test/staff/stats/csv?month=${month!.m}`);
			const csv = await (await statsCsv({ locals: { staff }, url } as never)).text();
			expect(csv).toContain('\r\nMåned;Tilbud;Sted;Skrevet på ventelisten;');
			expect(csv).toMatch(
				new RegExp(`\\r\\n${month!.m};[^;]+;[^;]+;${stored!.joined < 5 ? '<5' : stored!.joined};[^;]*;<5\\r\\n`)
			);
			expect(csv).not.toMatch(/;3\r\n/);
		} finally {
			await closeDb();
		}
	});
});

describe('nothing identifying on the waiting list (issue 15, part 2)', () => {
	it('a place in line goes with its code at retention, and the line keeps no time of asking', async () => {
		const { purgeExpiredCodes } = await import('$lib/server/operations/purge.js');
		const gone = await person('Gammel venter');
		await joinWaitlist(sql, gone, seriesId);
		const columns = await sql<{ column: string }[]>`
			select column_name as column from information_schema.columns where table_schema = 'anon' and table_name = 'waitlist'`;
		expect(columns.map((c) => c.column).sort()).toEqual([
			'code_id',
			'offer_slug',
			'offered_slot_id',
			'offered_until',
			'place_slug',
			'position',
			'series_id'
		]);
		await sql`update anon.code set created_at = '2020-01-01', last_activity_at = '2020-01-01' where id = ${gone}`;
		await purgeExpiredCodes(sql);
		expect(await sql`select 1 from anon.waitlist where code_id = ${gone}`).toHaveLength(0);
		expect(await sql`select 1 from anon.code where id = ${gone}`).toHaveLength(0);
	});
});

describe('every write that frees a seat offers it to the line (issue 15, part 2)', () => {
	const twoWeeks = async (seats: number, day: number) => {
		const id = randomUUID();
		const ids: string[] = [];
		for (const week of [0, 1])
			ids.push(
				await createSlot(sql, 'group', {
					seats,
					phase: 'course',
					seriesId: id,
					startsAt: new Date(Date.UTC(2030, 3, day + 7 * week, 9))
				})
			);
		return { id, sessions: ids };
	};
	const offeredTo = async (series: string) =>
		(
			await sql<{ codeId: string }[]>`
				select code_id from anon.waitlist where series_id = ${series} and offered_until is not null`
		).map((r) => r.codeId);

	it('a course ended by staff frees its seats in the group, and the first in line is offered one', async () => {
		const group = await twoWeeks(1, 1);
		const [p, w] = [await person('Afsluttet'), await person('Venter kursus')];
		expect((await bookSlotOrJoinSeries(sql, p, group.sessions[0]!)).ok).toBe(true);
		expect(await joinWaitlist(sql, w, group.id)).toEqual({ ok: true, position: 1 });
		expect(await offeredTo(group.id)).toEqual([]);
		await endCourseAndCancelFuture(sql, p, new Date(), () => ({
			staffId: null,
			municipalitySlug: 'testby',
			action: 'course_ended'
		}));
		expect(await offeredTo(group.id)).toEqual([w]);
	});

	it('a booking moved out of a full group (by the person, or by staff for a caller) offers its seat to the line', async () => {
		const from = await twoWeeks(1, 2);
		const to = await twoWeeks(1, 3);
		const [p, w] = [await person('Flytter'), await person('Venter flyt')];
		expect((await bookSlotOrJoinSeries(sql, p, from.sessions[0]!)).ok).toBe(true);
		await joinWaitlist(sql, w, from.id);
		const [b] = await sql<{ id: string }[]>`
			select id from anon.booking where code_id = ${p} and slot_id = ${from.sessions[0]!}`;
		expect((await reschedule(sql, p, b!.id, to.sessions[0]!)).ok).toBe(true);
		expect(await offeredTo(from.id)).toEqual([w]);
		// Taking it books the session the seat was freed in, and every later one with room.
		const taken = await takeOfferedSeat(sql, w, from.id);
		expect(taken.ok && taken.bookingIds.length).toBe(1);
		expect(await offeredTo(from.id)).toEqual([]);
	});
});

describe('outside review of the waiting list: nothing in it lines up with an access log, and only who may book waits', () => {
	const other = randomUUID();
	let seat: string;
	let holder: string;
	beforeAll(async () => {
		seat = await createSlot(sql, 'group', {
			seats: 1,
			phase: 'course',
			seriesId: other,
			startsAt: new Date(Date.UTC(2031, 2, 4, 15))
		});
		holder = await person('Eneste deltager');
		expect((await bookSlotOrJoinSeries(sql, holder, seat)).ok).toBe(true);
	});

	it("privacy (082): places are numbered within their series, so a place number does not count every series' join requests", async () => {
		const [a, b] = [await person('Anden linje 1'), await person('Anden linje 2')];
		expect(await joinWaitlist(sql, a, other)).toEqual({ ok: true, position: 1 });
		expect(await joinWaitlist(sql, b, other)).toEqual({ ok: true, position: 2 });
		const stored = await sql<{ position: number }[]>`
			select position::int from anon.waitlist where series_id = ${other} order by position`;
		expect(stored.map((r) => r.position)).toEqual([1, 2]);
		await leaveWaitlist(sql, a, other);
		await leaveWaitlist(sql, b, other);
	});

	it('privacy (082): a held seat runs to a Copenhagen midnight, in the list and in the notice, never to the minute a seat was freed', async () => {
		const waiter = await person('Venter på midnat');
		expect((await joinWaitlist(sql, waiter, other)).ok).toBe(true);
		const [booking] = await sql<{ id: string }[]>`
			select id from anon.booking where code_id = ${holder} and slot_id = ${seat}`;
		expect((await cancel(sql, holder, booking!.id)).ok).toBe(true);
		const [held] = await sql<{ midnight: boolean }[]>`
			select offered_until = date_trunc('day', offered_until, 'Europe/Copenhagen') as midnight
			from anon.waitlist where code_id = ${waiter}`;
		expect(held!.midnight).toBe(true);
		const [notice] = await sql<{ midnight: boolean }[]>`
			select notice_starts_at = date_trunc('day', notice_starts_at, 'Europe/Copenhagen') as midnight
			from anon.message where code_id = ${waiter} and notice = 'waitlist_offer'`;
		expect(notice!.midnight).toBe(true);
		expect((await takeOfferedSeat(sql, waiter, other)).ok).toBe(true);
		holder = waiter;
	});

	it('one line at a time per code: a code waiting for one group cannot also stand in line for another', async () => {
		const busy = await person('Står allerede i kø');
		expect((await joinWaitlist(sql, busy, other)).ok).toBe(true);
		// The first series is full too (its first test filled it); this code is already in the other line.
		expect(await joinWaitlist(sql, busy, seriesId)).toEqual({ ok: false, reason: 'already_waiting' });
		await leaveWaitlist(sql, busy, other);
	});

	it('a code that could not book the seat does not wait for it (course ended): no seat is held for somebody who cannot take it', async () => {
		const ended = await person('Forløb afsluttet');
		await sql`update anon.code set course_ended = true where id = ${ended}`;
		expect(await joinWaitlist(sql, ended, other)).toEqual({ ok: false, reason: 'course_ended' });
		const waiter = await person('Venter, forløb afsluttes');
		expect((await joinWaitlist(sql, waiter, other)).ok).toBe(true);
		await endCourseAndCancelFuture(sql, waiter, new Date(), () => ({
			staffId: null,
			municipalitySlug: 'testby',
			action: 'course_ended'
		}));
		expect(await sql`select 1 from anon.waitlist where code_id = ${waiter}`).toEqual([]);
	});

	it('a series nobody can join any more closes its line: the people on it are told, not left hoping', async () => {
		const hoping = await person('Venter på et hold, der begynder');
		expect((await joinWaitlist(sql, hoping, other)).ok).toBe(true);
		const after = new Date(Date.UTC(2031, 2, 5));
		await settleWaitlist(sql, other, after);
		expect(await sql`select 1 from anon.waitlist where code_id = ${hoping}`).toEqual([]);
		const notices = await sql<{ notice: string }[]>`select notice from anon.message where code_id = ${hoping}`;
		expect(notices.map((n) => n.notice)).toEqual(['waitlist_closed']);
		expect(await waitsOfCode(sql, hoping, after)).toEqual([]);
	});
});
