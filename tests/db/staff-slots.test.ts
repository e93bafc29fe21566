import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { freshDatabase } from './fresh';
import type { Sql } from '$lib/server/platform/db';
import type { Staff } from '$lib/server/staff/staff';
import { cancelSlot, createSlots, type SlotRequest } from '$lib/server/booking/staff-slots';
import { issueCodeAndBook } from '$lib/server/booking/bookings';
import { newStaff, seedStaffTest } from './staff-fixtures';

let db: Awaited<ReturnType<typeof freshDatabase>>;
let sql: Sql;
let coordinator: Staff;
let counsellor: Staff;
let other: Staff;
const now = new Date('2027-01-04T08:00:00Z');

beforeAll(async () => {
	db = await freshDatabase();
	sql = db.sql;
	await seedStaffTest(sql);
	coordinator = await newStaff(sql, 'koordinator', 'coordinator', 'alfa');
	counsellor = await newStaff(sql, 'raadgiver', 'counsellor', 'alfa', ['alfa-center']);
	other = await newStaff(sql, 'raadgiver2', 'counsellor', 'alfa', ['alfa-center']);
});
afterAll(() => db.drop());

const request = (r: Partial<SlotRequest>): SlotRequest => ({
	offerSlug: 'alfa-101a',
	placeSlug: 'alfa-center',
	phase: 'clarifying',
	counsellorId: null,
	day: '2027-01-11',
	from: '10:00',
	to: '10:45',
	seats: 1,
	outsideHours: false,
	weeks: 1,
	blockMinutes: null,
	...r
});

