import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { freshDatabase } from './fresh';
import type { Sql } from '$lib/server/platform/db';
import type { Staff } from '$lib/server/staff/staff';
import { loadConfig } from '$lib/server/catalogue/config';
import { seedConfiguration } from '$lib/server/catalogue/seed';
import { createSlots, cancelSlot } from '$lib/server/booking/staff-slots';
import { bookingsOfCode } from '$lib/server/booking/bookings';
import { slotFor } from '$lib/server/staff/calendar';
import { phoneBook } from '$lib/server/staff/staff-course';
import { newStaff } from './staff-fixtures';

/**
 * 001 §3.3.4: "Rusmiddelcentret afholder kurser for forældre, der ønsker viden om unge og rusmidler, hvis der er
 * nok tilmeldinger." The minimum is per course (a declared default, 001 gives no number); staff see on the time
 * whether it is reached; a person who signed up sees on "Mine tider" where the course stands, and a cancellation.
 */

let db: Awaited<ReturnType<typeof freshDatabase>>;
let sql: Sql;
let coordinator: Staff;
const COURSE = 'gladsaxe-foraeldrekursus';
const now = new Date('2027-01-04T08:00:00Z');

beforeAll(async () => {
	db = await freshDatabase();
	sql = db.sql;
	await seedConfiguration(sql, loadConfig().configs);
	coordinator = await newStaff(sql, 'gladsaxe.koordinator', 'coordinator', 'gladsaxe', ['gladsaxe-rusmiddelcenter']);
});
afterAll(() => db.drop());

describe('001 §3.3.4 "hvis der er nok tilmeldinger": Gladsaxe parent courses run only with enough sign-ups', () => {
	it('the minimum is per course, declared in the file as a default (001 gives no number)', () => {
		const offer = loadConfig()
			.configs.flatMap((c) => c.offers)
			.find((o) => o.slug === COURSE)!;
		const course = offer.phases.find((p) => p.kind === 'course')!;
		expect(course.format).toMatchObject({ kind: 'group', minParticipants: 6 });
		expect(offer.notes?.join(' ')).toMatch(/minParticipants 6 is a declared default/);
	});

	it('staff see on the time whether the minimum is reached; the person who signed up sees how many have signed up, then the cancellation', async () => {
		const created = await createSlots(
			sql,
			coordinator,
			{
				offerSlug: COURSE,
				placeSlug: 'gladsaxe-rusmiddelcenter',
				phase: 'course',
				counsellorId: null,
				day: '2027-02-02',
				from: '10:00',
				to: '12:00',
				seats: 12,
				outsideHours: false,
				weeks: 3,
				blockMinutes: null
			},
			now
		);
		if (!created.ok) throw new Error(created.reason);
		const first = created.slotIds[0]!;
		const booked = await phoneBook(sql, coordinator, { slotId: first, ageBand: '25plus' }, now);
		if (!booked.ok) throw new Error(booked.reason);

		const slot = await slotFor(sql, coordinator, first);
		expect(slot).toMatchObject({ minParticipants: 6, booked: 1 });
		const mine = await bookingsOfCode(sql, booked.codeId);
		expect(mine.map((b) => [b.status, b.signedUp])).toEqual([
			['booked', 1],
			['booked', 1],
			['booked', 1]
		]);

		// Not reached: the centre cancels the course; the people who signed up see it on "Mine tider".
		expect(await cancelSlot(sql, coordinator, first, true, now)).toMatchObject({ ok: true, cancelledBookings: 1 });
		expect((await bookingsOfCode(sql, booked.codeId))[0]!.status).toBe('cancelled_by_centre');
	});

	it("a course without the condition carries no minimum (000, 001 relatives' courses run several times a year)", async () => {
		const created = await createSlots(
			sql,
			coordinator,
			{
				offerSlug: 'gladsaxe-paaroerendekursus-stoffer',
				placeSlug: 'gladsaxe-rusmiddelcenter',
				phase: 'course',
				counsellorId: null,
				day: '2027-02-03',
				from: '10:00',
				to: '11:30',
				seats: 8,
				outsideHours: false,
				weeks: 1,
				blockMinutes: null
			},
			now
		);
		if (!created.ok) throw new Error(created.reason);
		expect((await slotFor(sql, coordinator, created.slotIds[0]!))!.minParticipants).toBeNull();
	});
});
