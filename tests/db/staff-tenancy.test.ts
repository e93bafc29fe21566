import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { freshDatabase } from './fresh';
import type { Sql } from '$lib/server/platform/db';
import type { Staff } from '$lib/server/staff/staff';
import { colleagueFor, staffById, updateStaff } from '$lib/server/staff/staff';
import { calendar, slotFor } from '$lib/server/staff/calendar';
import { cancelSlot, createSlots } from '$lib/server/booking/staff-slots';
import {
	courseFor,
	endCourse,
	phoneBook,
	recordDecision,
	recordParentalConsent,
	setAttendance
} from '$lib/server/staff/staff-course';
import { auditOfMunicipality } from '$lib/server/operations/audit-trail';
import { newStaff, seedStaffTest } from './staff-fixtures';

let db: Awaited<ReturnType<typeof freshDatabase>>;
let sql: Sql;
let alfaCoordinator: Staff;
let alfaCounsellor: Staff;
let betaCoordinator: Staff;
let partner: Staff;
let clarifyingSlot: string;
let partnerSlot: string;
let codeId: string;
let bookingId: string;
const day = '2030-03-04'; // a Monday
const from = new Date('2030-03-01T00:00:00Z');
const to = new Date('2030-03-10T00:00:00Z');

async function slot(
	staff: Staff,
	place: string,
	fromWall: `${number}:${number}`,
	outsideHours = false
): Promise<string> {
	const r = await createSlots(sql, staff, {
		offerSlug: 'alfa-101a',
		placeSlug: place,
		phase: 'clarifying',
		counsellorId: null,
		day,
		from: fromWall,
		to: `${Number(fromWall.slice(0, 2))}:45` as `${number}:${number}`,
		seats: 1,
		outsideHours,
		weeks: 1,
		blockMinutes: null
	});
	if (!r.ok) throw new Error(r.reason);
	return r.slotIds[0]!;
}

beforeAll(async () => {
	db = await freshDatabase();
	sql = db.sql;
	await seedStaffTest(sql);
	alfaCoordinator = await newStaff(sql, 'alfa.koordinator', 'coordinator', 'alfa');
	alfaCounsellor = await newStaff(sql, 'alfa.raadgiver', 'counsellor', 'alfa', ['alfa-center']);
	betaCoordinator = await newStaff(sql, 'beta.koordinator', 'coordinator', 'beta');
	// Gladsaxe's §101a partner Brydehuset is run by Ballerup (001): here gamma runs gamma-partner for alfa.
	partner = await newStaff(sql, 'gamma.partner', 'partner', 'gamma', ['gamma-partner']);
	clarifyingSlot = await slot(alfaCounsellor, 'alfa-center', '10:00');
	partnerSlot = await slot(alfaCoordinator, 'alfa-center', '11:00');
	const booked = await phoneBook(sql, alfaCounsellor, { slotId: clarifyingSlot, ageBand: '25plus' });
	if (!booked.ok) throw new Error(booked.reason);
	codeId = booked.codeId;
	const [booking] = await sql<{ id: string }[]>`select id from anon.booking where code_id = ${codeId}`;
	bookingId = booking!.id;
});
afterAll(() => db.drop());

describe('tenancy: another municipality gets nothing (issue 4)', () => {
	it("a coordinator of beta finds none of alfa's slots, bookings, courses or staff", async () => {
		expect(await slotFor(sql, betaCoordinator, clarifyingSlot)).toBeNull();
		expect(await calendar(sql, betaCoordinator, { from, to })).toEqual([]);
		expect(await courseFor(sql, betaCoordinator, codeId)).toBeNull();
		expect(await colleagueFor(sql, betaCoordinator, alfaCounsellor.id)).toBeNull();
		expect(await auditOfMunicipality(sql, betaCoordinator.municipalitySlug)).toEqual([]);
	});

	it("every action on alfa's objects by beta is 'not found' and changes nothing", async () => {
		expect(
			await setAttendance(sql, betaCoordinator, clarifyingSlot, bookingId, 'attended', new Date('2030-03-04T12:00:00Z'))
		).toEqual({ ok: false, reason: 'not_found' });
		expect(await recordDecision(sql, betaCoordinator, codeId, 'granted')).toEqual({ ok: false, reason: 'not_found' });
		expect(await recordParentalConsent(sql, betaCoordinator, codeId)).toEqual({ ok: false, reason: 'not_found' });
		expect(await endCourse(sql, betaCoordinator, codeId)).toEqual({ ok: false, reason: 'not_found' });
		expect(await cancelSlot(sql, betaCoordinator, clarifyingSlot, true)).toEqual({ ok: false, reason: 'not_found' });
		expect(await phoneBook(sql, betaCoordinator, { slotId: partnerSlot, ageBand: '25plus' })).toEqual({
			ok: false,
			reason: 'not_found'
		});
		expect(
			await createSlots(sql, betaCoordinator, {
				offerSlug: 'alfa-101a',
				placeSlug: 'alfa-center',
				phase: 'clarifying',
				counsellorId: null,
				day,
				from: '12:00',
				to: '12:45',
				seats: 1,
				outsideHours: false,
				weeks: 1,
				blockMinutes: null
			})
		).toEqual({ ok: false, reason: 'not_found' });
		const [b] = await sql<{ status: string }[]>`select status from anon.booking where id = ${bookingId}`;
		expect(b!.status).toBe('booked');
	});

	it("a partner's staff see only the bookings at their own place, from any municipality", async () => {
		const atPartner = await createSlots(sql, partner, {
			offerSlug: 'alfa-101a',
			placeSlug: 'gamma-partner',
			phase: 'clarifying',
			counsellorId: null,
			day,
			from: '13:00',
			to: '13:45',
			seats: 1,
			outsideHours: true,
			weeks: 1,
			blockMinutes: null
		});
		// Brydehuset's hours are unknown and it has not agreed to times by arrangement: refused, not guessed.
		expect(atPartner).toMatchObject({ ok: false, reason: 'no_outside_hours_here' });
		await sql`update portal.place set outside_hours_by_agreement = true where slug = 'gamma-partner'`;
		const slotId = await slot(partner, 'gamma-partner', '13:00', true);
		const booked = await phoneBook(sql, partner, { slotId, ageBand: '25plus' });
		expect(booked.ok).toBe(true);
		expect((await calendar(sql, partner, { from, to })).map((s) => s.id)).toEqual([slotId]);
		expect(await slotFor(sql, partner, clarifyingSlot)).toBeNull();
		expect(await courseFor(sql, partner, codeId)).toBeNull();
		// alfa's coordinator sees the referral of alfa's own citizen at the partner.
		expect(await slotFor(sql, alfaCoordinator, slotId)).not.toBeNull();
	});

	it('staff see an alias and never a code', async () => {
		const s = await slotFor(sql, alfaCounsellor, clarifyingSlot);
		expect(s!.bookings[0]!.alias).toMatch(/^\p{L}+-\d{5}$/u);
		expect(JSON.stringify(s)).not.toMatch(/selector|secret/i);
	});
});

