import { createTOTPKeyURI, verifyHOTP } from '@oslojs/otp';
import { encodeBase32UpperCaseNoPadding } from '@oslojs/encoding';
import type { Sql, Tx } from '../platform/db';
import { audit, type AuditEntry } from '../operations/audit';
import { decoyHash, verifySecret } from './password';
import { consume, refund, STAFF_LOGIN_PER_ACCOUNT, STAFF_LOGIN_PER_ACCOUNT_ALL, type Bucket } from './rate-limit';
import { randomBytes } from '../platform/random';
import {
	createSession,
	invalidateSession,
	STAFF_SESSION,
	validateSessionWithOwner,
	type Session,
	type SessionOwner
} from './session';
import { trustedDevice, withDevice } from './staff-device';
import { decryptTotpKey, encryptTotpKey } from './staff-keys';
import { normaliseUsername, STAFF_COLUMNS, staffForLogin, type Staff } from '../staff/staff';

/**
 * Staff sign-in: password (argon2id), then TOTP where set up or required (issue 4), then a new password where
 * somebody else chose the current one (issue 9, finding 8). Throttled per client by the route, and here per
 * account or per trusted device (staff-device.ts), with state in PostgreSQL. Failures are audited under the
 * account, never with the password or the client's address; a throttled attempt writes nothing at all.
 */

/** A browser that completed a sign-in before has buckets of its own (staff-device.ts explains the trust). */
export const STAFF_LOGIN_PER_DEVICE: Bucket = { name: 'staff-login:device', max: 5, refillPerSecond: 1 / 60 };
export const STAFF_TOTP_PER_DEVICE: Bucket = { name: 'staff-totp:device', max: 5, refillPerSecond: 1 / 60 };
/** Untrusted clients together: a guesser who knows the password still gets few codes an hour. */
export const STAFF_TOTP_PER_ACCOUNT: Bucket = { name: 'staff-totp:account', max: 5, refillPerSecond: 1 / 60 };
/** Setting up TOTP is no guess (the client holds the key), but a session hammering it is slowed all the same. */
export const STAFF_TOTP_SETUP_PER_SESSION: Bucket = {
	name: 'staff-totp-setup:session',
	max: 5,
	refillPerSecond: 1 / 60
};

type Taken = [Bucket, string][];

/**
 * Takes a token from each bucket in turn; if one is empty, the ones taken are given back and nothing more is
 * written. With `giveBack` after a success, only failures spend: a token is held while the secret is checked.
 * The shared bucket comes first, so a throttled attempt does not even create its client's bucket.
 */
export async function take(sql: Sql, buckets: Taken): Promise<boolean> {
	for (let i = 0; i < buckets.length; i++) {
		const [bucket, subject] = buckets[i]!;
		if (!(await consume(sql, bucket, subject))) {
			await giveBack(sql, buckets.slice(0, i));
			return false;
		}
	}
	return true;
}

export async function giveBack(sql: Sql, buckets: Taken): Promise<void> {
	for (const [bucket, subject] of buckets) await refund(sql, bucket, subject);
}

/** Stands in for an unknown account in the failure's audit statement, which then inserts nothing. */
const NOBODY = '00000000-0000-0000-0000-000000000000';

/**
 * One statement for known and unknown names alike (finding 11: the work done must not tell which exist); it
 * writes a row only for a real account.
 */
async function auditFailure(sql: Sql, staffId: string | null, action: 'login_failed' | 'totp_failed'): Promise<void> {
	await sql`
		insert into portal.audit (staff_id, municipality_slug, action)
		select id, municipality_slug, ${action} from portal.staff where id = ${staffId ?? NOBODY}`;
}

export type LoginResult =
	| {
			ok: true;
			staff: Staff;
			token: string;
			session: Session;
			/** The device cookie's new value when this sign-in is complete (no second factor to come), else null. */
			device: string | null;
	  }
	| { ok: false; reason: 'throttled' | 'invalid' };

export async function logIn(
	sql: Sql,
	input: { username: string; password: string; client?: string; device?: string }
): Promise<LoginResult> {
	const username = normaliseUsername(input.username);
	const staff = await staffForLogin(sql, username);
	// Unknown names go through the same buckets and checks, so throttling does not reveal which accounts exist.
	const device = trustedDevice(input.device, staff?.id ?? null);
	const buckets: Taken = device
		? [[STAFF_LOGIN_PER_DEVICE, device]]
		: [
				[STAFF_LOGIN_PER_ACCOUNT_ALL, username],
				[STAFF_LOGIN_PER_ACCOUNT, `${username}\u0000${input.client ?? ''}`]
			];
	if (!(await take(sql, buckets))) return { ok: false, reason: 'throttled' };
	// Verify against a decoy for unknown or disabled accounts: every refusal costs one argon2 verification.
	const valid = await verifySecret(staff && !staff.disabled ? staff.passwordHash : await decoyHash(), input.password);
	if (!staff || staff.disabled || !valid) {
		await auditFailure(sql, staff?.id ?? null, 'login_failed');
		return { ok: false, reason: 'invalid' };
	}
	await giveBack(sql, buckets);
	const { passwordHash: _, ...known } = staff;
	const complete = !known.totpEnabled && !known.totpRequired;
	const signedIn: AuditEntry = { staffId: known.id, municipalitySlug: known.municipalitySlug, action: 'login' };
	const opened = complete
		? await openFullSession(sql, known.id, signedIn, { device: input.device })
		: await sql.begin(async (tx) => {
				const half = await createSession(tx as unknown as Sql, STAFF_SESSION, known.id);
				await audit(tx, signedIn);
				return { ...half, device: null };
			});
	return { ok: true, staff: known, ...opened };
}