describe('opening times (issue 4)', () => {
	it('creates a weekly series: every Monday 16–18 for 14 weeks, 8 seats (Helsingør, 003)', async () => {
		const result = await createSlots(
			sql,
			coordinator,
			request({ phase: 'course', day: '2027-08-02', from: '16:00', to: '18:00', seats: 8, weeks: 14 }),
			now
		);
		expect(result).toMatchObject({ ok: true });
		if (!result.ok) return;
		expect(result.slotIds).toHaveLength(14);
		const rows = await sql<{ startsAt: Date; seats: number; seriesId: string }[]>`
			select starts_at, seats, series_id from anon.slot where id = any(${result.slotIds}::uuid[]) order by starts_at`;
		expect(new Set(rows.map((r) => r.seriesId)).size).toBe(1);
		expect(rows.every((r) => r.seats === 8)).toBe(true);
		// 16:00 in Copenhagen is 14:00Z in summer and 15:00Z after the switch back to winter time (31 October 2027).
		expect(rows[0]!.startsAt.toISOString()).toBe('2027-08-02T14:00:00.000Z');
		expect(rows[13]!.startsAt.toISOString()).toBe('2027-11-01T15:00:00.000Z');
	});

	it('refuses a public holiday with its name: Kristi himmelfartsdag, 6 May 2027', async () => {
		const result = await createSlots(sql, coordinator, request({ day: '2027-05-06' }), now);
		expect(result).toMatchObject({
			ok: false,
			reason: 'nothing_made',
			summary: { skipped: [{ day: '2027-05-06', reason: 'holiday', name: 'Kristi Himmelfartsdag' }] }
		});
	});

	it('a series over Easter Monday makes the other weeks and names the holiday it left out (issue 13: nothing skipped silently)', async () => {
		const skipped = await createSlots(
			sql,
			coordinator,
			request({ phase: 'course', day: '2027-03-22', from: '16:00', to: '18:00', seats: 8, weeks: 3 }),
			now
		);
		expect(skipped.ok && skipped.slotIds.length).toBe(2);
		expect(skipped.ok && skipped.summary.skipped).toEqual([
			{ day: '2027-03-29', from: '16:00', to: '18:00', reason: 'holiday', name: 'Anden påskedag' }
		]);
	});

	it('000/001 "efter individuel aftale": a time by agreement on a closed day is opened; the time\'s page names the day (issue 11 item 10)', async () => {
		const result = await createSlots(
			sql,
			coordinator,
			request({ day: '2027-05-06', from: '11:00', to: '11:45', outsideHours: true }),
			now
		);
		expect(result).toMatchObject({ ok: true, summary: { made: [{ day: '2027-05-06', from: '11:00' }], skipped: [] } });
		// Within the hours, not by agreement, it is left out and the holiday named.
		expect(
			await createSlots(sql, coordinator, request({ day: '2027-05-06', from: '12:00', to: '12:45' }), now)
		).toMatchObject({
			ok: false,
			reason: 'nothing_made',
			summary: { skipped: [{ day: '2027-05-06', reason: 'holiday', name: 'Kristi Himmelfartsdag' }] }
		});
	});

	it('DOMAIN.md: 5 June and 31 December are not closed unless the municipality configures them; configured, 31 December closes from 12:00', async () => {
		expect(
			await createSlots(sql, coordinator, request({ day: '2029-06-05', from: '10:00', to: '10:45' }), now)
		).toMatchObject({ ok: true });
		expect(
			await createSlots(sql, coordinator, request({ day: '2027-12-31', from: '12:00', to: '12:45' }), now)
		).toMatchObject({ ok: true });
		await sql`update portal.municipality set closed_days = ${sql.json({ publicHolidays: true, days: [{ monthDay: '12-31', name: 'Nytårsaftensdag', from: '12:00' }] })}
			where slug = 'alfa'`;
		expect(
			await createSlots(sql, coordinator, request({ day: '2027-12-31', from: '13:00', to: '13:45' }), now)
		).toMatchObject({
			ok: false,
			reason: 'nothing_made',
			summary: { skipped: [{ day: '2027-12-31', reason: 'closed_day', name: 'Nytårsaftensdag' }] }
		});
		expect(
			await createSlots(sql, coordinator, request({ day: '2027-12-31', from: '10:00', to: '10:45' }), now)
		).toMatchObject({ ok: true });
	});

	it('keeps times inside opening hours, or outside them only by agreement where the place offers that', async () => {
		expect(
			await createSlots(sql, coordinator, request({ day: '2027-01-12', from: '15:00', to: '15:45' }), now)
		).toMatchObject({
			ok: false,
			reason: 'nothing_made',
			summary: { skipped: [{ day: '2027-01-12', reason: 'outside_hours' }] }
		});
		expect(
			(
				await createSlots(
					sql,
					coordinator,
					request({ day: '2027-01-12', from: '15:00', to: '15:45', outsideHours: true }),
					now
				)
			).ok
		).toBe(true);
	});

	it('cannot check hours it does not know (Brydehuset, DOMAIN.md) and does not guess them', async () => {
		const partner = await newStaff(sql, 'partner', 'partner', 'gamma', ['gamma-partner']);
		expect(await createSlots(sql, partner, request({ placeSlug: 'gamma-partner' }), now)).toMatchObject({
			ok: false,
			reason: 'hours_unknown'
		});
	});

	it("refuses a counsellor's overlapping time through the database constraint, not another counsellor's", async () => {
		expect(
			(await createSlots(sql, counsellor, request({ day: '2027-01-13', counsellorId: counsellor.id }), now)).ok
		).toBe(true);
		const clash = await createSlots(
			sql,
			counsellor,
			request({ day: '2027-01-13', from: '10:30', to: '11:15', counsellorId: counsellor.id }),
			now
		);
		expect(clash).toMatchObject({
			ok: false,
			reason: 'nothing_made',
			summary: { skipped: [{ day: '2027-01-13', reason: 'overlap' }] }
		});
		expect(
			(
				await createSlots(
					sql,
					counsellor,
					request({ day: '2027-01-13', from: '10:30', to: '11:15', counsellorId: other.id }),
					now
				)
			).ok
		).toBe(
			false // a counsellor plans only their own times…
		);
		expect(
			(
				await createSlots(
					sql,
					coordinator,
					request({ day: '2027-01-13', from: '10:30', to: '11:15', counsellorId: other.id }),
					now
				)
			).ok
		).toBe(
			true // …a coordinator plans anyone's
		);
	});

	it('refuses individual times with more than one seat and times in the past', async () => {
		expect(await createSlots(sql, coordinator, request({ seats: 3 }), now)).toMatchObject({
			ok: false,
			reason: 'seats_individual'
		});
		expect(await createSlots(sql, coordinator, request({ day: '2026-12-28' }), now)).toMatchObject({
			ok: false,
			reason: 'nothing_made',
			summary: { skipped: [{ reason: 'past' }] }
		});
	});

	it('cancels a booked time only after confirmation, and the booking becomes cancelled by the centre', async () => {
		const created = await createSlots(sql, coordinator, request({ day: '2030-01-14' }));
		if (!created.ok) throw new Error(created.reason);
		const slotId = created.slotIds[0]!;
		const booked = await issueCodeAndBook(sql, { offerSlug: 'alfa-101a', ageBand: '25plus', slotId });
		expect(booked.ok).toBe(true);
		expect(await cancelSlot(sql, coordinator, slotId, false)).toEqual({ ok: false, reason: 'confirm', bookings: 1 });
		expect(await cancelSlot(sql, coordinator, slotId, true)).toEqual({ ok: true, cancelledBookings: 1 });
		const [b] = await sql<{ status: string }[]>`select status from anon.booking where slot_id = ${slotId}`;
		expect(b!.status).toBe('cancelled_by_centre');
		const [s] = await sql<{ booked: number }[]>`select booked from anon.slot where id = ${slotId}`;
		expect(s!.booked).toBe(0);
	});

	it('audits every creation without personal data', async () => {
		const rows = await sql<
			{ action: string; alias: string | null }[]
		>`select action, alias from portal.audit where staff_id = ${coordinator.id}`;
		expect(rows.map((r) => r.action)).toEqual(
			expect.arrayContaining(['series_created', 'slot_created', 'slot_cancelled'])
		);
	});
});
