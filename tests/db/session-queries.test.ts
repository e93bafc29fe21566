import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import postgres from 'postgres';
import { freshDatabase } from './fresh';
import type { Sql } from '$lib/server/platform/db';
import { issueCode, getCode } from '$lib/server/booking/codes';
import { CODE_SESSION, STAFF_SESSION, createSession, validateCodeSession } from '$lib/server/auth/session';
import { openFullSession, validateStaffSession } from '$lib/server/auth/staff-auth';
import { staffById } from '$lib/server/staff/staff';
import { newStaff, seedStaffTest } from './staff-fixtures';

/**
 * Issue 10, point 4: a request's session costs one statement, the session and its owner joined, as Lucia's guide
 * does it (it was two for a code holder: session, code; three for staff: session, staff, second-factor flag).
 * A second statement only when the session is touched (at most once a minute) or has just expired.
 */

let db: Awaited<ReturnType<typeof freshDatabase>>;
let sql: Sql;
/** The same database through a client that records every statement it sends. */
let counted: Sql;
let statements: string[] = [];

beforeAll(async () => {
	db = await freshDatabase();
	sql = db.sql;
	await seedStaffTest(sql);
	counted = postgres(db.url, {
		max: 1,
		onnotice: () => {},
		transform: postgres.camel,
		debug: (_connection: number, query: string) => statements.push(query)
	}) as unknown as Sql;
	await counted`select 1`; // the connection's own set-up (postgres.js reads the array types once) is not counted
});
afterAll(async () => {
	await counted.end({ timeout: 5 });
	await db.drop();
});

async function countStatements<T>(work: () => Promise<T>): Promise<{ result: T; count: number; sent: string[] }> {
	statements = [];
	const result = await work();
	return { result, count: statements.length, sent: statements };
}

describe('one statement per session validation', () => {
	it('a code holder: session and code facts together', async () => {
		const { code } = await issueCode(sql, { offerSlug: 'alfa-101a', ageBand: null });
		const { token, session } = await createSession(sql, CODE_SESSION, code.id);
		const { result, count, sent } = await countStatements(() =>
			validateCodeSession(counted, token, session.lastUsedAt)
		);
		expect(count, sent.join('\n---\n')).toBe(1);
		expect(result?.session.id).toBe(session.id);
		expect(result?.code).toEqual(await getCode(sql, code.id));
	});

	it('a staff member: session, account, places and second-factor flag together', async () => {
		const staff = await newStaff(sql, 'tove', 'counsellor', 'alfa', ['alfa-center']);
		const { token, session } = await openFullSession(sql, staff.id, {
			staffId: staff.id,
			municipalitySlug: staff.municipalitySlug,
			action: 'login'
		});
		const { result, count, sent } = await countStatements(() =>
			validateStaffSession(counted, token, session.lastUsedAt)
		);
		expect(count, sent.join('\n---\n')).toBe(1);
		expect(result).toEqual({ ...(await staffById(sql, staff.id)), sessionId: session.id, twoFactorVerified: true });
	});

	it('touching last_used_at (over a minute since) is the only second statement', async () => {
		const staff = await newStaff(sql, 'ulla', 'coordinator', 'alfa');
		const { token, session } = await createSession(sql, STAFF_SESSION, staff.id);
		const later = new Date(session.lastUsedAt.getTime() + 61_000);
		const { result, count, sent } = await countStatements(() => validateStaffSession(counted, token, later));
		expect(count).toBe(2);
		expect(sent[1]).toMatch(/^\s*update /);
		expect(result?.twoFactorVerified).toBe(false);
		expect(
			(await countStatements(() => validateStaffSession(counted, token, new Date(later.getTime() + 30_000)))).count
		).toBe(1);
	});

	it('a disabled staff member or a deleted code has no session, still in one statement', async () => {
		const staff = await newStaff(sql, 'vera', 'counsellor', 'alfa', ['alfa-center']);
		const staffSession = await createSession(sql, STAFF_SESSION, staff.id);
		await sql`update portal.staff set disabled_at = now() where id = ${staff.id}`;
		const disabled = await countStatements(() =>
			validateStaffSession(counted, staffSession.token, staffSession.session.lastUsedAt)
		);
		expect(disabled.result).toBeNull();
		expect(disabled.count).toBe(1);

		const { code } = await issueCode(sql, { offerSlug: 'alfa-101a', ageBand: null });
		const codeSession = await createSession(sql, CODE_SESSION, code.id);
		await sql`delete from anon.code where id = ${code.id}`;
		expect(await validateCodeSession(counted, codeSession.token, codeSession.session.lastUsedAt)).toBeNull();
	});

	it('a wrong secret is refused after the one statement, and a malformed token costs none', async () => {
		const staff = await newStaff(sql, 'wilma', 'counsellor', 'alfa', ['alfa-center']);
		const { token } = await createSession(sql, STAFF_SESSION, staff.id);
		const wrong = await countStatements(() =>
			validateStaffSession(counted, `${token.split('.')[0]}.${'a'.repeat(24)}`)
		);
		expect(wrong.result).toBeNull();
		expect(wrong.count).toBe(1);
		const malformed = await countStatements(() => validateStaffSession(counted, 'no-dot'));
		expect(malformed.result).toBeNull();
		expect(malformed.count).toBe(0);
	});
});
