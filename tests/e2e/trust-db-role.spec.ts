import { test, expect } from './fixtures';
import postgres from 'postgres';

/**
 * Issue 9, finding 7, seen from the running portal: while it serves pages, every database connection the portal
 * process holds is the application role (anon_booking_app, or a login that is a member of it on an operator's
 * server): no superuser, no owner of the schemas, not the owner that migrated at start.
 * The tests' own connections (PORTAL_DATABASE_URL, the owner's login) say application_name=anon-booking-tests.
 */
test('attack: the running portal talks to PostgreSQL as the superuser', async ({ request }) => {
	test.skip(
		!!process.env.DATABASE_URL && !process.env.APP_DATABASE_URL,
		'DATABASE_URL without APP_DATABASE_URL: the portal serves as DATABASE_URL’s role'
	);
	// Pages that read both schemas, so the portal's pool has connections open.
	for (const path of ['/', '/kode', '/staff/login']) expect((await request.get(path)).status()).toBeLessThan(500);
	const sql = postgres(process.env.PORTAL_DATABASE_URL!, { max: 1, onnotice: () => {} });
	try {
		const backends = await sql<{ usename: string; super: boolean; owns: boolean; app: boolean }[]>`
			select distinct a.usename, r.rolsuper as super,
				exists (select 1 from pg_namespace n where n.nspowner = r.oid and n.nspname in ('portal', 'anon', 'public')) as owns,
				coalesce(pg_has_role(r.oid, 'anon_booking_app', 'member'), false) as app
			from pg_stat_activity a join pg_roles r on r.oid = a.usesysid
			where a.datname = current_database() and a.backend_type = 'client backend' and a.pid <> pg_backend_pid()
				and a.application_name <> 'anon-booking-tests'`;
		expect(backends.length, 'the portal holds database connections').toBeGreaterThan(0);
		const describe = (b: (typeof backends)[number]) =>
			`${b.usename}${b.super ? ' (superuser)' : ''}${b.owns ? ' (owner)' : ''}${b.app ? '' : ' (not the app role)'}`;
		const expected = process.env.DATABASE_URL ? backends.map((b) => b.usename) : ['anon_booking_app'];
		expect(backends.map(describe)).toEqual(expected);
	} finally {
		await sql.end({ timeout: 5 });
	}
});
