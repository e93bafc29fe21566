import { describe, it, expect } from 'vitest';
import {
	CODE_ALPHABET,
	CODE_LENGTH,
	checkSymbol,
	formatCode,
	generateCode,
	normalizeCodeInput,
	parseCode
} from '$lib/domain/code';

/** A deterministic byte source, so a test can know exactly which code it gets. */
const fixedBytes = (bytes: number[]) => (n: number) => Uint8Array.from({ length: n }, (_, i) => bytes[i] ?? 0);

/** A small seeded PRNG (mulberry32) standing in for the CSPRNG where many codes are drawn. */
function seeded(seed: number) {
	let a = seed;
	return (n: number) =>
		Uint8Array.from({ length: n }, () => {
			a = (a + 0x6d2b79f5) | 0;
			let t = Math.imul(a ^ (a >>> 15), 1 | a);
			t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
			return ((t ^ (t >>> 14)) >>> 0) & 0xff;
		});
}

const valid = generateCode(seeded(1)).display;

describe('generateCode (DESIGN.md "The code")', () => {
	it('DESIGN.md: a code is 16 Crockford base32 symbols in 4 groups of 4, selector 6 + secret 9 + check 1', () => {
		const code = generateCode(seeded(7));
		expect(code.display).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
		expect(code.selector).toHaveLength(6);
		expect(code.secret).toHaveLength(9);
		const symbols = code.display.replace(/-/g, '');
		expect(symbols.slice(0, 6)).toBe(code.selector);
		expect(symbols.slice(6, 15)).toBe(code.secret);
		expect(symbols.slice(15)).toBe(checkSymbol(code.selector + code.secret));
	});

	it('DESIGN.md: symbols are read 5 bits at a time from the random bytes (no modulo bias)', () => {
		// The values 1, 2, …, 15 written as consecutive 5-bit fields, most significant bit first.
		const bits = Array.from({ length: 15 }, (_, i) => (i + 1).toString(2).padStart(5, '0'))
			.join('')
			.padEnd(80, '0');
		const bytes = Array.from({ length: 10 }, (_, i) => parseInt(bits.slice(i * 8, i * 8 + 8), 2));
		const code = generateCode(fixedBytes(bytes));
		expect(code.selector + code.secret).toBe('123456789ABCDEF');
		const allOnes = generateCode(fixedBytes(Array(10).fill(0xff)));
		expect(allOnes.selector + allOnes.secret).toBe('Z'.repeat(15));
	});

	it('DESIGN.md: at least 64 random bits — 75 bits are drawn, so 10 bytes are asked of the CSPRNG', () => {
		const asked: number[] = [];
		generateCode((n) => {
			asked.push(n);
			return new Uint8Array(n);
		});
		expect(asked).toEqual([10]);
		expect(() => generateCode(() => new Uint8Array(9))).toThrow();
	});

	it('DESIGN.md: every symbol of the alphabet is drawn about equally often at every position', () => {
		const counts = new Map<string, number>();
		const random = seeded(42);
		const draws = 4000;
		for (let i = 0; i < draws; i++) {
			const c = generateCode(random);
			for (const s of c.selector + c.secret) counts.set(s, (counts.get(s) ?? 0) + 1);
		}
		const expected = (draws * 15) / 32;
		expect(counts.size).toBe(32);
		for (const n of counts.values()) expect(Math.abs(n - expected) / expected).toBeLessThan(0.1);
	});

	it('DESIGN.md: a freshly issued code parses back to its own selector and secret', () => {
		const random = seeded(3);
		for (let i = 0; i < 200; i++) {
			const code = generateCode(random);
			expect(parseCode(code.display)).toEqual({ ok: true, ...code });
		}
	});
});

describe('normalizeCodeInput (Crockford base32)', () => {
	it('Crockford: lower case, spaces, dashes, underscores and dots are forgiven', () => {
		expect(normalizeCodeInput(' k7qf 3mzx_9t2h.wp4d ')).toBe('K7QF3MZX9T2HWP4D');
	});

	it('Crockford: O reads as 0, I and L read as 1; U stays outside the alphabet', () => {
		expect(normalizeCodeInput('oOiIlL')).toBe('001111');
		expect(normalizeCodeInput('u')).toBe('U');
		expect(CODE_ALPHABET).not.toMatch(/[ILOU]/);
	});
});

describe('parseCode (DESIGN.md: "a typo is told apart from an unknown code")', () => {
	it('DESIGN.md: an empty or blank entry is "empty"', () => {
		expect(parseCode('')).toEqual({ ok: false, reason: 'empty' });
		expect(parseCode(' - -')).toEqual({ ok: false, reason: 'empty' });
	});

	it('DESIGN.md: a code typed with its look-alikes, in lower case and without dashes, is accepted', () => {
		const code = generateCode(fixedBytes(Array(10).fill(0)));
		expect(code.display.startsWith('0000-0000-0000-000')).toBe(true);
		const typed = code.display.toLowerCase().replace(/-/g, ' ').replace(/0/g, 'o');
		expect(parseCode(typed)).toMatchObject({ ok: true, selector: '000000', display: code.display });
	});

	it('Crockford: a U or other non-alphabet symbol is "characters"', () => {
		expect(parseCode(valid.slice(0, -1) + 'U')).toEqual({ ok: false, reason: 'characters' });
		expect(parseCode(valid.slice(0, -1) + 'Æ')).toEqual({ ok: false, reason: 'characters' });
	});

	it('DESIGN.md: a code one symbol short or long is "length"', () => {
		expect(parseCode(valid.slice(0, -1))).toEqual({ ok: false, reason: 'length' });
		expect(parseCode(valid + '0')).toEqual({ ok: false, reason: 'length' });
		expect(CODE_LENGTH).toBe(16);
	});

	it('DESIGN.md: every single-symbol typo at every position is caught as "checksum", not an unknown code', () => {
		const symbols = valid.replace(/-/g, '');
		for (let i = 0; i < symbols.length; i++) {
			for (const s of CODE_ALPHABET) {
				if (s === symbols[i]) continue;
				const typo = symbols.slice(0, i) + s + symbols.slice(i + 1);
				expect(parseCode(typo), `${typo}`).toEqual({ ok: false, reason: 'checksum' });
			}
		}
	});

	it('Luhn mod 32: every adjacent transposition is caught except of the pair 0 and Z', () => {
		let missed = 0;
		for (const a of CODE_ALPHABET) {
			for (const b of CODE_ALPHABET) {
				if (a === b) continue;
				const body = `K7QF3${a}${b}X9T2HWP4`;
				const swapped = `K7QF3${b}${a}X9T2HWP4`;
				const caught = parseCode(swapped + checkSymbol(body)).ok === false;
				if (!caught) {
					missed++;
					expect([a, b].sort().join('')).toBe('0Z');
				}
			}
		}
		expect(missed).toBe(2);
	});
});

describe('formatCode', () => {
	it('DESIGN.md: 16 symbols are shown as 4 groups of 4 (K7QF-3MZX-9T2H-WP4D)', () => {
		expect(formatCode('K7QF3MZX9T2HWP4D')).toBe('K7QF-3MZX-9T2H-WP4D');
	});
});
