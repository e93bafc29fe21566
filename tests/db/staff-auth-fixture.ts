import type { Sql } from '$lib/server/platform/db';
import { logIn, validateStaffSession, type SignedInStaff } from '$lib/server/auth/staff-auth';
import { databaseForFile } from './fresh';
import { PASSWORD, seedStaffTest } from './staff-fixtures';

/**
 * What every staff sign-in test file sets up (tests/db/trust-staff-*.test.ts): a database of its own with the staff
 * test municipalities (staff-fixtures.ts), dropped when the file is done, and sign-in helpers bound to it. Call it
 * once at the top of the file: `const { sql, signIn } = await staffAuthDatabase();`.
 */
export async function staffAuthDatabase() {
	const db = await databaseForFile();
	const sql: Sql = db.sql;
	await seedStaffTest(sql);
	return {
		sql,
		url: db.url,
		/** The staff member a session token belongs to, or null (as the hook's session handle asks). */
		staffOfToken: (token: string): Promise<SignedInStaff | null> => validateStaffSession(sql, token),
		/** The same, for a token the test has just been given: throws when it is not valid. */
		async signedIn(token: string): Promise<SignedInStaff> {
			const staff = await validateStaffSession(sql, token);
			if (!staff) throw new Error('the session is not valid');
			return staff;
		},
		/** A full sign-in with the password step only; throws when refused, so a test never goes on signed out. */
		async signIn(
			username: string,
			{ password = PASSWORD, client = 'office' }: { password?: string; client?: string } = {}
		): Promise<string> {
			const result = await logIn(sql, { username, password, client });
			if (!result.ok) throw new Error(result.reason);
			return result.token;
		}
	};
}

/** The TOTP time step (RFC 6238, 30 seconds) an instant falls in. */
export const totpStep = (at: Date) => BigInt(Math.floor(at.getTime() / 30_000));
