import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { freshDatabase } from './fresh';
import type { Sql } from '$lib/server/platform/db';
import type { Staff } from '$lib/server/staff/staff';
import { createSlots } from '$lib/server/booking/staff-slots';
import { phoneBook } from '$lib/server/staff/staff-course';
import { slotFor } from '$lib/server/staff/calendar';
import { bookingsOfCode, setInterpreter } from '$lib/server/booking/bookings';
import { offerContext } from '$lib/server/booking/citizen';
import { seedConfiguration } from '$lib/server/catalogue/seed';
import { INTERPRETER_CHOICES } from '$lib/domain/interpreter';
import { newStaff, seedStaffTest, staffTestConfigs } from './staff-fixtures';

let db: Awaited<ReturnType<typeof freshDatabase>>;
let sql: Sql;
let counsellor: Staff;
let betaCoordinator: Staff;

async function bookedCode(from: string): Promise<{ codeId: string; slotId: string; bookingId: string }> {
	const r = await createSlots(sql, counsellor, {
		offerSlug: 'alfa-101a',
		placeSlug: 'alfa-center',
		phase: 'clarifying',
		counsellorId: null,
		day: '2030-03-04',
		from: from as `${number}:${number}`,
		to: `${from.slice(0, 2)}:45` as `${number}:${number}`,
		seats: 1,
		outsideHours: false,
		weeks: 1,
		blockMinutes: null
	});
	if (!r.ok) throw new Error(r.reason);
	const booked = await phoneBook(sql, counsellor, { slotId: r.slotIds[0]!, ageBand: '25plus' });
	if (!booked.ok) throw new Error(booked.reason);
	const [b] = await bookingsOfCode(sql, booked.codeId);
	return { codeId: booked.codeId, slotId: r.slotIds[0]!, bookingId: b!.id };
}

beforeAll(async () => {
	db = await freshDatabase();
	sql = db.sql;
	await seedStaffTest(sql);
	counsellor = await newStaff(sql, 'alfa.raadgiver', 'counsellor', 'alfa', ['alfa-center']);
	betaCoordinator = await newStaff(sql, 'beta.koordinator', 'coordinator', 'beta');
});
afterAll(() => db.drop());

describe('an interpreter when needed (issue 15, part 4)', () => {
	it('a person asks for an interpreter for their own time; staff see the language on the time, another municipality does not', async () => {
		const { codeId, slotId, bookingId } = await bookedCode('10:00');
		expect(await setInterpreter(sql, codeId, bookingId, 'ar')).toEqual({ ok: true, bookingId });
		expect((await bookingsOfCode(sql, codeId))[0]!.interpreter).toBe('ar');
		expect((await slotFor(sql, counsellor, slotId))!.bookings[0]!.interpreter).toBe('ar');
		expect(await slotFor(sql, betaCoordinator, slotId)).toBeNull();
		// Taken back.
		expect(await setInterpreter(sql, codeId, bookingId, null)).toMatchObject({ ok: true });
		expect((await slotFor(sql, counsellor, slotId))!.bookings[0]!.interpreter).toBeNull();
	});

	it("another code's booking, or a time already past, cannot be changed", async () => {
		const mine = await bookedCode('11:00');
		const theirs = await bookedCode('12:00');
		expect(await setInterpreter(sql, mine.codeId, theirs.bookingId, 'so')).toEqual({
			ok: false,
			reason: 'booking_not_found'
		});
		expect(await setInterpreter(sql, mine.codeId, mine.bookingId, 'so', new Date('2031-01-01T00:00:00Z'))).toEqual({
			ok: false,
			reason: 'booking_not_found'
		});
		expect((await bookingsOfCode(sql, theirs.codeId))[0]!.interpreter).toBeNull();
	});

	it('the database takes every choice the domain offers and nothing that is not a language code', async () => {
		const { bookingId } = await bookedCode('13:00');
		for (const choice of INTERPRETER_CHOICES)
			await sql`update anon.booking set interpreter = ${choice} where id = ${bookingId}`;
		await expect(
			sql`update anon.booking set interpreter = ${'Ahmed, 0045 12345678'} where id = ${bookingId}`
		).rejects.toThrow(/booking_interpreter_language/);
	});

	it('how far ahead the centre needs to know is configuration; absent, the declared default applies', async () => {
		expect((await offerContext(sql, 'alfa-101a'))!.municipality.interpreterNoticeWorkingDays).toBeUndefined();
		const configs = staffTestConfigs();
		configs[0]!.municipality.interpreterNoticeWorkingDays = 5;
		await seedConfiguration(sql, configs);
		expect((await offerContext(sql, 'alfa-101a'))!.municipality.interpreterNoticeWorkingDays).toBe(5);
	});
});
