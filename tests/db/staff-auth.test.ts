import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { generateHOTP } from '@oslojs/otp';
import { freshDatabase } from './fresh';
import type { Sql } from '$lib/server/platform/db';
import {
	validateStaffSession,
	enableTotp,
	logIn,
	newTotpKey,
	staffGate,
	verifyTotp,
	type SignedInStaff
} from '$lib/server/auth/staff-auth';
import { newStaff, PASSWORD, seedStaffTest } from './staff-fixtures';

let db: Awaited<ReturnType<typeof freshDatabase>>;
let sql: Sql;

beforeAll(async () => {
	db = await freshDatabase();
	sql = db.sql;
	await seedStaffTest(sql);
});
afterAll(() => db.drop());

async function signedIn(username: string): Promise<SignedInStaff> {
	const result = await logIn(sql, { username, password: PASSWORD });
	if (!result.ok) throw new Error(result.reason);
	return (await validateStaffSession(sql, result.token))!;
}

describe('staff sign-in', () => {
	it('signs in with the right password, case-insensitively by username, and refuses a wrong one', async () => {
		await newStaff(sql, 'anne', 'counsellor', 'alfa', ['alfa-center']);
		expect((await logIn(sql, { username: 'Anne', password: PASSWORD })).ok).toBe(true);
		expect(await logIn(sql, { username: 'anne', password: 'wrong' })).toEqual({ ok: false, reason: 'invalid' });
		expect(await logIn(sql, { username: 'nobody', password: PASSWORD })).toEqual({ ok: false, reason: 'invalid' });
	});

	it('throttles an account after repeated wrong passwords, and the real user gets in again within minutes (issue 4)', async () => {
		await newStaff(sql, 'bo', 'counsellor', 'alfa', ['alfa-center']);
		const reasons = [];
		for (let i = 0; i < 8; i++)
			reasons.push(((await logIn(sql, { username: 'bo', password: `guess-${i}` })) as { reason: string }).reason);
		expect(reasons.slice(0, 5)).toEqual(Array(5).fill('invalid'));
		expect(reasons.slice(5)).toEqual(Array(3).fill('throttled'));
		// While the bucket is empty even the right password waits: the guesser learns nothing.
		expect(await logIn(sql, { username: 'bo', password: PASSWORD })).toEqual({ ok: false, reason: 'throttled' });
		// Two minutes later (the bucket refills one try a minute) the real user signs in.
		await sql`update portal.rate_limit set full_at = full_at - interval '2 minutes'`;
		expect((await logIn(sql, { username: 'bo', password: PASSWORD })).ok).toBe(true);
	});

	it('issue 4: only failures count — a user who signs in many times in a row is never throttled', async () => {
		await newStaff(sql, 'eli', 'counsellor', 'alfa', ['alfa-center']);
		for (let i = 0; i < 12; i++)
			expect((await logIn(sql, { username: 'eli', password: PASSWORD, client: 'office' })).ok).toBe(true);
	});

	it('issue 4: a guesser at one client does not lock the real user out at another', async () => {
		await newStaff(sql, 'cai', 'counsellor', 'alfa', ['alfa-center']);
		for (let i = 0; i < 20; i++) await logIn(sql, { username: 'cai', password: `guess-${i}`, client: 'guesser' });
		expect(await logIn(sql, { username: 'cai', password: PASSWORD, client: 'guesser' })).toEqual({
			ok: false,
			reason: 'throttled'
		});
		expect((await logIn(sql, { username: 'cai', password: PASSWORD, client: 'office' })).ok).toBe(true);
	});

	it('issue 4: guesses spread over many clients still get few tries at one account', async () => {
		await newStaff(sql, 'dea', 'counsellor', 'alfa', ['alfa-center']);
		const results = [];
		for (let i = 0; i < 120; i++)
			results.push(await logIn(sql, { username: 'dea', password: `guess-${i}`, client: `client-${i}` }));
		const checked = results.filter((r) => !r.ok && r.reason === 'invalid').length;
		expect(checked).toBeLessThanOrEqual(51);
		expect(results.some((r) => r.ok)).toBe(false);
	});

	it('audits failed attempts under the account, never with the password; throttled ones write nothing (issue 9)', async () => {
		const rows = await sql<{ action: string; alias: string | null; detail: unknown }[]>`
			select a.action, a.alias, a.detail from portal.audit a join portal.staff s on s.id = a.staff_id where s.username = 'bo'`;
		expect(rows.map((r) => r.action)).toEqual(expect.arrayContaining(['login_failed', 'login']));
		expect(rows.filter((r) => r.action === 'login_failed')).toHaveLength(5);
		expect(rows.map((r) => r.action)).not.toContain('login_throttled');
		expect(JSON.stringify(rows)).not.toMatch(/guess-|correct horse/);
	});

	it('refuses a disabled account with the same answer as a wrong password', async () => {
		const s = await newStaff(sql, 'cille', 'counsellor', 'alfa', ['alfa-center']);
		await sql`update portal.staff set disabled_at = now() where id = ${s.id}`;
		expect(await logIn(sql, { username: 'cille', password: PASSWORD })).toEqual({ ok: false, reason: 'invalid' });
	});
});

