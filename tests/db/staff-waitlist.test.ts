import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { randomUUID } from 'node:crypto';
import { freshDatabase } from './fresh';
import type { Sql } from '$lib/server/platform/db';
import { bookSlotOrJoinSeries, cancel } from '$lib/server/booking/bookings';
import { joinWaitlist, waitlistOf } from '$lib/server/booking/waitlist';
import { seedStaffTest } from './staff-fixtures';
import { code } from './operations-helpers';

/**
 * Issue 13, item 7: a full group has a waiting list; a freed seat goes to the first in line, and to nobody else,
 * however many ask for it at the same moment.
 */

let db: Awaited<ReturnType<typeof freshDatabase>>;
let sql: Sql;
const seriesId = randomUUID();
let firstSession: string;

beforeAll(async () => {
	db = await freshDatabase();
	sql = db.sql;
	await seedStaffTest(sql);
	// A weekly group with two seats and two sessions ahead.
	for (const week of [0, 1]) {
		const startsAt = new Date(Date.UTC(2030, 2, 4 + 7 * week, 15));
		const [row] = await sql<{ id: string }[]>`
			insert into anon.slot (place_slug, offer_slug, phase, starts_at, ends_at, seats, series_id)
			values ('beta-center', 'beta-counselling', 'conversation', ${startsAt}, ${new Date(startsAt.getTime() + 2 * 3_600_000)}, 2, ${seriesId})
			returning id`;
		if (week === 0) firstSession = row!.id;
	}
});
afterAll(() => db.drop());

const person = async (alias: string) =>
	(await code(sql, 'beta-counselling', alias, new Date('2030-01-01T00:00:00Z'))).id;

describe('a waiting list for a full group (issue 13, item 7)', () => {
	it('a freed seat goes to the first in line: of five asking at once, only the first on the list gets it', async () => {
		const [a, b] = [await person('Ugle A'), await person('Ugle B')];
		expect((await bookSlotOrJoinSeries(sql, a, firstSession)).ok).toBe(true);
		expect((await bookSlotOrJoinSeries(sql, b, firstSession)).ok).toBe(true);
		// Not full: nobody is put on a list for a group with a free seat.
		const [c, d, e, f] = [
			await person('Ugle C'),
			await person('Ugle D'),
			await person('Ugle E'),
			await person('Ugle F')
		];
		expect(await joinWaitlist(sql, c, seriesId)).toEqual({ ok: true, position: 1 });
		expect(await joinWaitlist(sql, d, seriesId)).toEqual({ ok: true, position: 2 });
		expect(await joinWaitlist(sql, e, seriesId)).toEqual({ ok: true, position: 3 });
		// Asking twice keeps the first place in line.
		expect(await joinWaitlist(sql, c, seriesId)).toEqual({ ok: true, position: 1 });
		expect((await waitlistOf(sql, seriesId)).map((w) => w.alias)).toEqual(['Ugle C', 'Ugle D', 'Ugle E']);

		const [aFirst] = await sql<
			{ id: string }[]
		>`select id from anon.booking where code_id = ${a} and slot_id = ${firstSession}`;
		expect((await cancel(sql, a, aFirst!.id)).ok).toBe(true);
		// F is not on the list, D and E are behind C: all ask at the same moment, in reverse order.
		const results = await Promise.all([f, e, d, c].map((id) => bookSlotOrJoinSeries(sql, id, firstSession)));
		expect(results.map((r) => r.ok)).toEqual([false, false, false, true]);
		expect(results.slice(0, 3).every((r) => !r.ok && r.reason === 'full')).toBe(true);
		// C's entry goes with the booking; D is now first.
		expect((await waitlistOf(sql, seriesId)).map((w) => w.alias)).toEqual(['Ugle D', 'Ugle E']);

		const [bFirst] = await sql<
			{ id: string }[]
		>`select id from anon.booking where code_id = ${b} and slot_id = ${firstSession}`;
		expect((await cancel(sql, b, bFirst!.id)).ok).toBe(true);
		const next = await Promise.all([f, e, d].map((id) => bookSlotOrJoinSeries(sql, id, firstSession)));
		expect(next.map((r) => r.ok)).toEqual([false, false, true]);
		const [held] = await sql<{ n: number }[]>`select booked as n from anon.slot where id = ${firstSession}`;
		expect(held!.n).toBe(2);
	});

	it('a group with a free seat has no waiting list: joining is refused as not full', async () => {
		// The series starts on a fixed day (this offer has no rolling intake): its first session is where one starts.
		await sql`update anon.slot set seats = 8 where id = ${firstSession}`;
		expect(await joinWaitlist(sql, await person('Ugle G'), seriesId)).toEqual({ ok: false, reason: 'not_full' });
	});
});
