import type { Sql } from '../platform/db';
import { audit } from '../operations/audit';
import { hashSecret, passwordProblem, verifySecret, type PasswordProblem } from './password';
import type { Bucket } from './rate-limit';
import type { Session } from './session';
import { giveBack, openFullSession, pendingStep, take, type SignedInStaff } from './staff-auth';
import type { Staff } from '../staff/staff';

/**
 * Changing and resetting staff passwords (OWASP ASVS 5.0 6.2.2–6.2.3, 6.4; issue 9, finding 8). Everyone can
 * change their own password with the current one; a password somebody else chose (a coordinator creating or
 * resetting the account) must be changed at the next sign-in; a coordinator resets a colleague's password or lost
 * TOTP phone, audited, and the colleague's sessions end at once.
 */

/** Guessing the current password through this form is as slow as through the sign-in form. */
export const STAFF_PASSWORD_CHANGE_PER_ACCOUNT: Bucket = {
	name: 'staff-password-change:account',
	max: 5,
	refillPerSecond: 1 / 60
};

export type ChangePasswordResult =
	| { ok: true; token: string; session: Session }
	| { ok: false; reason: 'throttled' | 'invalid' | 'same' }
	| { ok: false; reason: 'weak'; problem: PasswordProblem };

export async function changePassword(
	sql: Sql,
	staff: SignedInStaff,
	input: { current: string; next: string }
): Promise<ChangePasswordResult> {
	// Not before the second factor: a password alone must not be enough to lock the real user out.
	if (pendingStep(staff) === 'verify') return { ok: false, reason: 'invalid' };
	const buckets: [Bucket, string][] = [[STAFF_PASSWORD_CHANGE_PER_ACCOUNT, staff.id]];
	if (!(await take(sql, buckets))) return { ok: false, reason: 'throttled' };
	const [row] = await sql<{ passwordHash: string }[]>`select password_hash from portal.staff where id = ${staff.id}`;
	if (!row || !(await verifySecret(row.passwordHash, input.current))) return { ok: false, reason: 'invalid' };
	await giveBack(sql, buckets);
	// The forced change is pointless if the new password is the one somebody else chose.
	if (input.next === input.current) return { ok: false, reason: 'same' };
	const problem = passwordProblem(input.next, { username: staff.username });
	if (problem) return { ok: false, reason: 'weak', problem };
	const passwordHash = await hashSecret(input.next);
	// Whoever held another session (or this one's token) with the old password is out (ASVS 7.4.3).
	const { token, session } = await openFullSession(
		sql,
		staff.id,
		{ staffId: staff.id, municipalitySlug: staff.municipalitySlug, action: 'password_changed' },
		{
			first: (tx) =>
				tx`update portal.staff set password_hash = ${passwordHash}, must_change_password = false where id = ${staff.id}`
		}
	);
	return { ok: true, token, session };
}

export type ResetResult =
	{ ok: true } | { ok: false; reason: 'not_found' } | { ok: false; reason: 'weak'; problem: PasswordProblem };

/** A coordinator's own colleague, not themselves (their own password they change like everyone else). */
function resettableBy(by: Staff, colleague: Staff): boolean {
	return by.role === 'coordinator' && colleague.municipalitySlug === by.municipalitySlug && colleague.id !== by.id;
}

/** A forgotten password: the coordinator gives a temporary one, which must be changed at the next sign-in. */
export async function resetPassword(sql: Sql, by: Staff, colleague: Staff, password: string): Promise<ResetResult> {
	if (!resettableBy(by, colleague)) return { ok: false, reason: 'not_found' };
	const problem = passwordProblem(password, { username: colleague.username });
	if (problem) return { ok: false, reason: 'weak', problem };
	const passwordHash = await hashSecret(password);
	await sql.begin(async (tx) => {
		await tx`update portal.staff set password_hash = ${passwordHash}, must_change_password = true where id = ${colleague.id}`;
		await tx`delete from portal.staff_session where staff_id = ${colleague.id}`;
		await audit(tx, {
			staffId: by.id,
			municipalitySlug: by.municipalitySlug,
			action: 'password_reset',
			detail: { staff: colleague.id }
		});
	});
	return { ok: true };
}

/**
 * A lost TOTP phone: the key is forgotten and the colleague signs in with the password alone, then sets up a new
 * key where the coordinator requires one.
 */
export async function resetTotp(sql: Sql, by: Staff, colleague: Staff): Promise<ResetResult> {
	if (!resettableBy(by, colleague)) return { ok: false, reason: 'not_found' };
	await sql.begin(async (tx) => {
		await tx`update portal.staff set totp_key = null, totp_last_step = null where id = ${colleague.id}`;
		await tx`delete from portal.staff_session where staff_id = ${colleague.id}`;
		await audit(tx, {
			staffId: by.id,
			municipalitySlug: by.municipalitySlug,
			action: 'totp_reset',
			detail: { staff: colleague.id }
		});
	});
	return { ok: true };
}
