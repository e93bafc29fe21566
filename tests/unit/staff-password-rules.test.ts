import { describe, it, expect } from 'vitest';
import { passwordProblem } from '$lib/server/auth/password';

/**
 * OWASP ASVS 5.0 chapter 6 (issue 9, finding 8), after the outside review's second look: passwords that were
 * still accepted because the shipped common list is English and the length counted invisible characters.
 */
describe('staff passwords: what a guesser tries first is refused (ASVS 6.2.4, 6.2.11)', () => {
	it('ASVS 6.2.11: context words — the portal, its municipalities, "adgangskode", "velkommen", the demo password', () => {
		for (const p of [
			'adgangskode1',
			'Adgangskode2024',
			'demo-adgangskode',
			'Velkommen123',
			'Gladsaxe2024!',
			'København-2026'
		]) {
			expect(passwordProblem(p), p).not.toBeNull();
		}
	});

	it('ASVS 6.2.4: patterns split by digits or symbols — repeats, runs and doubled runs', () => {
		for (const p of ['hejhejhej123', 'Abcdefgh1234', '11223344556677', 'qwerty-123456'])
			expect(passwordProblem(p), p).not.toBeNull();
	});

	it('ASVS 6.2.1: invisible characters do not count towards the length', () => {
		expect(passwordProblem('\u200b'.repeat(12))).toBe('too_short');
		expect(passwordProblem('abc\u200d\u200d\u200d\u200d\u200d\u200d\u200d\u200d\u200d')).toBe('too_short');
	});

	it('ASVS 6.2.5 and 6.2.9: passphrases of ordinary words stay allowed, in Danish and English, spaces included', () => {
		for (const p of [
			'correct horse battery',
			'Tre små grise på taget',
			'mit-hus-har-7-vinduer',
			'Sol over Søborg i juni'
		]) {
			expect(passwordProblem(p), p).toBeNull();
		}
	});
});
