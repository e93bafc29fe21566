import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fc from 'fast-check';
import { freshDatabase } from './fresh';
import type { Sql } from '$lib/server/platform/db';
import type { Staff } from '$lib/server/staff/staff';
import {
	createSlots,
	plannedTimes,
	slotRefusalFromDatabase,
	updateSlot,
	type SlotRequest
} from '$lib/server/booking/staff-slots';
import { issueCodeAndBook } from '$lib/server/booking/bookings';
import { newStaff, seedStaffTest } from './staff-fixtures';

/**
 * Issue 13 (staff face): blocks and series with a summary, a counsellor on a time that can be changed, and every
 * constraint a staff slot form can meet answered with a refusal, never a fault. Alfa's hours are Gladsaxe's drug
 * hours, Mondays to 20 (001; tests/db/staff-fixtures.ts).
 */

let db: Awaited<ReturnType<typeof freshDatabase>>;
let sql: Sql;
let coordinator: Staff;
let counsellor: Staff;
let colleague: Staff;
const now = new Date('2030-01-02T08:00:00Z');

beforeAll(async () => {
	db = await freshDatabase();
	sql = db.sql;
	await seedStaffTest(sql);
	coordinator = await newStaff(sql, 'koordinator', 'coordinator', 'alfa');
	counsellor = await newStaff(sql, 'raadgiver', 'counsellor', 'alfa', ['alfa-center']);
	colleague = await newStaff(sql, 'raadgiver2', 'counsellor', 'alfa', ['alfa-center']);
});
afterAll(() => db.drop());

const request = (r: Partial<SlotRequest>): SlotRequest => ({
	offerSlug: 'alfa-youth',
	placeSlug: 'alfa-center',
	phase: 'conversation',
	counsellorId: null,
	day: '2030-01-14',
	from: '09:00',
	to: '14:00',
	blockMinutes: 45,
	seats: 1,
	outsideHours: false,
	weeks: 1,
	...r
});

const startsOf = (ids: string[]) =>
	sql<{ startsAt: Date }[]>`select starts_at from anon.slot where id = any(${ids}::uuid[]) order by starts_at`.then(
		(r) => r.map((x) => x.startsAt.toISOString())
	);

describe('blocks and series (issue 13, point 4)', () => {
	it('09:00–14:00 in 45-minute blocks is six times, the last ending 13:30 (a seventh would run past 14:00)', async () => {
		expect(
			plannedTimes({ day: '2030-01-14', from: '09:00', to: '14:00', blockMinutes: 45, weeks: 1 }).map(
				(t) => `${t.from}–${t.to}`
			)
		).toEqual(['09:00–09:45', '09:45–10:30', '10:30–11:15', '11:15–12:00', '12:00–12:45', '12:45–13:30']);
		const result = await createSlots(sql, coordinator, request({ counsellorId: counsellor.id }), now);
		expect(result.ok && result.summary.made.length).toBe(6);
		expect(result.ok && result.summary.skipped).toEqual([]);
	});

	it('a week of blocks for two counsellors: each makes their own, and neither is refused for the other (slot_counsellor_no_overlap is per counsellor)', async () => {
		const mine = await createSlots(
			sql,
			coordinator,
			request({ day: '2030-01-21', counsellorId: counsellor.id, weeks: 1 }),
			now
		);
		const theirs = await createSlots(
			sql,
			coordinator,
			request({ day: '2030-01-21', counsellorId: colleague.id, weeks: 1 }),
			now
		);
		expect(mine.ok && mine.summary.made.length).toBe(6);
		expect(theirs.ok && theirs.summary.made.length).toBe(6);
	});

	it('a six-week series across Easter names each week it left out and why: Anden påskedag is a holiday (DOMAIN.md: centres are closed)', async () => {
		// Mondays 11 March – 15 April 2030; Easter Monday is 22 April 2030, so start on 18 March: weeks to 22 April.
		const result = await createSlots(
			sql,
			coordinator,
			request({ day: '2030-03-18', from: '10:00', to: '11:30', weeks: 6, counsellorId: colleague.id }),
			now
		);
		if (!result.ok) throw new Error(result.reason);
		expect(result.summary.made).toHaveLength(10);
		expect(result.summary.skipped).toEqual([
			{ day: '2030-04-22', from: '10:00', to: '10:45', reason: 'holiday', name: 'Anden påskedag' },
			{ day: '2030-04-22', from: '10:45', to: '11:30', reason: 'holiday', name: 'Anden påskedag' }
		]);
	});

	it('a block past closing time makes the times inside the hours and names the rest "outside hours" (Tuesday to 14, 001)', async () => {
		const result = await createSlots(
			sql,
			coordinator,
			request({ day: '2030-01-15', from: '12:30', to: '15:30', blockMinutes: 60 }),
			now
		);
		if (!result.ok) throw new Error(result.reason);
		expect(result.summary.made.map((t) => t.from)).toEqual(['12:30']);
		expect(result.summary.skipped.map((t) => [t.from, t.reason])).toEqual([
			['13:30', 'outside_hours'],
			['14:30', 'outside_hours']
		]);
	});

	it("a counsellor's block over their own booked morning makes the free times and names the overlaps", async () => {
		const result = await createSlots(
			sql,
			coordinator,
			request({ day: '2030-01-14', from: '12:00', to: '15:00', counsellorId: counsellor.id }),
			now
		);
		if (!result.ok) throw new Error(result.reason);
		expect(result.summary.skipped.filter((t) => t.reason === 'overlap').map((t) => t.from)).toEqual(['12:00', '12:45']);
		expect(result.summary.made.map((t) => t.from)).toEqual(['13:30', '14:15']);
	});
});

