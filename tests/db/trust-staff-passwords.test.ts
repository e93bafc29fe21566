import { describe, it, expect } from 'vitest';
import { generateHOTP } from '@oslojs/otp';
import { enableTotp, logIn, newTotpKey, pendingStep, staffGate } from '$lib/server/auth/staff-auth';
import { changePassword, resetPassword, resetTotp } from '$lib/server/auth/staff-password';
import { passwordProblem } from '$lib/server/auth/password';
import { createStaff, staffById } from '$lib/server/staff/staff';
import { newStaff, PASSWORD } from './staff-fixtures';
import { staffAuthDatabase, totpStep } from './staff-auth-fixture';

/**
 * Issue 9, finding 8 (OWASP ASVS 5.0 chapter 6): a coordinator could set `aaaaaaaaaaaa` or twelve spaces, and
 * nobody could ever change a password, so whoever set a colleague's password knew it for good.
 */

const { sql, staffOfToken, signIn } = await staffAuthDatabase();

const NOW = new Date();

const colleague = (username: string, password: string) => ({
	municipalitySlug: 'alfa',
	username,
	displayName: username,
	password,
	role: 'counsellor' as const,
	places: ['alfa-center'],
	totpRequired: false
});

describe('staff password rules (ASVS 5.0 6.2)', () => {
	it("attack: a coordinator sets aaaaaaaaaaaa or twelve spaces as a colleague's password", async () => {
		for (const weak of ['aaaaaaaaaaaa', ' '.repeat(12), '\t \t \t \t \t \t ']) {
			const result = await createStaff(sql, colleague(`weak.${weak.length}.${weak.charCodeAt(0)}`, weak), null);
			expect(result, JSON.stringify(weak)).toEqual({ ok: false, reason: 'weak_password', problem: expect.any(String) });
		}
		const [row] = await sql<{ n: number }[]>`select count(*)::int as n from portal.staff where username like 'weak.%'`;
		expect(row!.n).toBe(0);
	});

	it('refuses short, common, breached, repetitive and sequential passwords, and ones built on the username', () => {
		expect(passwordProblem('kort kode')).toBe('too_short');
		expect(passwordProblem('x'.repeat(129) + 'yz')).toBe('too_long');
		// From the shipped list of common passwords (@zxcvbn-ts/language-common), as typed or padded.
		expect(passwordProblem('1qaz2wsx3edc')).toBe('common');
		expect(passwordProblem('qwertyuiopasdfgh')).not.toBeNull();
		expect(passwordProblem('Password12345')).toBe('common');
		expect(passwordProblem('!!dragon!!2024')).toBe('common');
		expect(passwordProblem('aaaaaaaaaaaa')).toBe('repetitive');
		expect(passwordProblem('abcabcabcabc')).toBe('repetitive');
		expect(passwordProblem('abababababababab')).toBe('repetitive');
		expect(passwordProblem('123456789012')).not.toBeNull();
		expect(passwordProblem('abcdefghijklmn')).toBe('repetitive');
		expect(passwordProblem(' '.repeat(20))).toBe('repetitive');
		expect(passwordProblem('anne.hansen 2024!', { username: 'anne.hansen' })).toBe('contains_username');
	});

	it('accepts long passphrases of any composition, up to at least 64 characters (no composition rules)', () => {
		expect(passwordProblem('correct horse battery')).toBeNull();
		expect(passwordProblem('tre blå heste på engen')).toBeNull();
		expect(passwordProblem('zqmvtwxbkpdr')).toBeNull();
		expect(passwordProblem('ø'.repeat(3) + 'lkjhgfdsamnb')).toBeNull();
		expect(passwordProblem('en meget lang sætning som ingen vil gætte, skrevet helt ud i ét stykke!!')).toBeNull();
		expect('en meget lang sætning som ingen vil gætte, skrevet helt ud i ét stykke!!'.length).toBeGreaterThan(64);
	});
});

