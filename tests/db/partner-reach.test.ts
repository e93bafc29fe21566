import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { freshDatabase } from './fresh';
import type { Sql } from '$lib/server/platform/db';
import { offersAtPlacesOf, type Staff } from '$lib/server/staff/staff';
import { seedConfiguration } from '$lib/server/catalogue/seed';
import { calendar, slotFor } from '$lib/server/staff/calendar';
import { createSlots } from '$lib/server/booking/staff-slots';
import { courseFor, phoneBook } from '$lib/server/staff/staff-course';
import { mayOpenThread, threadForStaff, threadsFor, writeAsPerson, writeAsStaff } from '$lib/server/booking/messages';
import { partnerReport } from '$lib/server/operations/partner-report';
import { newStaff, staffTestConfigs } from './staff-fixtures';
import { testOffer } from './fixtures';
import { book, code, slotAt } from './operations-helpers';

/**
 * A partner place serves several municipalities (SEL §101a stk. 2: Brydehuset, run by Ballerup, serves Gladsaxe,
 * 001). Here gamma runs gamma-partner, which provides both alfa's and beta's offers. alfa's coordinator may create a
 * partner account there (and chooses its first password), so what that account reaches must be alfa's only.
 */

let db: Awaited<ReturnType<typeof freshDatabase>>;
let sql: Sql;
let alfaPartner: Staff;
let gammaPartner: Staff;
let alfaSlot: string;
let betaSlot: string;
let alfaCode: string;
let betaCode: string;
const day = '2030-03-04'; // a Monday
const from = new Date('2030-03-01T00:00:00Z');
const to = new Date('2030-03-10T00:00:00Z');

async function slot(staff: Staff, offerSlug: string, fromWall: `${number}:${number}`) {
	return createSlots(sql, staff, {
		offerSlug,
		placeSlug: 'gamma-partner',
		phase: offerSlug === 'alfa-101a' ? 'clarifying' : 'conversation',
		counsellorId: null,
		day,
		from: fromWall,
		to: `${Number(fromWall.slice(0, 2))}:45` as `${number}:${number}`,
		seats: 1,
		outsideHours: true,
		weeks: 1,
		blockMinutes: null
	});
}

async function bookedCode(slotId: string): Promise<string> {
	const r = await phoneBook(sql, gammaPartner, { slotId, ageBand: '25plus' });
	if (!r.ok) throw new Error(r.reason);
	const written = await writeAsPerson(sql, r.codeId, 'Kan jeg komme lidt senere?');
	if (!written.ok) throw new Error(written.reason);
	return r.codeId;
}

beforeAll(async () => {
	db = await freshDatabase();
	sql = db.sql;
	const configs = staffTestConfigs();
	configs[1]!.offers[0]!.providers.push({ place: 'gamma-partner', hours: { known: false } });
	configs[2]!.places[0]!.outsideHoursByAgreement = true;
	configs[1]!.offers.push(
		testOffer({
			slug: 'beta-101a',
			municipality: 'beta',
			law: 'SEL §101a',
			providers: [{ place: 'gamma-partner', hours: { known: false } }]
		})
	);
	await seedConfiguration(sql, configs);
	// alfa's coordinator may give alfa's partner place to a partner account (staff.ts placesFitRole).
	alfaPartner = await newStaff(sql, 'alfa.partner', 'partner', 'alfa', ['gamma-partner']);
	// The place's own municipality's staff, as the demo brydehuset.partner is Ballerup's.
	gammaPartner = await newStaff(sql, 'gamma.partner', 'partner', 'gamma', ['gamma-partner']);
	const a = await slot(gammaPartner, 'alfa-101a', '10:00');
	const b = await slot(gammaPartner, 'beta-counselling', '11:00');
	if (!a.ok || !b.ok) throw new Error('slots not created');
	alfaSlot = a.slotIds[0]!;
	betaSlot = b.slotIds[0]!;
	alfaCode = await bookedCode(alfaSlot);
	betaCode = await bookedCode(betaSlot);
});
afterAll(() => db.drop());

describe('SEL §101a stk. 2 tenancy at a shared partner place (security review F3)', () => {
	it("a partner account reaches an offer at its place only when the offer or the place is its own municipality's: alfa's account sees only alfa's offers, slots, bookings, threads and report lines at gamma's place; gamma's own account sees both", async () => {
		const pairs = async (s: Staff) => (await offersAtPlacesOf(sql, s)).map((o) => `${o.offerSlug}@${o.placeSlug}`);
		expect(await pairs(alfaPartner)).toEqual(['alfa-101a@gamma-partner']);
		expect((await pairs(gammaPartner)).sort()).toEqual([
			'alfa-101a@gamma-partner',
			'beta-101a@gamma-partner',
			'beta-counselling@gamma-partner'
		]);

		// Slots and the calendar.
		expect((await calendar(sql, alfaPartner, { from, to })).map((s) => s.id)).toEqual([alfaSlot]);
		expect((await calendar(sql, gammaPartner, { from, to })).map((s) => s.id).sort()).toEqual(
			[alfaSlot, betaSlot].sort()
		);
		expect(await slotFor(sql, alfaPartner, betaSlot)).toBeNull();
		expect(await slotFor(sql, alfaPartner, alfaSlot)).not.toBeNull();
		expect(await slot(alfaPartner, 'beta-counselling', '12:00')).toEqual({ ok: false, reason: 'not_found' });
		expect(await phoneBook(sql, alfaPartner, { slotId: betaSlot, ageBand: '25plus' })).toEqual({
			ok: false,
			reason: 'not_found'
		});

		// The people booked there (courses) and their message threads.
		expect(await courseFor(sql, alfaPartner, betaCode)).toBeNull();
		expect(await courseFor(sql, alfaPartner, alfaCode)).not.toBeNull();
		expect((await threadsFor(sql, alfaPartner)).map((t) => t.codeId)).toEqual([alfaCode]);
		expect(await mayOpenThread(sql, alfaPartner, betaCode)).toBe(false);
		expect(await threadForStaff(sql, alfaPartner, betaCode)).toBeNull();
		expect(await writeAsStaff(sql, alfaPartner, betaCode, 'Ja, det går fint.')).toEqual({
			ok: false,
			reason: 'not_found'
		});
		expect((await threadsFor(sql, gammaPartner)).map((t) => t.codeId).sort()).toEqual([alfaCode, betaCode].sort());
		expect(await mayOpenThread(sql, gammaPartner, betaCode)).toBe(true);

		// The monthly partner report: sessions per referring municipality.
		const at = new Date('2030-04-01T09:00:00Z');
		for (const [offer, phase] of [
			['alfa-101a', 'clarifying'],
			['beta-counselling', 'conversation']
		]) {
			const c = await code(sql, offer!, `R-${offer}`, at);
			await book(sql, c.id, await slotAt(sql, offer!, 'gamma-partner', at, 1, phase), 'attended', phase);
		}
		const lines = async (s: Staff) =>
			(await partnerReport(sql, s, '2030-04')).flatMap((p) => p.lines.map((l) => l.municipalitySlug));
		expect(await lines(alfaPartner)).toEqual(['alfa']);
		expect(await lines(gammaPartner)).toEqual(['alfa', 'beta']);
	});
});