describe('every constraint a staff slot form can meet is a refusal, not a fault (issue 13, point 5)', () => {
	it('slot_open_unique: the same open time twice is refused as a duplicate with its day (it answered 500 before)', async () => {
		const first = await createSlots(
			sql,
			coordinator,
			request({ day: '2030-01-16', from: '09:00', to: '09:45', blockMinutes: null }),
			now
		);
		expect(first.ok).toBe(true);
		const again = await createSlots(
			sql,
			coordinator,
			request({ day: '2030-01-16', from: '09:00', to: '09:45', blockMinutes: null }),
			now
		);
		expect(again).toMatchObject({
			ok: false,
			reason: 'nothing_made',
			summary: { skipped: [{ day: '2030-01-16', reason: 'duplicate' }] }
		});
	});

	it('slot_open_unique covers series too: the same open group series submitted twice makes nothing the second time', async () => {
		const group = request({
			offerSlug: 'alfa-101a',
			phase: 'course',
			day: '2030-02-04',
			from: '16:00',
			to: '18:00',
			blockMinutes: null,
			seats: 8,
			weeks: 4
		});
		expect((await createSlots(sql, coordinator, group, now)).ok).toBe(true);
		const again = await createSlots(sql, coordinator, group, now);
		expect(again.ok).toBe(false);
		expect(!again.ok && again.reason === 'nothing_made' && again.summary.skipped.map((t) => t.reason)).toEqual([
			'duplicate',
			'duplicate',
			'duplicate',
			'duplicate'
		]);
	});

	it('a cancelled open time no longer blocks opening that time again', async () => {
		const req = request({ day: '2030-01-17', from: '09:00', to: '09:45', blockMinutes: null });
		const first = await createSlots(sql, coordinator, req, now);
		if (!first.ok) throw new Error(first.reason);
		await sql`update anon.slot set cancelled_at = now() where id = ${first.slotIds[0]!}`;
		expect((await createSlots(sql, coordinator, req, now)).ok).toBe(true);
	});

	it('the constraint names the mapping reads are the ones the database has', async () => {
		const names = await sql<{ name: string }[]>`
			select conname as name from pg_constraint where conrelid = 'anon.slot'::regclass
			union select indexrelid::regclass::text from pg_index where indrelid = 'anon.slot'::regclass`;
		const have = names.map((n) => n.name.replace(/^anon\./, ''));
		for (const name of [
			'slot_counsellor_no_overlap',
			'slot_open_unique',
			'slot_offer_slug_phase_fkey',
			'slot_counsellor_id_fkey',
			'slot_check'
		]) {
			expect(have).toContain(name);
		}
		const err = await sql`insert into anon.slot (place_slug, offer_slug, phase, starts_at, ends_at, seats)
			values ('alfa-center', 'alfa-youth', 'course', now(), now() + interval '1 hour', 1)`.catch((e: unknown) => e);
		expect(slotRefusalFromDatabase(err)).toBe('phase_not_offered');
	});

	it('fuzz: every create submitted twice, some at once, with conflicting values, answers ok or a refusal and breaks no rule', async () => {
		const days = ['2030-05-06', '2030-05-07', '2030-05-09'];
		const arb = fc.record({
			counsellor: fc.constantFrom<'me' | 'colleague' | 'none'>('me', 'colleague', 'none'),
			day: fc.constantFrom(...days),
			from: fc.constantFrom('08:30', '09:00', '09:15', '13:00', '17:00'),
			to: fc.constantFrom('09:00', '09:45', '10:30', '14:00', '18:30'),
			blockMinutes: fc.constantFrom(null, 10, 30, 45, 700),
			weeks: fc.integer({ min: 1, max: 3 }),
			phase: fc.constantFrom<'conversation' | 'course'>('conversation', 'course'),
			seats: fc.constantFrom(1, 2),
			outsideHours: fc.boolean(),
			together: fc.boolean()
		});
		const who = { me: counsellor.id, colleague: colleague.id, none: null } as const;
		await fc.assert(
			fc.asyncProperty(arb, async (f) => {
				const req = request({
					...f,
					counsellorId: who[f.counsellor],
					from: f.from as `${number}:${number}`,
					to: f.to as `${number}:${number}`
				});
				const results = f.together
					? await Promise.all([createSlots(sql, coordinator, req, now), createSlots(sql, coordinator, req, now)])
					: [await createSlots(sql, coordinator, req, now), await createSlots(sql, coordinator, req, now)];
				// The second of two identical submits never makes a time the first made.
				const made = results.flatMap((r) => (r.ok ? r.summary.made.map((t) => `${t.day} ${t.from}`) : []));
				expect(new Set(made).size).toBe(made.length);
			}),
			{ numRuns: 40, seed: Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31) }
		);
		const [overlaps] = await sql<{ n: number }[]>`
			select count(*)::int as n from anon.slot a join anon.slot b on a.id < b.id and a.counsellor_id = b.counsellor_id
			where a.cancelled_at is null and b.cancelled_at is null and tstzrange(a.starts_at, a.ends_at) && tstzrange(b.starts_at, b.ends_at)`;
		expect(overlaps!.n).toBe(0);
	});
});

