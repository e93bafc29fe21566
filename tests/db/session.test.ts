import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { freshDatabase } from './fresh';
import { seedTestMunicipality } from './fixtures';
import type { Sql } from '$lib/server/platform/db';
import { issueCode } from '$lib/server/booking/codes';
import {
	CODE_SESSION,
	createSession,
	validateSessionToken,
	invalidateSession,
	deleteExpiredSessions
} from '$lib/server/auth/session';

let db: Awaited<ReturnType<typeof freshDatabase>>;
let sql: Sql;
let codeId: string;

beforeAll(async () => {
	db = await freshDatabase();
	sql = db.sql;
	await seedTestMunicipality(sql, [{ slug: 'five' }]);
	codeId = (await issueCode(sql, { offerSlug: 'five', ageBand: null })).code.id;
});
afterAll(() => db.drop());

describe('code sessions (Lucia guide: id.secret, SHA-256 stored, idle and absolute expiry)', () => {
	it('stores only a SHA-256 of the secret, never the token', async () => {
		const { token, session } = await createSession(sql, CODE_SESSION, codeId);
		const [row] = await sql<
			{ secretHash: Uint8Array }[]
		>`select secret_hash from anon.code_session where id = ${session.id}`;
		const secret = token.split('.')[1]!;
		expect(row!.secretHash.length).toBe(32);
		expect(Buffer.from(row!.secretHash).toString('utf8')).not.toContain(secret);
		expect((await validateSessionToken(sql, CODE_SESSION, token))?.ownerId).toBe(codeId);
	});

	it('a token with the right id and a wrong secret is refused', async () => {
		const { token } = await createSession(sql, CODE_SESSION, codeId);
		const [id] = token.split('.');
		expect(await validateSessionToken(sql, CODE_SESSION, `${id}.${'a'.repeat(24)}`)).toBeNull();
		expect(await validateSessionToken(sql, CODE_SESSION, 'no-dot')).toBeNull();
	});

	it('a code session ends after 30 minutes without use (DESIGN.md)', async () => {
		const { token, session } = await createSession(sql, CODE_SESSION, codeId);
		const later = new Date(session.lastUsedAt.getTime() + 29 * 60_000);
		expect(await validateSessionToken(sql, CODE_SESSION, token, later)).not.toBeNull();
		const idle = new Date(later.getTime() + 31 * 60_000);
		expect(await validateSessionToken(sql, CODE_SESSION, token, idle)).toBeNull();
		// Expired sessions are deleted, not kept as traces of a visit.
		const [row] = await sql`select 1 from anon.code_session where id = ${session.id}`;
		expect(row).toBeUndefined();
	});

	it('a code session ends at its absolute lifetime even when in use', async () => {
		const { token, session } = await createSession(sql, CODE_SESSION, codeId);
		let t = session.createdAt.getTime();
		while (t < session.createdAt.getTime() + CODE_SESSION.absoluteMs - 20 * 60_000) {
			t += 20 * 60_000;
			expect(await validateSessionToken(sql, CODE_SESSION, token, new Date(t))).not.toBeNull();
		}
		expect(
			await validateSessionToken(
				sql,
				CODE_SESSION,
				token,
				new Date(session.createdAt.getTime() + CODE_SESSION.absoluteMs)
			)
		).toBeNull();
	});

	it('invalidating ends the session at once, and expired ones are swept', async () => {
		const { token, session } = await createSession(sql, CODE_SESSION, codeId);
		await invalidateSession(sql, CODE_SESSION, session.id);
		expect(await validateSessionToken(sql, CODE_SESSION, token)).toBeNull();
		await createSession(sql, CODE_SESSION, codeId);
		expect(
			await deleteExpiredSessions(sql, CODE_SESSION, new Date(Date.now() + CODE_SESSION.absoluteMs))
		).toBeGreaterThan(0);
	});
});
