import { describe, it, expect } from 'vitest';
import { generateHOTP } from '@oslojs/otp';
import { enableTotp, newTotpKey, verifyTotp } from '$lib/server/auth/staff-auth';
import { newStaff } from './staff-fixtures';
import { staffAuthDatabase, totpStep } from './staff-auth-fixture';

/**
 * Issue 9, finding 16 (staff part): a new sign-in left the earlier staff session valid, and the session token was
 * not rotated when the second factor was verified (session fixation: whoever planted or saw the half-signed-in
 * token held a full session once the real user typed their code).
 */

const { sql, staffOfToken, signIn } = await staffAuthDatabase();

const NOW = new Date();

describe('staff sessions', () => {
	it('attack: an earlier staff session stays valid after a new full sign-in', async () => {
		await newStaff(sql, 'rasmus', 'counsellor', 'alfa', ['alfa-center']);
		const first = await signIn('rasmus', { client: 'library-pc' });
		expect(await staffOfToken(first)).not.toBeNull();
		const second = await signIn('rasmus', { client: 'office' });
		expect(await staffOfToken(second)).not.toBeNull();
		expect(await staffOfToken(first)).toBeNull();
	});

	it('attack: the half-signed-in token is still valid after TOTP is verified (session fixation)', async () => {
		await newStaff(sql, 'sofie', 'coordinator', 'alfa');
		const key = newTotpKey();
		const setupToken = await signIn('sofie');
		const setup = await enableTotp(
			sql,
			(await staffOfToken(setupToken))!,
			key,
			generateHOTP(key, totpStep(NOW) - 1n, 6),
			{ now: NOW }
		);
		expect(setup.ok).toBe(true);
		// Setting up TOTP completes a sign-in too: a new token, and the one used before it is gone.
		expect(await staffOfToken(setupToken)).toBeNull();
		const afterSetup = setup.ok ? setup.token : '';
		expect((await staffOfToken(afterSetup))?.twoFactorVerified).toBe(true);

		const half = await signIn('sofie');
		expect((await staffOfToken(half))?.twoFactorVerified).toBe(false);
		const result = await verifyTotp(sql, (await staffOfToken(half))!, generateHOTP(key, totpStep(NOW), 6), {
			now: NOW
		});
		expect(result.ok).toBe(true);
		expect(await staffOfToken(half)).toBeNull();
		const full = result.ok ? result.token : '';
		expect(full).not.toBe(half);
		expect((await staffOfToken(full))?.twoFactorVerified).toBe(true);
		// The full sign-in ended the earlier full session (the one from the set-up) as well.
		expect(await staffOfToken(afterSetup)).toBeNull();
	});

	it('a password-only sign-in of a TOTP account does not end the full session (a guesser who knows the password cannot sign the user out)', async () => {
		await newStaff(sql, 'tove', 'coordinator', 'alfa');
		const key = newTotpKey();
		const setup = await enableTotp(
			sql,
			(await staffOfToken(await signIn('tove')))!,
			key,
			generateHOTP(key, totpStep(NOW) - 1n, 6),
			{ now: NOW }
		);
		const full = setup.ok ? setup.token : '';
		await signIn('tove', { client: 'attacker' });
		expect((await staffOfToken(full))?.twoFactorVerified).toBe(true);
	});
});
