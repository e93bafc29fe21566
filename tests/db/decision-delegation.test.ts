import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { freshDatabase } from './fresh';
import type { Sql } from '$lib/server/platform/db';
import type { Staff } from '$lib/server/staff/staff';
import { createSlots } from '$lib/server/booking/staff-slots';
import { courseFor, phoneBook, recordDecision, setAttendance } from '$lib/server/staff/staff-course';
import { settingsOverview, updateDelegation } from '$lib/server/catalogue/settings';
import { offerBySlug } from '$lib/server/catalogue/catalogue';
import { newStaff, seedStaffTest } from './staff-fixtures';

/**
 * SEL §101a stk. 4 and 5 (text in 002): the municipality decides on treatment after the clarifying conversation,
 * unless it "kan beslutte, at de leverandører af tilbud, der er indgået aftale med … skal … træffe afgørelse".
 * Here gamma runs gamma-partner for alfa's §101a offer, as Ballerup runs Brydehuset for Gladsaxe (001).
 */

let db: Awaited<ReturnType<typeof freshDatabase>>;
let sql: Sql;
let alfaCoordinator: Staff;
let betaCoordinator: Staff;
let partner: Staff;
const day = '2030-03-04'; // a Monday
let nextHour = 9;

/** A code whose clarifying conversation at the partner's place was attended. */
async function clarifiedAtPartner(): Promise<string> {
	const from = `${String(nextHour).padStart(2, '0')}:00` as `${number}:${number}`;
	const to = `${String(nextHour).padStart(2, '0')}:45` as `${number}:${number}`;
	nextHour++;
	const r = await createSlots(sql, partner, {
		offerSlug: 'alfa-101a',
		placeSlug: 'gamma-partner',
		phase: 'clarifying',
		counsellorId: null,
		day,
		from,
		to,
		seats: 1,
		outsideHours: true,
		weeks: 1,
		blockMinutes: null
	});
	if (!r.ok) throw new Error(r.reason);
	const booked = await phoneBook(sql, partner, { slotId: r.slotIds[0]!, ageBand: '25plus' });
	if (!booked.ok) throw new Error(booked.reason);
	const [booking] = await sql<{ id: string }[]>`select id from anon.booking where code_id = ${booked.codeId}`;
	expect(
		await setAttendance(sql, partner, r.slotIds[0]!, booking!.id, 'attended', new Date('2030-03-04T20:00:00Z'))
	).toEqual({ ok: true });
	return booked.codeId;
}

const decisionOf = async (codeId: string) =>
	(await sql<{ decision: string }[]>`select decision from anon.code where id = ${codeId}`)[0]!.decision;

beforeAll(async () => {
	db = await freshDatabase();
	sql = db.sql;
	await seedStaffTest(sql);
	await sql`update portal.place set outside_hours_by_agreement = true where slug = 'gamma-partner'`;
	alfaCoordinator = await newStaff(sql, 'alfa.koordinator', 'coordinator', 'alfa');
	betaCoordinator = await newStaff(sql, 'beta.koordinator', 'coordinator', 'beta');
	partner = await newStaff(sql, 'gamma.partner', 'partner', 'gamma', ['gamma-partner']);
});
afterAll(() => db.drop());

describe('SEL §101a stk. 5: "decision delegated to this provider" is a per-provider setting, default off (002)', () => {
	it("SEL §101a stk. 4: without the delegation, a partner's staff cannot record the decision; the municipality's coordinator can", async () => {
		const codeId = await clarifiedAtPartner();
		expect((await courseFor(sql, partner, codeId))!.mayDecide).toBe(false);
		expect(await recordDecision(sql, partner, codeId, 'granted')).toEqual({ ok: false, reason: 'not_delegated' });
		expect(await decisionOf(codeId)).toBe('none');
		expect((await courseFor(sql, alfaCoordinator, codeId))!.mayDecide).toBe(true);
		expect(await recordDecision(sql, alfaCoordinator, codeId, 'granted')).toEqual({ ok: true });
	});

	it('the default is off: the shipped Brydehuset (001 names no delegation) and every provider of the test offer', async () => {
		const offer = (await offerBySlug(sql, 'alfa-101a'))!;
		expect(offer.providers.map((p) => p.decisionDelegated ?? false)).toEqual([false, false]);
		const [row] = await sql<
			{ n: number }[]
		>`select count(*)::int as n from portal.offer_provider where decision_delegated`;
		expect(row!.n).toBe(0);
	});

	it("SEL §101a stk. 5: the coordinator sees and sets the delegation; then the partner's staff may decide", async () => {
		const before = await settingsOverview(sql, 'alfa');
		expect(
			before.offers.find((o) => o.slug === 'alfa-101a')!.providers.map((p) => [p.place, p.partner, p.decisionDelegated])
		).toEqual([
			['alfa-center', false, false],
			['gamma-partner', true, false]
		]);
		expect(
			await updateDelegation(
				sql,
				{ id: alfaCoordinator.id, municipalitySlug: 'alfa' },
				'alfa-101a',
				'gamma-partner',
				true
			)
		).toEqual({ ok: true });
		const after = await settingsOverview(sql, 'alfa');
		expect(
			after.offers.find((o) => o.slug === 'alfa-101a')!.providers.find((p) => p.place === 'gamma-partner')!
				.decisionDelegated
		).toBe(true);
		const codeId = await clarifiedAtPartner();
		expect((await courseFor(sql, partner, codeId))!.mayDecide).toBe(true);
		expect(await recordDecision(sql, partner, codeId, 'not_granted')).toEqual({ ok: true });
		expect(await decisionOf(codeId)).toBe('not_granted');
	});

	it('withdrawn again, the partner is refused once more; another municipality cannot set it; a non-§101a offer cannot delegate', async () => {
		expect(
			await updateDelegation(
				sql,
				{ id: alfaCoordinator.id, municipalitySlug: 'alfa' },
				'alfa-101a',
				'gamma-partner',
				false
			)
		).toEqual({ ok: true });
		const codeId = await clarifiedAtPartner();
		expect(await recordDecision(sql, partner, codeId, 'granted')).toEqual({ ok: false, reason: 'not_delegated' });
		expect(
			await updateDelegation(
				sql,
				{ id: betaCoordinator.id, municipalitySlug: 'beta' },
				'alfa-101a',
				'gamma-partner',
				true
			)
		).toEqual({ ok: false, reason: 'not_found' });
		const counselling = await updateDelegation(
			sql,
			{ id: betaCoordinator.id, municipalitySlug: 'beta' },
			'beta-counselling',
			'beta-center',
			true
		);
		expect(counselling).toMatchObject({
			ok: false,
			reason: 'invalid',
			problems: [expect.objectContaining({ kind: 'field' })]
		});
		expect(
			(await offerBySlug(sql, 'alfa-101a'))!.providers.find((p) => p.place === 'gamma-partner')!.decisionDelegated
		).toBe(false);
	});
});
