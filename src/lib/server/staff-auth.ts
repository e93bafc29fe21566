import { createCipheriv, createDecipheriv, createHash } from 'node:crypto';
import { createTOTPKeyURI, verifyHOTP } from '@oslojs/otp';
import { encodeBase32UpperCaseNoPadding } from '@oslojs/encoding';
import type { Sql } from './db';
import { audit } from './audit';
import { decoyHash, verifySecret } from './password';
import { consume, refund, STAFF_LOGIN_PER_ACCOUNT, STAFF_LOGIN_PER_ACCOUNT_ALL, type Bucket } from './rate-limit';
import { randomBytes } from './random';
import { createSession, STAFF_SESSION, type Session } from './session';
import { normaliseUsername, staffById, staffForLogin, type Staff } from './staff';

/**
 * Staff sign-in: password (argon2id), then TOTP where set up or required (issue 4). Throttled per client
 * (by the route, before parsing) and per account (here), with state in PostgreSQL. A failed or throttled
 * attempt is audited under the account, never with the password or the client's address.
 */

export type LoginResult =
	| { ok: true; staff: Staff; token: string; session: Session }
	| { ok: false; reason: 'throttled' | 'invalid' };

export async function logIn(sql: Sql, input: { username: string; password: string; client?: string }): Promise<LoginResult> {
	const username = normaliseUsername(input.username);
	const staff = await staffForLogin(sql, username);
	// Unknown names use the same bucket shape, so throttling does not reveal which accounts exist. The account's
	// own bucket is per client, so a guesser elsewhere does not lock the real user out; the shared one caps all.
	const accountAtClient = `${username}\u0000${input.client ?? ''}`;
	const allowed = (await consume(sql, STAFF_LOGIN_PER_ACCOUNT, accountAtClient)) && (await consume(sql, STAFF_LOGIN_PER_ACCOUNT_ALL, username));
	if (!allowed) {
		if (staff) await audit(sql, { staffId: staff.id, municipalitySlug: staff.municipalitySlug, action: 'login_throttled' });
		return { ok: false, reason: 'throttled' };
	}
	// Verify against a decoy for unknown or disabled accounts: every refusal costs one argon2 verification.
	const valid = await verifySecret(staff && !staff.disabled ? staff.passwordHash : await decoyHash(), input.password);
	if (!staff || staff.disabled || !valid) {
		if (staff) await audit(sql, { staffId: staff.id, municipalitySlug: staff.municipalitySlug, action: 'login_failed' });
		return { ok: false, reason: 'invalid' };
	}
	// Only failures count against the account: signing in several times a day must never lock anyone out.
	await refund(sql, STAFF_LOGIN_PER_ACCOUNT, accountAtClient);
	await refund(sql, STAFF_LOGIN_PER_ACCOUNT_ALL, username);
	const { passwordHash: _, ...known } = staff;
	const { token, session } = await createSession(sql, STAFF_SESSION, known.id);
	await audit(sql, { staffId: known.id, municipalitySlug: known.municipalitySlug, action: 'login' });
	return { ok: true, staff: known, token, session };
}

export interface SignedInStaff extends Staff {
	sessionId: string;
	twoFactorVerified: boolean;
}

/** The staff member behind a validated session; null when they were disabled meanwhile. */
export async function staffForSession(sql: Sql, session: Session): Promise<SignedInStaff | null> {
	const staff = await staffById(sql, session.ownerId);
	if (!staff || staff.disabled) return null;
	const [row] = await sql<{ twoFactorVerified: boolean }[]>`
		select two_factor_verified from portal.staff_session where id = ${session.id}`;
	if (!row) return null;
	return { ...staff, sessionId: session.id, twoFactorVerified: row.twoFactorVerified };
}

/** Where a signed-in person must go before the staff pages open to them. */
export function secondFactorStep(staff: SignedInStaff): 'verify' | 'setup' | null {
	if (staff.totpEnabled) return staff.twoFactorVerified ? null : 'verify';
	return staff.totpRequired ? 'setup' : null;
}

/** Pages open without a session (signing in) and with a session still missing its second factor. */
const OPEN_PATHS = ['/staff/login'];
const HALF_SIGNED_IN_PATHS = ['/staff/totp', '/staff/totp/setup', '/staff/logout'];

/**
 * Where a request under /staff must be sent instead, or null to let it through. Checked once in the hook,
 * so every page, load and form action of the staff face is behind it (layout loads do not guard actions).
 */
export function staffGate(pathname: string, staff: SignedInStaff | null): string | null {
	const path = pathname.replace(/\/+$/, '') || '/';
	if (path !== '/staff' && !path.startsWith('/staff/')) return null;
	if (OPEN_PATHS.includes(path)) return null;
	if (!staff) return '/staff/login';
	if (HALF_SIGNED_IN_PATHS.includes(path)) return null;
	const step = secondFactorStep(staff);
	if (step === 'verify') return '/staff/totp';
	if (step === 'setup') return '/staff/totp/setup';
	return null;
}

// ---- TOTP (RFC 6238: 30-second steps, 6 digits, as every authenticator app expects) ----

const STEP_SECONDS = 30;
const DIGITS = 6;
/** One step either side: a phone clock a little off still works; older codes do not. */
const DRIFT_STEPS = 1;
export const STAFF_TOTP_PER_ACCOUNT: Bucket = { name: 'staff-totp:account', max: 5, refillPerSecond: 1 / 60 };