describe('a counsellor on a time (issue 13, point 2)', () => {
	/** One free 45-minute time. */
	const single = async (day: string, from: string) => {
		const [h, m] = from.split(':').map(Number) as [number, number];
		const end = h * 60 + m + 45;
		const to =
			`${String(Math.floor(end / 60)).padStart(2, '0')}:${String(end % 60).padStart(2, '0')}` as `${number}:${number}`;
		const r = await createSlots(
			sql,
			coordinator,
			request({ day, from: from as `${number}:${number}`, to, blockMinutes: null }),
			now
		);
		if (!r.ok) throw new Error(r.reason);
		return r.slotIds[0]!;
	};

	it('a time gets a counsellor, and the counsellor changes while someone is booked: they booked a time, not a person', async () => {
		const slotId = await single('2030-06-03', '14:15');
		expect(
			await updateSlot(sql, coordinator, slotId, { counsellorId: counsellor.id, day: '2030-06-03', from: '14:15' }, now)
		).toEqual({ ok: true });
		expect((await issueCodeAndBook(sql, { offerSlug: 'alfa-youth', ageBand: '18to24', slotId }, now)).ok).toBe(true);
		expect(
			await updateSlot(sql, coordinator, slotId, { counsellorId: colleague.id, day: '2030-06-03', from: '14:15' }, now)
		).toEqual({ ok: true });
		const [row] = await sql<{ counsellorId: string }[]>`select counsellor_id from anon.slot where id = ${slotId}`;
		expect(row!.counsellorId).toBe(colleague.id);
	});

	it('a booked time is not moved: an anonymous person cannot be told (the booking keeps its time)', async () => {
		const slotId = await single('2030-06-04', '12:30');
		expect((await issueCodeAndBook(sql, { offerSlug: 'alfa-youth', ageBand: '18to24', slotId }, now)).ok).toBe(true);
		expect(
			await updateSlot(sql, coordinator, slotId, { counsellorId: null, day: '2030-06-04', from: '10:00' }, now)
		).toEqual({
			ok: false,
			reason: 'booked_cannot_move'
		});
	});

	it('a free time moves inside opening hours, keeps its length, and is refused on a holiday or outside hours', async () => {
		const free = await single('2030-06-06', '14:15');
		expect(
			await updateSlot(sql, coordinator, free, { counsellorId: null, day: '2030-06-06', from: '10:00' }, now)
		).toEqual({ ok: true });
		const [row] = await sql<
			{ startsAt: Date; endsAt: Date }[]
		>`select starts_at, ends_at from anon.slot where id = ${free}`;
		expect(row!.endsAt.getTime() - row!.startsAt.getTime()).toBe(45 * 60_000);
		// Grundlovsdag 5 June is a customary closing day (hours.ts); 2. Pinsedag 10 June 2030 a public holiday.
		expect(
			await updateSlot(sql, coordinator, free, { counsellorId: null, day: '2030-06-10', from: '10:00' }, now)
		).toMatchObject({ ok: false, reason: 'closed_day' });
		expect(
			await updateSlot(sql, coordinator, free, { counsellorId: null, day: '2030-06-06', from: '19:00' }, now)
		).toMatchObject({ ok: false, reason: 'outside_hours' });
	});

	it('a counsellor sets only themselves; another counsellor is not theirs to plan', async () => {
		const slotId = await single('2030-06-07', '12:45');
		expect(
			await updateSlot(sql, counsellor, slotId, { counsellorId: colleague.id, day: '2030-06-07', from: '12:45' }, now)
		).toEqual({ ok: false, reason: 'counsellor_unknown' });
		expect(
			await updateSlot(sql, counsellor, slotId, { counsellorId: counsellor.id, day: '2030-06-07', from: '12:45' }, now)
		).toEqual({ ok: true });
	});

	it('the database refuses a counsellor twice at once, also when two changes race (slot_counsellor_no_overlap)', async () => {
		const a = await single('2030-06-12', '12:00');
		const b = await single('2030-06-12', '12:45');
		// Both times become the colleague's at 12:00 at the same moment: exactly one may win.
		const results = await Promise.all([
			updateSlot(sql, coordinator, a, { counsellorId: colleague.id, day: '2030-06-12', from: '12:00' }, now),
			updateSlot(sql, coordinator, b, { counsellorId: colleague.id, day: '2030-06-12', from: '12:00' }, now)
		]);
		expect(results.filter((r) => r.ok)).toHaveLength(1);
		expect(results.find((r) => !r.ok)).toMatchObject({ reason: expect.stringMatching(/^(overlap|duplicate)$/) });
		// And two blocks for one counsellor at once: each time is made once.
		const both = await Promise.all([
			createSlots(sql, coordinator, request({ day: '2030-06-13', counsellorId: counsellor.id }), now),
			createSlots(sql, coordinator, request({ day: '2030-06-13', counsellorId: counsellor.id }), now)
		]);
		const made = both.flatMap((r) => (r.ok ? r.slotIds : []));
		expect(made).toHaveLength(6);
		expect(await startsOf(made)).toHaveLength(6);
	});
});
