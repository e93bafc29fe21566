import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { freshDatabase } from './fresh';
import type { Sql } from '$lib/server/platform/db';
import type { Staff } from '$lib/server/staff/staff';
import { createStaff, revokeStaffSessions, updateStaff } from '$lib/server/staff/staff';
import { cancelSlot, createSlots, type SlotRequest } from '$lib/server/booking/staff-slots';
import {
	endCourse,
	phoneBook,
	recordDecision,
	recordParentalConsent,
	setAttendance
} from '$lib/server/staff/staff-course';
import { logIn, signOut, type SignedInStaff } from '$lib/server/auth/staff-auth';
import { changePassword, resetPassword } from '$lib/server/auth/staff-password';
import { createSession, STAFF_SESSION } from '$lib/server/auth/session';
import { FUTURE_MONDAY, newStaff, PASSWORD, seedStaffTest } from './staff-fixtures';

/**
 * Issue 10, point 3: a staff action and its audit row commit together or not at all. Here the database refuses
 * every audit row (a trigger); each action must then fail and leave everything as it was. An action that wrote
 * its row after its own commit, as some did, leaves its change behind and fails this test.
 */

let db: Awaited<ReturnType<typeof freshDatabase>>;
let sql: Sql;
let coordinator: Staff;
let counsellor: Staff;
let signedIn: SignedInStaff;
const slots: Record<'booked' | 'decided' | 'free' | 'youth', string> = { booked: '', decided: '', free: '', youth: '' };
const codes: Record<'booked' | 'decided' | 'youth', string> = { booked: '', decided: '', youth: '' };
let bookingId: string;
const onTheDay = new Date(`${FUTURE_MONDAY}T15:00:00Z`);

const request = (
	from: `${number}:${number}`,
	offerSlug = 'alfa-101a',
	phase: SlotRequest['phase'] = 'clarifying'
): SlotRequest => ({
	offerSlug,
	placeSlug: 'alfa-center',
	phase,
	counsellorId: null,
	day: FUTURE_MONDAY,
	from,
	to: `${from.slice(0, 2)}:45` as `${number}:${number}`,
	seats: 1,
	outsideHours: false,
	weeks: 1,
	blockMinutes: null
});

async function open(from: `${number}:${number}`, offerSlug?: string, phase?: SlotRequest['phase']): Promise<string> {
	const r = await createSlots(sql, coordinator, request(from, offerSlug, phase));
	if (!r.ok) throw new Error(r.reason);
	return r.slotIds[0]!;
}

async function bookByPhone(slotId: string, ageBand: '25plus' | 'under18' = '25plus'): Promise<string> {
	const r = await phoneBook(sql, coordinator, { slotId, ageBand });
	if (!r.ok) throw new Error(r.reason);
	return r.codeId;
}

/** Everything a staff action may change, in a comparable form. */
async function everything() {
	return {
		slots: await sql`select id, cancelled_at, booked from anon.slot order by id`,
		bookings: await sql`select id, status, changed_at from anon.booking order by id`,
		codes: await sql`select id, decision, parental_consent, course_ended from anon.code order by id`,
		staff:
			await sql`select id, password_hash, must_change_password, totp_required, disabled_at from portal.staff order by id`,
		places: await sql`select staff_id, place_slug from portal.staff_place order by staff_id, place_slug`,
		sessions: await sql`select id, staff_id, two_factor_verified from portal.staff_session order by id`,
		audit: await sql`select count(*)::int as n from portal.audit`
	};
}

beforeAll(async () => {
	db = await freshDatabase();
	sql = db.sql;
	await seedStaffTest(sql);
	coordinator = await newStaff(sql, 'alfa.koordinator', 'coordinator', 'alfa');
	counsellor = await newStaff(sql, 'alfa.raadgiver', 'counsellor', 'alfa', ['alfa-center']);
	slots.booked = await open('10:00');
	slots.decided = await open('11:00');
	slots.free = await open('12:00');
	slots.youth = await open('13:00', 'alfa-youth', 'conversation');
	codes.booked = await bookByPhone(slots.booked);
	codes.decided = await bookByPhone(slots.decided);
	codes.youth = await bookByPhone(slots.youth, 'under18');
	bookingId = (await sql<{ id: string }[]>`select id from anon.booking where code_id = ${codes.booked}`)[0]!.id;
	// The clarifying conversation took place, so the §101a decision can be recorded.
	await sql`update anon.booking set status = 'attended' where code_id = ${codes.decided}`;
	const { session } = await createSession(sql, STAFF_SESSION, counsellor.id);
	await sql`update portal.staff_session set two_factor_verified = true where id = ${session.id}`;
	signedIn = { ...counsellor, sessionId: session.id, twoFactorVerified: true };

	await sql.unsafe(`
		create function public.refuse_audit() returns trigger language plpgsql as $$
		begin raise exception 'audit row refused by the test'; end $$;
		create trigger refuse_audit before insert on portal.audit for each row execute function public.refuse_audit();`);
});
afterAll(() => db?.drop());

const actions: [string, () => Promise<unknown>][] = [
	['a time is opened', () => createSlots(sql, coordinator, request('14:00'))],
	['a booked time is cancelled by the centre', () => cancelSlot(sql, coordinator, slots.booked, true)],
	['attendance is recorded', () => setAttendance(sql, coordinator, slots.booked, bookingId, 'attended', onTheDay)],
	['the course is ended', () => endCourse(sql, coordinator, codes.booked)],
	['the §101a decision is recorded', () => recordDecision(sql, coordinator, codes.decided, 'granted')],
	['parental consent is recorded', () => recordParentalConsent(sql, coordinator, codes.youth)],
	['a caller is booked by phone', () => phoneBook(sql, coordinator, { slotId: slots.free, ageBand: '25plus' })],
	[
		'a coordinator creates a colleague',
		() =>
			createStaff(
				sql,
				{
					municipalitySlug: 'alfa',
					username: 'alfa.ny',
					displayName: 'Ny',
					password: 'a long enough new password',
					role: 'counsellor',
					places: [],
					totpRequired: false
				},
				coordinator
			)
	],
	[
		'a coordinator changes a colleague',
		() => updateStaff(sql, coordinator, counsellor.id, { places: [], totpRequired: true, disabled: true })
	],
	["a coordinator ends a colleague's sessions", () => revokeStaffSessions(sql, coordinator, counsellor.id)],
	[
		"a coordinator resets a colleague's password",
		() => resetPassword(sql, coordinator, counsellor, 'a temporary password for ulla')
	],
	['a staff member signs in', () => logIn(sql, { username: counsellor.username, password: PASSWORD })],
	[
		'a staff member changes their password',
		() => changePassword(sql, signedIn, { current: PASSWORD, next: 'another long enough password' })
	],
	['a staff member signs out', () => signOut(sql, signedIn)]
];

describe('an action commits with its audit row or not at all', () => {
	for (const [action, run] of actions) {
		it(`attack: the audit row of "${action}" is lost, and the action stands unaudited`, async () => {
			const before = await everything();
			await expect(run()).rejects.toThrow(/audit row refused by the test/);
			expect(await everything()).toEqual(before);
		});
	}
});