describe('changing and resetting staff passwords', () => {
	it("attack: whoever set a colleague's password knows it for good", async () => {
		const created = await createStaff(sql, colleague('ulla', 'kaffe og rugbrød kl. 9'), null);
		if (!created.ok) throw new Error(created.reason);
		// A password a coordinator set must be changed at the next sign-in, before anything else.
		const token = await signIn('ulla', { password: 'kaffe og rugbrød kl. 9' });
		const me = (await staffOfToken(token))!;
		expect(pendingStep(me)).toBe('password');
		expect(staffGate('/staff/calendar', '/staff/calendar', me)).toBe('/staff/password');
		expect(staffGate('/staff/password', '/staff/password', me)).toBeNull();

		expect(await changePassword(sql, me, { current: 'wrong', next: 'hendes egne ord om foråret' })).toEqual({
			ok: false,
			reason: 'invalid'
		});
		expect(
			await changePassword(sql, me, { current: 'kaffe og rugbrød kl. 9', next: 'kaffe og rugbrød kl. 9' })
		).toEqual({ ok: false, reason: 'same' });
		expect(await changePassword(sql, me, { current: 'kaffe og rugbrød kl. 9', next: 'aaaaaaaaaaaaaa' })).toEqual({
			ok: false,
			reason: 'weak',
			problem: 'repetitive'
		});
		const changed = await changePassword(sql, me, {
			current: 'kaffe og rugbrød kl. 9',
			next: 'hendes egne ord om foråret'
		});
		expect(changed.ok).toBe(true);
		// A new session replaces the old one; the coordinator's password no longer opens the account.
		expect(await staffOfToken(token)).toBeNull();
		const after = (await staffOfToken(changed.ok ? changed.token : ''))!;
		expect(pendingStep(after)).toBeNull();
		expect(await logIn(sql, { username: 'ulla', password: 'kaffe og rugbrød kl. 9', client: 'c' })).toEqual({
			ok: false,
			reason: 'invalid'
		});
		expect((await logIn(sql, { username: 'ulla', password: 'hendes egne ord om foråret', client: 'c' })).ok).toBe(true);
		const audit = await sql<
			{ action: string }[]
		>`select action from portal.audit where staff_id = ${created.id} and action = 'password_changed'`;
		expect(audit).toHaveLength(1);
	});

	it('every staff member can change their own password, with the current one', async () => {
		await newStaff(sql, 'vera', 'counsellor', 'alfa', ['alfa-center']);
		const me = (await staffOfToken(await signIn('vera')))!;
		expect(pendingStep(me)).toBeNull();
		expect((await changePassword(sql, me, { current: PASSWORD, next: 'en helt ny sætning i dag' })).ok).toBe(true);
	});

	it("a coordinator resets a colleague's password and lost TOTP phone: audited, sessions ended, change forced", async () => {
		const boss = await newStaff(sql, 'william', 'coordinator', 'alfa');
		const colleagueRow = await newStaff(sql, 'xenia', 'counsellor', 'alfa', ['alfa-center']);
		const key = newTotpKey();
		const setup = await enableTotp(
			sql,
			(await staffOfToken(await signIn('xenia')))!,
			key,
			generateHOTP(key, totpStep(NOW), 6),
			{ now: NOW }
		);
		expect(setup.ok).toBe(true);
		const xeniaSession = setup.ok ? setup.token : '';

		expect(await resetPassword(sql, boss, colleagueRow, 'aaaaaaaaaaaaaaaa')).toEqual({
			ok: false,
			reason: 'weak',
			problem: 'repetitive'
		});
		expect(await resetPassword(sql, boss, colleagueRow, 'en frisk start for hende')).toEqual({ ok: true });
		expect(await resetTotp(sql, boss, colleagueRow)).toEqual({ ok: true });
		const after = (await staffById(sql, colleagueRow.id))!;
		expect(after.totpEnabled).toBe(false);
		expect(after.mustChangePassword).toBe(true);
		expect(await staffOfToken(xeniaSession)).toBeNull();

		const audit = await sql<{ action: string; staffId: string; detail: { staff: string } }[]>`
			select action, staff_id, detail from portal.audit where action in ('password_reset', 'totp_reset') order by id`;
		expect(audit.map((a) => a.action)).toEqual(['password_reset', 'totp_reset']);
		expect(audit.every((a) => a.staffId === boss.id && a.detail.staff === colleagueRow.id)).toBe(true);

		const me = (await staffOfToken(await signIn('xenia', { password: 'en frisk start for hende' })))!;
		expect(pendingStep(me)).toBe('password');
	});

	it('a coordinator cannot reset staff of another municipality', async () => {
		const boss = await newStaff(sql, 'yrsa', 'coordinator', 'alfa');
		const stranger = await newStaff(sql, 'zaki', 'counsellor', 'beta', ['beta-center']);
		expect(await resetPassword(sql, boss, stranger, 'a password for a stranger')).toEqual({
			ok: false,
			reason: 'not_found'
		});
		expect(await resetTotp(sql, boss, stranger)).toEqual({ ok: false, reason: 'not_found' });
	});
});
