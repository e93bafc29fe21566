/**
 * The pseudonymous code, the only key a person holds (DESIGN.md "The code"). Crockford base32 so it can be read
 * out on the phone and typed without O/0 or I/1/L confusion; a selector for lookup, a secret stored only as an
 * argon2id hash, and a check symbol so a typo is told apart from an unknown code.
 */

export const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const SELECTOR_LENGTH = 6; // 30 bits: an indexed lookup key, not a secret
export const SECRET_LENGTH = 9; // 45 bits: with the selector, 75 random bits ≥ the 64 DESIGN.md asks for
export const CODE_LENGTH = SELECTOR_LENGTH + SECRET_LENGTH + 1;
export const CODE_GROUP = 4;

const BITS_PER_SYMBOL = 5;
const RANDOM_SYMBOLS = SELECTOR_LENGTH + SECRET_LENGTH;
const RANDOM_BYTES = Math.ceil((RANDOM_SYMBOLS * BITS_PER_SYMBOL) / 8);
const N = CODE_ALPHABET.length;

export interface IssuedCode {
	selector: string;
	secret: string;
	/** The only form shown to the person: grouped, e.g. K7QF-3MZX-9T2H-WP4D. */
	display: string;
}

export type ParsedCode =
	| { ok: true; selector: string; secret: string; display: string }
	| { ok: false; reason: 'empty' | 'length' | 'characters' | 'checksum' };

/**
 * Draws a code from the injected CSPRNG. Symbols are taken 5 bits at a time from the random bytes, so each is
 * exactly uniform over the 32 symbols (no modulo bias).
 */
export function generateCode(randomBytes: (n: number) => Uint8Array): IssuedCode {
	const bytes = randomBytes(RANDOM_BYTES);
	if (bytes.length < RANDOM_BYTES) throw new Error(`randomBytes returned ${bytes.length} bytes, not ${RANDOM_BYTES}`);
	let body = '';
	for (let i = 0; i < RANDOM_SYMBOLS; i++) body += CODE_ALPHABET[readBits(bytes, i * BITS_PER_SYMBOL)];
	const symbols = body + checkSymbol(body);
	return {
		selector: symbols.slice(0, SELECTOR_LENGTH),
		secret: symbols.slice(SELECTOR_LENGTH, RANDOM_SYMBOLS),
		display: formatCode(symbols)
	};
}

/** Five bits, most significant first, starting at bit `offset` of `bytes`. */
function readBits(bytes: Uint8Array, offset: number): number {
	let value = 0;
	for (let bit = offset; bit < offset + BITS_PER_SYMBOL; bit++) {
		const byte = bytes[bit >> 3] ?? 0;
		value = (value << 1) | ((byte >> (7 - (bit & 7))) & 1);
	}
	return value;
}

/** Groups of four joined by dashes, the way the code is printed, read out and downloaded. */
export function formatCode(symbols: string): string {
	const groups: string[] = [];
	for (let i = 0; i < symbols.length; i += CODE_GROUP) groups.push(symbols.slice(i, i + CODE_GROUP));
	return groups.join('-');
}

/**
 * What a person typed, in canonical symbols: upper case, separators dropped, and the letters Crockford maps to
 * digits (O→0, I and L→1) mapped, since people copy codes by eye and by ear. U is not in the alphabet and stays
 * an invalid character.
 */
export function normalizeCodeInput(raw: string): string {
	return raw
		.toUpperCase()
		.replace(/[\s\-_.\u2010-\u2015]/g, '')
		.replace(/O/g, '0')
		.replace(/[IL]/g, '1');
}

/**
 * Reads a typed code. A failed check symbol means a typo ('checksum'), which the person can fix; a code that
 * passes but whose selector is not found is unknown, and that answer belongs to the server.
 */
export function parseCode(raw: string): ParsedCode {
	const symbols = normalizeCodeInput(raw);
	if (symbols.length === 0) return { ok: false, reason: 'empty' };
	if ([...symbols].some((s) => !CODE_ALPHABET.includes(s))) return { ok: false, reason: 'characters' };
	if (symbols.length !== CODE_LENGTH) return { ok: false, reason: 'length' };
	if (checkSymbol(symbols.slice(0, RANDOM_SYMBOLS)) !== symbols.slice(RANDOM_SYMBOLS)) {
		return { ok: false, reason: 'checksum' };
	}
	return {
		ok: true,
		selector: symbols.slice(0, SELECTOR_LENGTH),
		secret: symbols.slice(SELECTOR_LENGTH, RANDOM_SYMBOLS),
		display: formatCode(symbols)
	};
}

/**
 * Luhn mod N (N = 32) over the symbols: every single-symbol substitution changes the sum, and every adjacent
 * transposition except of the pair 0 and Z (values 0 and N−1) does too.
 */
export function checkSymbol(body: string): string {
	let factor = 2;
	let sum = 0;
	for (let i = body.length - 1; i >= 0; i--) {
		const value = CODE_ALPHABET.indexOf(body.charAt(i));
		if (value < 0) throw new Error(`Not a code symbol: ${body.charAt(i)}`);
		const addend = factor * value;
		sum += Math.floor(addend / N) + (addend % N);
		factor = factor === 2 ? 1 : 2;
	}
	return CODE_ALPHABET.charAt((N - (sum % N)) % N);
}