describe('TOTP (RFC 6238)', () => {
	it('is enabled only with a code from the key, stored encrypted, and each code works once', async () => {
		await newStaff(sql, 'dorte', 'coordinator', 'alfa');
		const me = await signedIn('dorte');
		const key = newTotpKey();
		const now = new Date('2030-01-01T10:00:00Z');
		const step = BigInt(Math.floor(now.getTime() / 30_000));
		expect(await enableTotp(sql, me, key, generateHOTP(newTotpKey(), step, 6), { now })).toEqual({
			ok: false,
			reason: 'invalid'
		});
		expect(await enableTotp(sql, me, key, generateHOTP(key, step, 6), { now })).toMatchObject({ ok: true });
		const [row] = await sql<{ totpKey: Uint8Array }[]>`select totp_key from portal.staff where id = ${me.id}`;
		expect(Buffer.from(row!.totpKey).includes(Buffer.from(key))).toBe(false);

		// A new sign-in needs the second factor; the code used at set-up cannot be replayed.
		const again = await signedIn('dorte');
		expect(again.twoFactorVerified).toBe(false);
		expect(staffGate('/staff/calendar', '/staff/calendar', again)).toBe('/staff/totp');
		expect(await verifyTotp(sql, again, generateHOTP(key, step, 6), { now })).toEqual({ ok: false, reason: 'invalid' });
		const later = new Date(now.getTime() + 30_000);
		const verified = await verifyTotp(sql, again, generateHOTP(key, step + 1n, 6), { now: later });
		expect(verified).toMatchObject({ ok: true });
		expect(await verifyTotp(sql, again, generateHOTP(key, step + 1n, 6), { now: later })).toEqual({
			ok: false,
			reason: 'invalid'
		});
		expect(
			staffGate(
				'/staff/calendar',
				'/staff/calendar',
				(await validateStaffSession(sql, verified.ok ? verified.token : ''))!
			)
		).toBeNull();
	});

	it('sends a staff member whose coordinator requires TOTP to set it up before anything else', async () => {
		const s = await newStaff(sql, 'erik', 'counsellor', 'alfa', ['alfa-center']);
		await sql`update portal.staff set totp_required = true where id = ${s.id}`;
		const me = await signedIn('erik');
		expect(staffGate('/staff/calendar', '/staff/calendar', me)).toBe('/staff/totp/setup');
		expect(staffGate('/staff/totp/setup', '/staff/totp/setup', me)).toBeNull();
		expect(staffGate('/staff/login', '/staff/login', null)).toBeNull();
		expect(staffGate('/staff/phone', '/staff/phone', null)).toBe('/staff/login');
		expect(staffGate('/(citizen)/tilbud/[offer]', '/tilbud/x', null)).toBeNull();
	});

	it('issue 9: the gate goes by the route SvelteKit matched, or the decoded path when none matched', async () => {
		const me = await signedIn('erik');
		// `/%73taff/calendar` is routed to /staff/calendar: the route id, not the raw path, decides.
		expect(staffGate('/staff/calendar', '/%73taff/calendar', me)).toBe('/staff/totp/setup');
		expect(staffGate('/staff/team', '/%73taff/team', null)).toBe('/staff/login');
		// No route matched (a 404): any spelling of /staff still waits for the sign-in steps.
		for (const raw of ['/%73taff/nothing', '//staff/nothing', '/STAFF/calendar', '/%2Fstaff/x', '/staff%2Fcalendar']) {
			expect(staffGate(null, raw, me), raw).toBe('/staff/totp/setup');
			expect(staffGate(null, raw, null), raw).toBe('/staff/login');
		}
		expect(staffGate(null, '/%zz', null)).toBeNull();
		expect(staffGate(null, '/tilbud/staff', null)).toBeNull();
	});
});
