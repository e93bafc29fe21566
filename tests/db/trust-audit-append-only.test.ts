import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import postgres from 'postgres';
import { freshDatabase } from './fresh';
import { seedStaffTest, newStaff } from './staff-fixtures';

/**
 * The outside review's second look at issue 9: the application role could UPDATE and DELETE portal.audit, so
 * whoever held the app's login could erase the record of a password or TOTP reset. The trail is now append-only
 * for the application; the only change allowed is forgetting (a deleted code's alias, a deleted staff id).
 */

let db: Awaited<ReturnType<typeof freshDatabase>>;
let app: postgres.Sql;

beforeAll(async () => {
	db = await freshDatabase();
	await seedStaffTest(db.sql);
	const coordinator = await newStaff(db.sql, 'alfa.koordinator', 'coordinator', 'alfa');
	await db.sql`insert into portal.audit (staff_id, municipality_slug, action, detail) values (${coordinator.id}, 'alfa', 'password_reset', ${db.sql.json({ staff: 'x' })})`;
	await db.sql`insert into portal.audit (staff_id, municipality_slug, action, alias, detail) values (${coordinator.id}, 'alfa', 'attendance', 'Ræv-12345', ${db.sql.json({ booking: 'b1', status: 'attended' })})`;
	app = postgres(db.appUrl ?? db.url, { max: 1, idle_timeout: 0, onnotice: () => {} });
	if (!db.appUrl) await app`set role anon_booking_app`;
});
afterAll(async () => {
	await app.end();
	await db.drop();
});

describe('the audit trail is append-only for the application', () => {
	it("attack: the application's login erases the audit row of a password reset", async () => {
		await expect(app`delete from portal.audit where action = 'password_reset'`).rejects.toMatchObject({
			code: '42501'
		});
		await expect(app`truncate portal.audit`).rejects.toMatchObject({ code: '42501' });
		const [left] = await db.sql<
			{ n: number }[]
		>`select count(*)::int as n from portal.audit where action = 'password_reset'`;
		expect(left!.n).toBe(1);
	});

	it("attack: the application's login rewrites an audit row (who did it, what, when)", async () => {
		for (const change of [
			app`update portal.audit set action = 'login' where action = 'password_reset'`,
			app`update portal.audit set staff_id = gen_random_uuid() where action = 'password_reset'`,
			app`update portal.audit set at = at - interval '1 day' where action = 'password_reset'`,
			app`update portal.audit set alias = 'Ugle-10000' where action = 'attendance'`,
			app`update portal.audit set detail = '{"staff":"y"}' where action = 'password_reset'`
		]) {
			await expect(change).rejects.toMatchObject({ constraint_name: 'audit_append_only' });
		}
	});

	it('the daily job may still forget a deleted code: the alias and booking ids go, the rest stays', async () => {
		await app`update portal.audit set alias = null, detail = detail - 'booking' where action = 'attendance'`;
		const [row] = await db.sql<
			{ alias: string | null; detail: Record<string, unknown> }[]
		>`select alias, detail from portal.audit where action = 'attendance'`;
		expect(row).toEqual({ alias: null, detail: { status: 'attended' } });
	});
});
