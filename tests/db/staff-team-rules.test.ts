import { describe, it, expect, beforeAll } from 'vitest';
import { createStaff, staffById, updateStaff, type Staff } from '$lib/server/staff/staff';
import { newStaff } from './staff-fixtures';
import { staffAuthDatabase } from './staff-auth-fixture';

/**
 * The team rules live in staff.ts, not in the route (issue 10, point 8): whatever a form sends, a coordinator
 * never disables their own account, and assigns only places of their own municipality.
 */

const { sql } = await staffAuthDatabase();
let coordinator: Staff;
let counsellor: Staff;

beforeAll(async () => {
	coordinator = await newStaff(sql, 'alfa.koordinator', 'coordinator', 'alfa');
	counsellor = await newStaff(sql, 'alfa.raadgiver', 'counsellor', 'alfa', ['alfa-center']);
});

describe('team rules', () => {
	it('nobody locks themselves out: a coordinator who ticks "disabled" on their own account stays enabled', async () => {
		expect(
			await updateStaff(sql, coordinator, coordinator.id, { places: [], totpRequired: true, disabled: true })
		).toEqual({ ok: true });
		const self = (await staffById(sql, coordinator.id))!;
		expect(self.disabled).toBe(false);
		expect(self.totpRequired).toBe(true);
	});

	it('a coordinator still disables a colleague', async () => {
		expect(
			await updateStaff(sql, coordinator, counsellor.id, {
				places: ['alfa-center'],
				totpRequired: false,
				disabled: true
			})
		).toEqual({ ok: true });
		expect((await staffById(sql, counsellor.id))!.disabled).toBe(true);
	});

	it("tenancy: another municipality's place is not the coordinator's to assign, on an edit or a new account", async () => {
		const before = await sql`select place_slug from portal.staff_place where staff_id = ${counsellor.id}`;
		expect(
			await updateStaff(sql, coordinator, counsellor.id, {
				places: ['alfa-center', 'beta-center'],
				totpRequired: false,
				disabled: false
			})
		).toEqual({
			ok: false,
			reason: 'foreign_place'
		});
		expect(await sql`select place_slug from portal.staff_place where staff_id = ${counsellor.id}`).toEqual(before);
		const created = await createStaff(
			sql,
			{
				username: 'alfa.ny',
				displayName: 'Ny',
				password: 'a long enough password',
				role: 'counsellor',
				municipalitySlug: 'alfa',
				places: ['beta-center'],
				totpRequired: false
			},
			coordinator
		);
		expect(created).toEqual({ ok: false, reason: 'foreign_place' });
		expect(await sql`select 1 from portal.staff where username = 'alfa.ny'`).toHaveLength(0);
	});

	const partnerInput = (username: string, role: Staff['role'], places: string[]) => ({
		username,
		displayName: username,
		password: 'a long enough password',
		role,
		municipalitySlug: 'alfa',
		places,
		totpRequired: true
	});

	it("SEL §101a stk. 2: a coordinator creates a partner's staff at their partner place (Brydehuset for Gladsaxe, 001), audited", async () => {
		const created = await createStaff(
			sql,
			partnerInput('gamma.medarbejder', 'partner', ['gamma-partner']),
			coordinator
		);
		expect(created.ok).toBe(true);
		const partner = (await staffById(sql, (created as { id: string }).id))!;
		expect(partner).toMatchObject({ role: 'partner', places: ['gamma-partner'], municipalitySlug: 'alfa' });
		expect(partner.mustChangePassword).toBe(true);
		const [row] = await sql`select action from portal.audit where detail->>'staff' = ${partner.id}`;
		expect(row?.action).toBe('staff_created');
	});

	it("SEL §101a stk. 2 and 4: a partner place is not given a counsellor's or coordinator's rights, nor a place without an agreement to a partner", async () => {
		for (const role of ['counsellor', 'coordinator'] as const)
			expect(await createStaff(sql, partnerInput(`gamma.${role}`, role, ['gamma-partner']), coordinator)).toEqual({
				ok: false,
				reason: 'place_role'
			});
		expect(await createStaff(sql, partnerInput('gamma.ingen', 'partner', []), coordinator)).toEqual({
			ok: false,
			reason: 'place_role'
		});
		// Beta has no agreement with gamma-partner: for beta's coordinator it is another municipality's place.
		const beta = await newStaff(sql, 'beta.koordinator', 'coordinator', 'beta');
		expect(
			await createStaff(
				sql,
				{ ...partnerInput('beta.gamma', 'partner', ['gamma-partner']), municipalitySlug: 'beta' },
				beta
			)
		).toEqual({ ok: false, reason: 'foreign_place' });
		expect(await sql`select 1 from portal.staff where username like 'gamma.%' and role <> 'partner'`).toHaveLength(0);
		expect(await sql`select 1 from portal.staff where username in ('gamma.ingen', 'beta.gamma')`).toHaveLength(0);
		// Nor on an edit: the counsellor cannot be moved to the partner place.
		expect(
			await updateStaff(sql, coordinator, counsellor.id, {
				places: ['gamma-partner'],
				totpRequired: false,
				disabled: false
			})
		).toEqual({ ok: false, reason: 'place_role' });
	});
});
