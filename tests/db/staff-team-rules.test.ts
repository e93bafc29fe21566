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
				places: ['alfa-center', 'gamma-partner'],
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
});
