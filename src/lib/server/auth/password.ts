import { hash, verify } from '@node-rs/argon2';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';

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

// ---- What a staff password must be (OWASP ASVS 5.0 chapter 6; issue 9, finding 8) ----

/**
 * ASVS 6.2.1 asks at least 8 characters; we ask 12 because these accounts see a municipality's calendar. 6.2.9:
 * at least 64 must be allowed; 128 keeps argon2's input and the form sane. Counted in characters, not bytes.
 */
export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 128;

/**
 * 6.2.4 / 6.2.12: a list of common and breached passwords shipped with the app, never fetched at run time. The
 * ~49 000 most common passwords from the maintained zxcvbn-ts project.
 */
const COMMON = new Set((dictionary['passwords-common'] as string[]).map((p) => p.toLowerCase()));
const KEYBOARD = adjacencyGraphs.qwerty as Record<string, (string | null)[]>;

export type PasswordProblem = 'too_short' | 'too_long' | 'common' | 'repetitive' | 'contains_username';

/**
 * Why a new staff password is refused, or null. No composition rules (6.2.5: any characters, spaces included,
 * nothing required); instead what makes a long password guessable: the common list (also with digits or symbols
 * stuck on either end, "Password12345"), repeats ("aaaaaaaaaaaa", twelve spaces, "abcabcabcabc"), runs
 * ("abcdefghijkl", "123456789012"), keyboard walks ("qwertyuiopasdfgh"), and the username (6.2.11).
 */
export function passwordProblem(password: string, context: { username?: string } = {}): PasswordProblem | null {
	const chars = [...password];
	if (chars.length < PASSWORD_MIN) return 'too_short';
	if (chars.length > PASSWORD_MAX) return 'too_long';
	const lower = password.toLowerCase();
	const core = lower.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');
	if (COMMON.has(lower) || (core.length >= 4 && COMMON.has(core))) return 'common';
	if (isPattern([...lower])) return 'repetitive';
	const username = context.username?.trim().toLowerCase();
	if (username && username.length >= 3 && lower.includes(username)) return 'contains_username';
	return null;
}

function isPattern(chars: string[]): boolean {
	const text = chars.join('');
	if (text.trim() === '') return true;
	// A shorter piece said again and again; or so few different characters that it amounts to that.
	if (/^(.+?)\1+$/su.test(text) || new Set(chars).size < 5) return true;
	const codes = chars.map((c) => c.codePointAt(0)!);
	const steps = codes.slice(1).map((c, i) => c - codes[i]!);
	// A run up or down the alphabet or the digits (digits wrap: …7890123).
	const digits = /^\d+$/.test(text);
	if (steps.every((d) => d === 1 || (digits && d === -9)) || steps.every((d) => d === -1 || (digits && d === 9))) return true;
	// A walk along the keyboard, allowing a couple of jumps to the next row.
	const jumps = chars.slice(1).filter((c, i) => !KEYBOARD[chars[i]!]?.some((keys) => keys?.includes(c))).length;
	return jumps <= 2;
}
