import { sha256 } from '@oslojs/crypto/sha2';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import type { Sql } from '../platform/db';
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

function hashSecret(secret: string): Uint8Array {
	return sha256(new TextEncoder().encode(secret));
}

export async function createSession(sql: Sql, kind: SessionKind, ownerId: string): Promise<{ token: string; session: Session }> {
	const id = secureRandomString();
	const secret = secureRandomString();
	const [row] = await sql<{ createdAt: Date; lastUsedAt: Date }[]>`
		insert into ${sql(kind.table)} (id, ${sql(kind.owner)}, secret_hash)
		values (${id}, ${ownerId}, ${hashSecret(secret)})
		returning created_at, last_used_at`;
	return { token: `${id}.${secret}`, session: { id, ownerId, createdAt: row!.createdAt, lastUsedAt: row!.lastUsedAt } };
}

export async function validateSessionToken(sql: Sql, kind: SessionKind, token: string, now = new Date()): Promise<Session | null> {
	const parts = token.split('.');
	if (parts.length !== 2 || !parts[0] || !parts[1] || parts[0].length > 64) return null;
	const [id, secret] = parts as [string, string];
	const [row] = await sql<{ ownerId: string; secretHash: Uint8Array; createdAt: Date; lastUsedAt: Date }[]>`
		select ${sql(kind.owner)} as owner_id, secret_hash, created_at, last_used_at from ${sql(kind.table)} where id = ${id}`;
	if (!row) return null;
	if (!constantTimeEqual(hashSecret(secret), new Uint8Array(row.secretHash))) return null;
	const expired =
		now.getTime() - row.lastUsedAt.getTime() >= kind.idleMs || now.getTime() - row.createdAt.getTime() >= kind.absoluteMs;
	if (expired) {
		await invalidateSession(sql, kind, id);
		return null;
	}
	let lastUsedAt = row.lastUsedAt;
	if (now.getTime() - lastUsedAt.getTime() >= TOUCH_AFTER_MS) {
		lastUsedAt = now;
		await sql`update ${sql(kind.table)} set last_used_at = ${now} where id = ${id}`;
	}
	return { id, ownerId: row.ownerId, createdAt: row.createdAt, lastUsedAt };
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