describe('recording a course', () => {
	it('records attendance from the session day on, then the §101a decision, which is not changed afterwards', async () => {
		expect(await recordDecision(sql, alfaCounsellor, codeId, 'granted')).toEqual({
			ok: false,
			reason: 'clarifying_not_attended'
		});
		expect(
			await setAttendance(sql, alfaCounsellor, clarifyingSlot, bookingId, 'attended', new Date('2030-03-03T12:00:00Z'))
		).toEqual({ ok: false, reason: 'too_early' });
		expect(
			await setAttendance(
				sql,
				alfaCounsellor,
				clarifyingSlot,
				bookingId,
				'attended',
				new Date('2030-03-04T10:50:00+01:00')
			)
		).toEqual({ ok: true });
		expect(await recordDecision(sql, alfaCounsellor, codeId, 'granted')).toEqual({ ok: true });
		expect(await recordDecision(sql, alfaCounsellor, codeId, 'not_granted')).toEqual({ ok: false, reason: 'already' });
		const course = await courseFor(sql, alfaCounsellor, codeId);
		expect(course!.decision).toBe('granted');
		expect(course!.next).toEqual({ ok: true, phase: 'course' });
		const actions = (await auditOfMunicipality(sql, 'alfa'))
			.filter((r) => r.alias === course!.alias)
			.map((r) => r.action);
		expect(actions).toEqual(expect.arrayContaining(['attendance', 'decision']));
		// The phone booking is audited without the alias (finding 10: it would join with the call log).
		expect(actions).not.toContain('phone_booking');
	});

	it("records parents' consent only for an under-18 on an offer with a youth gate", async () => {
		const youthSlot = await createSlots(sql, alfaCounsellor, {
			offerSlug: 'alfa-youth',
			placeSlug: 'alfa-center',
			phase: 'conversation',
			counsellorId: null,
			day,
			from: '09:00',
			to: '09:45',
			seats: 1,
			outsideHours: false,
			weeks: 1,
			blockMinutes: null
		});
		if (!youthSlot.ok) throw new Error(youthSlot.reason);
		const young = await phoneBook(sql, alfaCounsellor, { slotId: youthSlot.slotIds[0]!, ageBand: 'under18' });
		if (!young.ok) throw new Error(young.reason);
		expect(await recordParentalConsent(sql, alfaCounsellor, codeId)).toEqual({ ok: false, reason: 'not_applicable' });
		expect(await recordParentalConsent(sql, alfaCounsellor, young.codeId)).toEqual({ ok: true });
		expect((await courseFor(sql, alfaCounsellor, young.codeId))!.used[0]!.left).toBe(4);
	});

	it('a disabled colleague loses their sessions and a coordinator manages only their own municipality', async () => {
		await updateStaff(sql, alfaCoordinator, alfaCounsellor.id, {
			places: ['alfa-center'],
			totpRequired: true,
			disabled: true
		});
		expect((await staffById(sql, alfaCounsellor.id))!.disabled).toBe(true);
		expect(await colleagueFor(sql, alfaCoordinator, alfaCounsellor.id)).not.toBeNull();
		expect(await colleagueFor(sql, alfaCounsellor, alfaCoordinator.id)).toBeNull();
	});
});
