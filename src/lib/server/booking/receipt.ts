import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { Cookies } from '@sveltejs/kit';
import type { Sql } from '../platform/db';
import { CODE_SESSION } from '../auth/session';

/**
 * The receipt after a first booking (issue 12, item 1): a reload or Back must not lose the code nor claim the
 * time was taken. The code is never stored in clear (DESIGN.md); for RECEIPT_MINUTES the session that made it
 * keeps it encrypted with a key only the person's cookie can give (the session secret, which the database holds
 * only as SHA-256 under another label). Without that cookie the stored bytes are noise.
 */

/** A declared default, not from the sources: about as long as the code session's idle timeout (DESIGN.md). */
export const RECEIPT_MINUTES = 30;

function keyFrom(secret: string): Buffer {
	return createHash('sha256').update('anon-booking receipt key\u0000').update(secret).digest();
}

function secretOf(cookies: Cookies): { id: string; secret: string } | null {
	const token = cookies.get(CODE_SESSION.cookie);
	const [id, secret] = token?.split('.') ?? [];
	return id && secret ? { id, secret } : null;
}

/** Keeps the code for the receipt of the session whose token the route just set. */
export async function keepReceipt(sql: Sql, token: string, code: string, now = new Date()): Promise<void> {
	const [id, secret] = token.split('.');
	if (!id || !secret) return;
	const iv = randomBytes(12);
	const cipher = createCipheriv('aes-256-gcm', keyFrom(secret), iv);
	const sealed = Buffer.concat([iv, cipher.update(code, 'utf8'), cipher.final(), cipher.getAuthTag()]);
	await sql`
		update anon.code_session set receipt = ${sealed}, receipt_until = ${new Date(now.getTime() + RECEIPT_MINUTES * 60_000)}
		where id = ${id}`;
}

/** The code again, for the session that made it and only until the receipt expires; otherwise null. */
export async function readReceipt(sql: Sql, cookies: Cookies, now = new Date()): Promise<string | null> {
	const token = secretOf(cookies);
	if (!token) return null;
	const [row] = await sql<{ receipt: Uint8Array | null; receiptUntil: Date | null }[]>`
		select receipt, receipt_until from anon.code_session where id = ${token.id}`;
	if (!row?.receipt || !row.receiptUntil || row.receiptUntil <= now) return null;
	const sealed = Buffer.from(row.receipt);
	try {
		const decipher = createDecipheriv('aes-256-gcm', keyFrom(token.secret), sealed.subarray(0, 12));
		decipher.setAuthTag(sealed.subarray(sealed.length - 16));
		return Buffer.concat([decipher.update(sealed.subarray(12, sealed.length - 16)), decipher.final()]).toString('utf8');
	} catch {
		return null;
	}
}

/** "I have written it down": the receipt forgets the code at once. */
export async function forgetReceipt(sql: Sql, cookies: Cookies): Promise<void> {
	const token = secretOf(cookies);
	if (token) await sql`update anon.code_session set receipt = null, receipt_until = null where id = ${token.id}`;
}