/**
 * A sign-in is complete (password, and TOTP where set up): a new session, counted as verified, and every other
 * session of the person ends — the half-signed-in one it replaces (so a token seen or planted before the second
 * factor is worth nothing after it: no session fixation) and any earlier one, e.g. left open on a library PC
 * (finding 16). One person, one full session. The browser becomes a trusted device (staff-device.ts). One
 * transaction with the step's own write (`first`, e.g. a new TOTP key) and its audit row.
 */
export async function openFullSession(
	sql: Sql,
	staffId: string,
	record: AuditEntry,
	options: { device?: string; first?: (tx: Tx) => Promise<unknown> } = {}
): Promise<{ token: string; session: Session; device: string }> {
	const { token, session } = await sql.begin(async (tx) => {
		await options.first?.(tx);
		const opened = await createSession(tx as unknown as Sql, STAFF_SESSION, staffId);
		await tx`update portal.staff_session set two_factor_verified = true where id = ${opened.session.id}`;
		await tx`delete from portal.staff_session where staff_id = ${staffId} and id <> ${opened.session.id}`;
		await audit(tx, record);
		return opened;
	});
	return { token, session, device: withDevice(options.device, staffId) };
}

export interface SignedInStaff extends Staff {
	sessionId: string;
	twoFactorVerified: boolean;
}

/**
 * The staff member's row beside their session: staff.ts's STAFF_COLUMNS (staff `s`, municipality `m`), and the
 * session's own second-factor flag.
 */
const STAFF_OWNER = (sql: Sql): SessionOwner => ({
	columns: sql`${STAFF_COLUMNS(sql)}, ses.two_factor_verified`,
	join: sql`join portal.staff s on s.id = ses.staff_id join portal.municipality m on m.slug = s.municipality_slug`
});

/**
 * The signed-in staff member behind a token, in one statement with their session (Lucia's guide); null for a bad
 * or expired token, and for a person disabled meanwhile.
 */
export async function validateStaffSession(sql: Sql, token: string, now = new Date()): Promise<SignedInStaff | null> {
	const validated = await validateSessionWithOwner<Staff & { twoFactorVerified: boolean }>(
		sql,
		STAFF_SESSION,
		token,
		STAFF_OWNER(sql),
		now
	);
	if (!validated || validated.owner.disabled) return null;
	return { ...validated.owner, sessionId: validated.session.id };
}

export type SignInStep = 'verify' | 'password' | 'setup';

/** The page of each step, in the order they come. */
export const STEP_PAGE: Record<SignInStep, string> = {
	verify: '/staff/totp',
	password: '/staff/password',
	setup: '/staff/totp/setup'
};

/**
 * What a signed-in person must do before the staff pages open to them, or null when they are fully signed in:
 * the second factor first (nothing, not even a password change, before it), then a password somebody else
 * chose, then setting up TOTP where the coordinator requires it.
 */
export function pendingStep(staff: SignedInStaff): SignInStep | null {
	if (staff.totpEnabled && !staff.twoFactorVerified) return 'verify';
	if (staff.mustChangePassword) return 'password';
	if (!staff.totpEnabled && staff.totpRequired) return 'setup';
	return null;
}

/** Open without a session (signing in). */
const OPEN_ROUTES = ['/staff/login'];
/** The steps' own pages and signing out: open part-way, each checks the step itself (routes/staff/guard.ts). */
const SIGN_IN_ROUTES = ['/staff/totp', '/staff/totp/setup', '/staff/password', '/staff/logout'];

/**
 * Whether a request is for the staff face. By SvelteKit's route id, the path it actually routed on (decoded:
 * `/%73taff/calendar` is /staff/calendar, finding 1). A request that matched no route (a 404) is judged by its
 * decoded, normalised path, so nothing under any spelling of /staff is answered before the gate.
 */
export function staffRouteOf(routeId: string | null, pathname: string): string | null {
	if (routeId !== null) return routeId === '/staff' || routeId.startsWith('/staff/') ? routeId : null;
	let path: string;
	try {
		path = decodeURIComponent(pathname);
	} catch {
		path = pathname;
	}
	path = path
		.replace(/[\\/]+/g, '/')
		.replace(/\/+$/, '')
		.toLowerCase();
	return path === '/staff' || path.startsWith('/staff/') ? path : null;
}

