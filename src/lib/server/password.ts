import { hash, verify } from '@node-rs/argon2';

/**
 * argon2id with @node-rs/argon2's defaults (m = 19 MiB, t = 2, p = 1: OWASP's minimum), for staff passwords
 * and for code secrets, which are under 112 bits and so must be stored as a slow salted hash (ASVS 5.0 6.5.2).
 */
export function hashSecret(secret: string): Promise<string> {
	return hash(secret);
}

export async function verifySecret(storedHash: string, secret: string): Promise<boolean> {
	try {
		return await verify(storedHash, secret);
	} catch {
		return false;
	}
}

/**
 * A hash of a random value nobody holds. Verifying against it when a selector or username is unknown makes
 * "not found" cost the same time as "wrong secret", so timing does not tell which codes exist.
 */
let decoy: Promise<string> | null = null;
export function decoyHash(): Promise<string> {
	decoy ??= hash(crypto.randomUUID());
	return decoy;
}
