import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { freshDatabase } from './fresh';
import type { Sql } from '$lib/server/platform/db';
import type { Staff } from '$lib/server/staff/staff';
import { NO_SHOW_DAYS, recentNoShows } from '$lib/server/staff/no-shows';
import { newStaff, seedStaffTest } from './staff-fixtures';
import { book, code, slotAt } from './operations-helpers';

/** Issue 13, item 8: the no-shows of the last days per offer, by alias and day, for the offer's own municipality. */

let db: Awaited<ReturnType<typeof freshDatabase>>;
let sql: Sql;
let counsellor: Staff;
let betaCounsellor: Staff;
let partner: Staff;
const now = new Date('2030-03-14T12:00:00Z');
const daysAgo = (n: number, hour = 9) => new Date(now.getTime() - n * 86_400_000 + (hour - 12) * 3_600_000);

beforeAll(async () => {
	db = await freshDatabase();
	sql = db.sql;
	await seedStaffTest(sql);
	counsellor = await newStaff(sql, 'raadgiver', 'counsellor', 'alfa', ['alfa-center']);
	betaCounsellor = await newStaff(sql, 'beta-raadgiver', 'counsellor', 'beta', ['beta-center']);
	partner = await newStaff(sql, 'partner', 'partner', 'gamma', ['gamma-partner']);
	const missed = await code(sql, 'alfa-101a', 'Blå Ugle', daysAgo(20));
	await book(
		sql,
		missed.id,
		await slotAt(sql, 'alfa-101a', 'alfa-center', daysAgo(3), 1, 'clarifying'),
		'no_show',
		'clarifying'
	);
	const came = await code(sql, 'alfa-101a', 'Grøn Ræv', daysAgo(20));
	await book(
		sql,
		came.id,
		await slotAt(sql, 'alfa-101a', 'alfa-center', daysAgo(2), 1, 'clarifying'),
		'attended',
		'clarifying'
	);
	const longAgo = await code(sql, 'alfa-101a', 'Rød Sæl', daysAgo(40));
	await book(
		sql,
		longAgo.id,
		await slotAt(sql, 'alfa-101a', 'alfa-center', daysAgo(NO_SHOW_DAYS + 1), 1, 'clarifying'),
		'no_show',
		'clarifying'
	);
	const atPartner = await code(sql, 'alfa-101a', 'Gul Los', daysAgo(20));
	await book(
		sql,
		atPartner.id,
		await slotAt(sql, 'alfa-101a', 'gamma-partner', daysAgo(1), 1, 'clarifying'),
		'no_show',
		'clarifying'
	);
	const beta = await code(sql, 'beta-counselling', 'Hvid Hare', daysAgo(20));
	await book(sql, beta.id, await slotAt(sql, 'beta-counselling', 'beta-center', daysAgo(4)), 'no_show');
});
afterAll(() => db.drop());

describe('no-show follow-up (issue 13, item 8)', () => {
	it(`lists a municipality's no-shows of the last ${NO_SHOW_DAYS} days per offer by alias and day, not attended or older ones`, async () => {
		const offers = await recentNoShows(sql, counsellor, now);
		expect(offers).toHaveLength(1);
		expect(offers[0]).toMatchObject({
			offerSlug: 'alfa-101a',
			noShows: [{ alias: 'Blå Ugle', day: '2030-03-11', phase: 'clarifying', rebooked: false }]
		});
		// Day-precise: no time of day reaches the page.
		expect(Object.keys(offers[0]!.noShows[0]!).sort()).toEqual([
			'alias',
			'codeId',
			'day',
			'phase',
			'placeName',
			'rebooked'
		]);
	});

	it("another municipality's staff and a partner's staff see none of alfa's no-shows (tenancy)", async () => {
		expect((await recentNoShows(sql, betaCounsellor, now)).map((o) => o.offerSlug)).toEqual(['beta-counselling']);
		expect(await recentNoShows(sql, partner, now)).toEqual([]);
	});

	it('a no-show who has booked a new time since is marked so, one who has not is the one to act on', async () => {
		const [row] = await sql<{ id: string }[]>`select id from anon.code where alias = 'Hvid Hare'`;
		expect((await recentNoShows(sql, betaCounsellor, now))[0]!.noShows[0]!.rebooked).toBe(false);
		await book(
			sql,
			row!.id,
			await slotAt(sql, 'beta-counselling', 'beta-center', new Date(now.getTime() + 3 * 86_400_000)),
			'booked'
		);
		expect((await recentNoShows(sql, betaCounsellor, now))[0]!.noShows[0]!.rebooked).toBe(true);
	});
});
