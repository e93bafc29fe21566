import { describe, expect, test } from 'vitest';
import { calendarFile } from '$lib/server/operations/ics';

/**
 * Issue 9, finding 14: a place's address is typed by staff (settings) and goes into the code holder's
 * calendar file. RFC 5545 §3.1: a content line ends with CRLF and is folded at 75 octets; §3.3.11: a TEXT
 * value escapes backslash, semicolon, comma and line breaks. Many calendar parsers also end a line at a bare CR
 * or a bare LF, so a stray CR in an address must not reach the file raw, or it starts a property of its own.
 */

const EVENT = { uid: 'b1', startsAt: new Date('2026-12-01T08:00:00Z'), endsAt: new Date('2026-12-01T09:00:00Z') };

/** §3.1: a CRLF followed by one space or tab is removed when the file is read. */
const unfold = (ics: string) => ics.replace(/\r\n[ \t]/g, '');

/** Every way a reader might end a line: CRLF, bare CR, bare LF (and the Unicode separators some honour). */
const looseLines = (ics: string) => ics.split(/\r\n|\r|\n|\u2028|\u2029|\u0085/).filter((l) => l !== '');

/** §3.3.11 read back: `\n`/`\N` → line break, `\;` `\,` `\\` → the character. */
const unescapeText = (value: string) =>
	value.replace(/\\([\\;,nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));

function locationOf(ics: string): string {
	const line = unfold(ics)
		.split('\r\n')
		.find((l) => l.startsWith('LOCATION:'));
	if (line === undefined) throw new Error('no LOCATION line');
	return unescapeText(line.slice('LOCATION:'.length));
}

const PROPERTIES = [
	'BEGIN',
	'VERSION',
	'PRODID',
	'CALSCALE',
	'METHOD',
	'UID',
	'DTSTAMP',
	'DTSTART',
	'DTEND',
	'SUMMARY',
	'LOCATION',
	'END'
];

describe('ICS injection (RFC 5545 §3.1, §3.3.11)', () => {
	const attacks: [string, string][] = [
		['a bare CR', 'Søborg Hovedgade 1\rATTENDEE:mailto:spy@evil.example'],
		['a bare LF', 'Søborg Hovedgade 1\nORGANIZER:mailto:spy@evil.example'],
		['CRLF', 'Søborg Hovedgade 1\r\nDESCRIPTION:Misbrugsbehandling'],
		['CR then a new component', 'Vej 2\rEND:VEVENT\rBEGIN:VALARM\rTRIGGER:-PT5M'],
		['Unicode line separators', 'Vej 3\u2028ATTENDEE:a\u2029ATTENDEE:b\u0085ATTENDEE:c'],
		['other control characters', 'Vej\u0000 4\u0007\u001b[31m\u007f']
	];

	for (const [name, address] of attacks) {
		test(`attack: an address with ${name} adds properties to the citizen's calendar file`, () => {
			const ics = calendarFile([{ ...EVENT, location: address }], 'Aftale');
			// Every line ends in CRLF, and nothing in the file ends a line any other way.
			expect(ics.replace(/\r\n/g, ''), 'no CR or LF outside CRLF').not.toMatch(/[\r\n\u2028\u2029\u0085]/);
			const names = looseLines(unfold(ics)).map((l) => /^[A-Z-]+/.exec(l)?.[0]);
			for (const n of names) expect(PROPERTIES, `property ${n}`).toContain(n);
			expect(names.filter((n) => n === 'LOCATION')).toHaveLength(1);
			expect(names.filter((n) => n === 'BEGIN')).toHaveLength(2);
			// No control character but the line ends survives.
			// eslint-disable-next-line no-control-regex -- finding control characters is the point
			expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/);
		});
	}

	test('attack: semicolons, commas and backslashes in an address split it into parameters and values', () => {
		const address = 'Vej 5;X-EVIL=1,2\\;3';
		const location = locationOf(calendarFile([{ ...EVENT, location: address }], 'Aftale'));
		expect(location).toBe(address);
	});

	test('a long Danish address is folded at 75 octets, never inside a character, and unfolds to the original', () => {
		const address =
			'Rådgivningen, Æblehaven 12, 1. sal; indgang fra gården ved siden af bageren — spørg i receptionen på første sal, før kl. 16 ☕🙂';
		const ics = calendarFile([{ ...EVENT, location: address }], 'Aftale');
		for (const line of ics.split('\r\n')) {
			expect(Buffer.byteLength(line, 'utf8'), line).toBeLessThanOrEqual(75);
			// A fold inside a character (a surrogate pair cut in two) does not survive a round trip through UTF-8.
			expect(Buffer.from(line, 'utf8').toString('utf8'), 'no character cut in two').toBe(line);
		}
		expect(ics.split('\r\n').filter((l) => l.startsWith(' ')).length, 'the address was folded').toBeGreaterThan(1);
		expect(locationOf(ics)).toBe(address);
	});

	test('line breaks in an address become \\n and read back as one line break each', () => {
		const ics = calendarFile([{ ...EVENT, location: 'A\r\nB\rC\nD' }], 'Aftale');
		expect(locationOf(ics)).toBe('A\nB\nC\nD');
	});
});
