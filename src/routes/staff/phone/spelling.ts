/**
 * Spelling a code aloud on the phone, symbol by symbol, so a caller writes it down right the first time.
 * Danish: the Danish spelling alphabet (Anna, Bernhard, …); English: the ICAO/NATO alphabet. Codes use
 * Crockford base32 (no I, L, O, U), but every letter is listed so a change of alphabet cannot break this.
 */

const DANISH: Record<string, string> = {
	A: 'Anna',
	B: 'Bernhard',
	C: 'Cecilie',
	D: 'David',
	E: 'Erik',
	F: 'Frederik',
	G: 'Georg',
	H: 'Hans',
	I: 'Ida',
	J: 'Johan',
	K: 'Karen',
	L: 'Ludvig',
	M: 'Mari',
	N: 'Nikolaj',
	O: 'Odin',
	P: 'Peter',
	Q: 'Quintus',
	R: 'Rasmus',
	S: 'Søren',
	T: 'Theodor',
	U: 'Ulla',
	V: 'Viggo',
	W: 'William',
	X: 'Xerxes',
	Y: 'Yrsa',
	Z: 'Zackarias',
	'0': 'nul',
	'1': 'et',
	'2': 'to',
	'3': 'tre',
	'4': 'fire',
	'5': 'fem',
	'6': 'seks',
	'7': 'syv',
	'8': 'otte',
	'9': 'ni'
};

const NATO: Record<string, string> = {
	A: 'Alfa',
	B: 'Bravo',
	C: 'Charlie',
	D: 'Delta',
	E: 'Echo',
	F: 'Foxtrot',
	G: 'Golf',
	H: 'Hotel',
	I: 'India',
	J: 'Juliett',
	K: 'Kilo',
	L: 'Lima',
	M: 'Mike',
	N: 'November',
	O: 'Oscar',
	P: 'Papa',
	Q: 'Quebec',
	R: 'Romeo',
	S: 'Sierra',
	T: 'Tango',
	U: 'Uniform',
	V: 'Victor',
	W: 'Whiskey',
	X: 'X-ray',
	Y: 'Yankee',
	Z: 'Zulu',
	'0': 'zero',
	'1': 'one',
	'2': 'two',
	'3': 'three',
	'4': 'four',
	'5': 'five',
	'6': 'six',
	'7': 'seven',
	'8': 'eight',
	'9': 'nine'
};

export interface Spelled {
	symbol: string;
	word: string;
	isDigit: boolean;
}

/** The code's groups, each a list of symbols with their spoken word; separators are not spoken. */
export function spellCode(display: string, locale: 'da' | 'en'): Spelled[][] {
	const table = locale === 'da' ? DANISH : NATO;
	return display
		.toUpperCase()
		.split(/[-\s]+/)
		.filter(Boolean)
		.map((group) =>
			[...group].map((symbol) => ({ symbol, word: table[symbol] ?? symbol, isDigit: /\d/.test(symbol) }))
		);
}