/**
 * Where a request for the staff face must be sent instead, or null to let it through. Checked once in the hook,
 * so every page, load, endpoint and form action of the staff face is behind it; guard.ts's staffOf checks again.
 */
export function staffGate(routeId: string | null, pathname: string, staff: SignedInStaff | null): string | null {
	const route = staffRouteOf(routeId, pathname);
	if (route === null || OPEN_ROUTES.includes(route)) return null;
	if (!staff) return '/staff/login';
	if (SIGN_IN_ROUTES.includes(route)) return null;
	const step = pendingStep(staff);
	return step ? STEP_PAGE[step] : null;
}

// ---- TOTP (RFC 6238: 30-second steps, 6 digits, as every authenticator app expects) ----

const STEP_SECONDS = 30;
const DIGITS = 6;
/** One step either side: a phone clock a little off still works; older codes do not. */
const DRIFT_STEPS = 1;

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

export type CompletedSignIn = { ok: true; token: string; session: Session; device: string };

/**
 * Turns TOTP on once the person proves their app holds the key; the key is never shown again. This completes
 * the sign-in: a new session replaces the one it began in (openFullSession).
 */
export async function enableTotp(
	sql: Sql,
	staff: SignedInStaff,
	key: Uint8Array,
	otp: string,
	options: { now?: Date; device?: string } = {}
): Promise<CompletedSignIn | { ok: false; reason: 'throttled' | 'invalid' }> {
	const buckets: Taken = [[STAFF_TOTP_SETUP_PER_SESSION, staff.sessionId]];
	if (!(await take(sql, buckets))) return { ok: false, reason: 'throttled' };
	const step = matchingStep(key, otp, null, options.now ?? new Date());
	if (step === null) return { ok: false, reason: 'invalid' };
	await giveBack(sql, buckets);
	const opened = await openFullSession(
		sql,
		staff.id,
		{ staffId: staff.id, municipalitySlug: staff.municipalitySlug, action: 'totp_enabled' },
		{
			device: options.device,
			first: (tx) =>
				tx`update portal.staff set totp_key = ${encryptTotpKey(key, staff.id)}, totp_last_step = ${step.toString()} where id = ${staff.id}`
		}
	);
	return { ok: true, ...opened };
}

export type TotpResult = CompletedSignIn | { ok: false; reason: 'throttled' | 'invalid' };

/**
 * The second factor. From a trusted device (staff-device.ts) its own bucket; from anywhere else the account's
 * shared one, which a guesser who knows the password can empty without locking out the real user's browser.
 */
export async function verifyTotp(
	sql: Sql,
	staff: SignedInStaff,
	otp: string,
	options: { now?: Date; device?: string } = {}
): Promise<TotpResult> {
	const device = trustedDevice(options.device, staff.id);
	const buckets: Taken = device ? [[STAFF_TOTP_PER_DEVICE, device]] : [[STAFF_TOTP_PER_ACCOUNT, staff.id]];
	if (!(await take(sql, buckets))) return { ok: false, reason: 'throttled' };
	const [row] = await sql<{ totpKey: Uint8Array | null; totpLastStep: string | null }[]>`
		select totp_key, totp_last_step from portal.staff where id = ${staff.id}`;
	if (!row?.totpKey) return { ok: false, reason: 'invalid' };
	const key = decryptTotpKey(new Uint8Array(row.totpKey), staff.id);
	const step = matchingStep(
		key,
		otp,
		row.totpLastStep === null ? null : BigInt(row.totpLastStep),
		options.now ?? new Date()
	);
	// The conditional update is the replay guard under concurrency: two requests with one code, one wins.
	const accepted =
		step !== null &&
		(
			await sql`
				update portal.staff set totp_last_step = ${step.toString()}
				where id = ${staff.id} and (totp_last_step is null or totp_last_step < ${step.toString()})`
		).count === 1;
	if (!accepted) {
		await auditFailure(sql, staff.id, 'totp_failed');
		return { ok: false, reason: 'invalid' };
	}
	await giveBack(sql, buckets);
	const opened = await openFullSession(
		sql,
		staff.id,
		{ staffId: staff.id, municipalitySlug: staff.municipalitySlug, action: 'totp_verified' },
		{ device: options.device }
	);
	return { ok: true, ...opened };
}

/** Signing out ends this session, audited in the same transaction. The device cookie stays: it opens nothing. */
export async function signOut(sql: Sql, staff: SignedInStaff): Promise<void> {
	await sql.begin(async (tx) => {
		await invalidateSession(tx as unknown as Sql, STAFF_SESSION, staff.sessionId);
		await audit(tx, { staffId: staff.id, municipalitySlug: staff.municipalitySlug, action: 'logout' });
	});
}
