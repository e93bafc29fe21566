import { createCipheriv, createDecipheriv, createHash, hkdfSync } from 'node:crypto';
import { randomBytes } from '../platform/random';
import { env } from '../platform/env.js';

/**
 * The staff face's one secret outside the database, STAFF_TOTP_KEY (32 bytes, base64). It encrypts TOTP keys at
 * rest, so a database copy alone cannot mint codes, and a key derived from it (HKDF, its own label) signs device
 * cookies (staff-device.ts), so a database administrator cannot forge one either.
 */

function masterKey(): Buffer {
	// platform/env.js checked it: 32 bytes, and present in production.
	const configured = env().STAFF_TOTP_KEY;
	if (configured) return configured;
	// Development and tests only: a fixed, public key, which protects nothing and is refused in production.
	return createHash('sha256').update('anonym-booking development TOTP key').digest();
}

/** The key that signs device cookies: derived, so it never equals the key that encrypts TOTP keys. */
export function deviceCookieKey(): Buffer {
	return Buffer.from(hkdfSync('sha256', masterKey(), Buffer.alloc(0), 'anonym-booking staff device cookie v1', 32));
}

// ---- The TOTP key at rest: AES-256-GCM, bound to the staff id ----

const VERSION = 1;

export function encryptTotpKey(key: Uint8Array, staffId: string): Uint8Array {
	const iv = randomBytes(12);
	const cipher = createCipheriv('aes-256-gcm', masterKey(), iv);
	cipher.setAAD(Buffer.from(staffId));
	const body = Buffer.concat([cipher.update(key), cipher.final()]);
	return new Uint8Array(Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), body]));
}

export function decryptTotpKey(stored: Uint8Array, staffId: string): Uint8Array {
	const data = Buffer.from(stored);
	if (data[0] !== VERSION) throw new Error('Unknown TOTP key format');
	const decipher = createDecipheriv('aes-256-gcm', masterKey(), data.subarray(1, 13));
	decipher.setAAD(Buffer.from(staffId));
	decipher.setAuthTag(data.subarray(13, 29));
	return new Uint8Array(Buffer.concat([decipher.update(data.subarray(29)), decipher.final()]));
}
