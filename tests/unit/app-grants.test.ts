import { describe, it, expect } from 'vitest';
import { appGrants } from '$lib/server/platform/migrate';

/**
 * The roles' rights are written once, in migrations/050_roles.sql; the migration runner grants them again from
 * that file after every run (issue 10). The list below is what the runner granted before it read them from there.
 */
describe('the roles’ rights are granted from one place', () => {
	it('the runner re-grants exactly 050’s rights, and keeps the audit trail append-only (047)', () => {
		expect(appGrants().split('\n')).toEqual([
			'grant usage on schema portal to anon_booking_app;',
			'grant select, insert, update, delete on all tables in schema portal to anon_booking_app;',
			'grant usage, select on all sequences in schema portal to anon_booking_app;',
			'grant execute on all functions in schema portal to anon_booking_app;',
			'grant usage on schema anon to anon_booking_anon;',
			'grant select, insert, update, delete on all tables in schema anon to anon_booking_anon;',
			'grant usage, select on all sequences in schema anon to anon_booking_anon;',
			'grant execute on all functions in schema anon to anon_booking_anon;',
			'revoke delete, truncate on portal.audit from anon_booking_app;'
		]);
	});
});