export function newTotpKey(): Uint8Array {
	return randomBytes(20);
}

export function totpKeyText(key: Uint8Array): string {
	return encodeBase32UpperCaseNoPadding(key);
}

export function totpKeyUri(username: string, key: Uint8Array): string {
	return createTOTPKeyURI('Anonym booking', username, key, STEP_SECONDS, DIGITS);
}

/** The accepted step, or null; only steps after the last accepted one count (RFC 6238 §5.2, no replay). */
function matchingStep(key: Uint8Array, otp: string, lastStep: bigint | null, now: Date): bigint | null {
	const current = BigInt(Math.floor(now.getTime() / 1000 / STEP_SECONDS));
	for (let d = -DRIFT_STEPS; d <= DRIFT_STEPS; d++) {
		const step = current + BigInt(d);
		if (lastStep !== null && step <= lastStep) continue;
		if (verifyHOTP(key, step, DIGITS, otp)) return step;
	}
	return null;
}

/** Turns TOTP on once the person proves their app holds the key; the key is never shown again. */
export async function enableTotp(sql: Sql, staff: Staff & { sessionId: string }, key: Uint8Array, otp: string, now = new Date()): Promise<boolean> {
	const step = matchingStep(key, otp, null, now);
	if (step === null) return false;
	await sql.begin(async (tx) => {
		await tx`update portal.staff set totp_key = ${encryptTotpKey(key, staff.id)}, totp_last_step = ${step.toString()} where id = ${staff.id}`;
		// Other sessions were opened without the second factor: they end, this one counts as verified.
		await tx`delete from portal.staff_session where staff_id = ${staff.id} and id <> ${staff.sessionId}`;
		await tx`update portal.staff_session set two_factor_verified = true where id = ${staff.sessionId}`;
	});
	await audit(sql, { staffId: staff.id, municipalitySlug: staff.municipalitySlug, action: 'totp_enabled' });
	return true;
}

export type TotpResult = { ok: true } | { ok: false; reason: 'throttled' | 'invalid' };

export async function verifyTotp(sql: Sql, staff: Staff & { sessionId: string }, otp: string, now = new Date()): Promise<TotpResult> {
	if (!(await consume(sql, STAFF_TOTP_PER_ACCOUNT, staff.id))) return { ok: false, reason: 'throttled' };
	const [row] = await sql<{ totpKey: Uint8Array | null; totpLastStep: string | null }[]>`
		select totp_key, totp_last_step from portal.staff where id = ${staff.id}`;
	if (!row?.totpKey) return { ok: false, reason: 'invalid' };
	const key = decryptTotpKey(new Uint8Array(row.totpKey), staff.id);
	const step = matchingStep(key, otp, row.totpLastStep === null ? null : BigInt(row.totpLastStep), now);
	// The conditional update is the replay guard under concurrency: two requests with one code, one wins.
	const accepted =
		step !== null &&
		(
			await sql`
				update portal.staff set totp_last_step = ${step.toString()}
				where id = ${staff.id} and (totp_last_step is null or totp_last_step < ${step.toString()})`
		).count === 1;
	if (!accepted) {
		await audit(sql, { staffId: staff.id, municipalitySlug: staff.municipalitySlug, action: 'totp_failed' });
		return { ok: false, reason: 'invalid' };
	}
	await sql`update portal.staff_session set two_factor_verified = true where id = ${staff.sessionId}`;
	await audit(sql, { staffId: staff.id, municipalitySlug: staff.municipalitySlug, action: 'totp_verified' });
	return { ok: true };
}

// ---- The TOTP key at rest: AES-256-GCM, bound to the staff id, so a database copy alone cannot mint codes ----

const VERSION = 1;

function encryptionKey(): Buffer {
	const configured = process.env.STAFF_TOTP_KEY;
	if (configured) {
		const key = Buffer.from(configured, 'base64');
		if (key.length !== 32) throw new Error('STAFF_TOTP_KEY must be 32 bytes, base64-encoded (openssl rand -base64 32).');
		return key;
	}
	if (process.env.NODE_ENV === 'production') {
		throw new Error('STAFF_TOTP_KEY is not set: production keeps staff TOTP keys encrypted with it (openssl rand -base64 32).');
	}
	// Development and tests only: a fixed, public key, which protects nothing and is refused in production.
	return createHash('sha256').update('anonym-booking development TOTP key').digest();
}

export function encryptTotpKey(key: Uint8Array, staffId: string): Uint8Array {
	const iv = randomBytes(12);
	const cipher = createCipheriv('aes-256-gcm', encryptionKey(), iv);
	cipher.setAAD(Buffer.from(staffId));
	const body = Buffer.concat([cipher.update(key), cipher.final()]);
	return new Uint8Array(Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), body]));
}

export function decryptTotpKey(stored: Uint8Array, staffId: string): Uint8Array {
	const data = Buffer.from(stored);
	if (data[0] !== VERSION) throw new Error('Unknown TOTP key format');
	const decipher = createDecipheriv('aes-256-gcm', encryptionKey(), data.subarray(1, 13));
	decipher.setAAD(Buffer.from(staffId));
	decipher.setAuthTag(data.subarray(13, 29));
	return new Uint8Array(Buffer.concat([decipher.update(data.subarray(29)), decipher.final()]));
}
