import { sha256 } from '@oslojs/crypto/sha2';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import type { PendingQuery, Row } from 'postgres';
import type { Sql } from '../platform/db';
import { CODE_COLUMNS, type CodeRecord } from '../booking/codes';
import { randomBytes } from '../platform/random';
import { CODE_SESSION_EXPIRY, STAFF_SESSION_EXPIRY, deleteExpiredSessions as sweep } from './session-expiry.js';

/**
 * Sessions as Lucia's current guide builds them (lucia-auth.com, "Basic session implementation"): the token
 * is `id.secret`, only SHA-256 of the secret is stored, the secret is compared in constant time, and a
 * session dies after a spell of inactivity or at its absolute lifetime, whichever comes first.
 * Two kinds share the code: staff sessions, and the short sessions of a person who entered a code.
 */

export interface SessionKind {
	table: 'portal.staff_session' | 'anon.code_session';
	owner: 'staff_id' | 'code_id';
	idleMs: number;
	absoluteMs: number;
	cookie: string;
}

export const STAFF_SESSION: SessionKind = {
	table: 'portal.staff_session',
	owner: 'staff_id',
	idleMs: STAFF_SESSION_EXPIRY.idleMs,
	absoluteMs: STAFF_SESSION_EXPIRY.absoluteMs,
	cookie: 'staff_session'
};

/** Short, because a code holder may sit at a shared or borrowed computer (DESIGN.md: about 30 min idle). */
export const CODE_SESSION: SessionKind = {
	table: 'anon.code_session',
	owner: 'code_id',
	idleMs: CODE_SESSION_EXPIRY.idleMs,
	absoluteMs: CODE_SESSION_EXPIRY.absoluteMs,
	cookie: 'code_session'
};

/** Extending last_used_at on every request would write on every page view; a minute's precision is enough. */
const TOUCH_AFTER_MS = 60 * 1000;

export interface Session {
	id: string;
	ownerId: string;
	createdAt: Date;
	lastUsedAt: Date;
}

const ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';

/** 24 symbols of a 32-letter alphabet: 120 bits, as in Lucia's guide. */
function secureRandomString(): string {
	let out = '';
	for (const byte of randomBytes(24)) out += ALPHABET[byte >> 3];
	return out;
}

/** SHA-256 of a session secret (120 random bits need no slow hash; argon2 is auth/password.ts's hashSecret). */
function sessionSecretDigest(secret: string): Uint8Array {
	return sha256(new TextEncoder().encode(secret));
}

export async function createSession(
	sql: Sql,
	kind: SessionKind,
	ownerId: string
): Promise<{ token: string; session: Session }> {
	const id = secureRandomString();
	const secret = secureRandomString();
	const [row] = await sql<{ createdAt: Date; lastUsedAt: Date }[]>`
		insert into ${sql(kind.table)} (id, ${sql(kind.owner)}, secret_hash)
		values (${id}, ${ownerId}, ${sessionSecretDigest(secret)})
		returning created_at, last_used_at`;
	return { token: `${id}.${secret}`, session: { id, ownerId, createdAt: row!.createdAt, lastUsedAt: row!.lastUsedAt } };
}

/**
 * What a session's owner brings to its validation, as Lucia's guide joins the user to the session: the owner's
 * columns (selected from `ses`, the session row, and whatever `join` adds) come back in the same statement.
 */
export interface SessionOwner {
	columns: PendingQuery<Row[]>;
	join: PendingQuery<Row[]>;
}

/**
 * Validates a token and reads its owner in one statement; a second only when the session has just expired (it is
 * deleted) or was last touched over a minute ago. Null for a bad token, an expired session, or no owner row.
 */
export async function validateSessionWithOwner<O extends object>(
	sql: Sql,
	kind: SessionKind,
	token: string,
	owner: SessionOwner,
	now = new Date()
): Promise<{ session: Session; owner: O } | null> {
	const parts = token.split('.');
	if (parts.length !== 2 || !parts[0] || !parts[1] || parts[0].length > 64) return null;
	const [id, secret] = parts as [string, string];
	const [row] = await sql<(SessionRow & O)[]>`
		select ses.id as session_id, ses.${sql(kind.owner)} as session_owner_id, ses.secret_hash as session_secret_hash,
			ses.created_at as session_created_at, ses.last_used_at as session_last_used_at, ${owner.columns}
		from ${sql(kind.table)} ses ${owner.join}
		where ses.id = ${id}`;
	if (!row) return null;
	const {
		sessionId: _,
		sessionOwnerId: ownerId,
		sessionSecretHash: secretHash,
		sessionCreatedAt: createdAt,
		sessionLastUsedAt,
		...rest
	} = row;
	if (!constantTimeEqual(sessionSecretDigest(secret), new Uint8Array(secretHash))) return null;
	const expired =
		now.getTime() - sessionLastUsedAt.getTime() >= kind.idleMs ||
		now.getTime() - createdAt.getTime() >= kind.absoluteMs;
	if (expired) {
		await invalidateSession(sql, kind, id);
		return null;
	}
	let lastUsedAt = sessionLastUsedAt;
	if (now.getTime() - lastUsedAt.getTime() >= TOUCH_AFTER_MS) {
		lastUsedAt = now;
		await sql`update ${sql(kind.table)} set last_used_at = ${now} where id = ${id}`;
	}
	return { session: { id, ownerId, createdAt, lastUsedAt }, owner: rest as unknown as O };
}

interface SessionRow {
	sessionId: string;
	sessionOwnerId: string;
	sessionSecretHash: Uint8Array;
	sessionCreatedAt: Date;
	sessionLastUsedAt: Date;
}

/** The session alone, for callers that need no more than its owner's id. */
export async function validateSessionToken(
	sql: Sql,
	kind: SessionKind,
	token: string,
	now = new Date()
): Promise<Session | null> {
	const validated = await validateSessionWithOwner(sql, kind, token, { columns: sql`true as valid`, join: sql`` }, now);
	return validated?.session ?? null;
}

/** The code facts the rules need, beside the code holder's session (the columns of codes.ts's CodeRecord). */
const CODE_OWNER = (sql: Sql): SessionOwner => ({
	columns: CODE_COLUMNS(sql),
	join: sql`join anon.code c on c.id = ses.code_id`
});

/** A code holder's session and their code, in one statement (Lucia's guide: session and user together). */
export async function validateCodeSession(
	sql: Sql,
	token: string,
	now = new Date()
): Promise<{ session: Session; code: CodeRecord } | null> {
	const validated = await validateSessionWithOwner<CodeRecord>(sql, CODE_SESSION, token, CODE_OWNER(sql), now);
	return validated && { session: validated.session, code: validated.owner };
}

export async function invalidateSession(sql: Sql, kind: SessionKind, id: string): Promise<void> {
	await sql`delete from ${sql(kind.table)} where id = ${id}`;
}

export async function invalidateAllSessions(sql: Sql, kind: SessionKind, ownerId: string): Promise<void> {
	await sql`delete from ${sql(kind.table)} where ${sql(kind.owner)} = ${ownerId}`;
}

/** Removes sessions past their lifetime; the daily job (purge.js) runs it for both kinds every day. */
export function deleteExpiredSessions(sql: Sql, kind: SessionKind, now = new Date()): Promise<number> {
	return sweep(sql as never, kind, now);
}
