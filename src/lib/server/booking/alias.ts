/**
 * The name staff see instead of a code ("Ræv-48213"): friendly to say on the phone and in a group, and telling
 * nothing about the person. It is not a secret and not a key, but it must never be ambiguous: the database
 * keeps it unique among all codes alive at once (migrations/045, `code_alias_unique`), and insertCode draws
 * again on a clash. 32 animals × 90 000 numbers = 2 880 000 names, so at a whole country's ~200 000 live codes
 * fewer than one draw in ten clashes (and is drawn again), and at one municipality's scale almost none.
 */
const ANIMALS = [
	'Ræv',
	'Ugle',
	'Odder',
	'Hjort',
	'Grævling',
	'Egern',
	'Mår',
	'Sæl',
	'Hare',
	'Bæver',
	'Lærke',
	'Stær',
	'Svale',
	'Mejse',
	'Musvåge',
	'Glente',
	'Trane',
	'Stork',
	'Hejre',
	'Ravn',
	'Ulv',
	'Los',
	'Elg',
	'Pindsvin',
	'Spætte',
	'Vibe',
	'Ryle',
	'Terne',
	'Ederfugl',
	'Lunde',
	'Marsvin',
	'Kronhjort'
] as const;

const ALIAS_NUMBER_MIN = 10_000;
const ALIAS_NUMBERS = 90_000;
/** How many different aliases there are. */
export const ALIAS_SPACE = ANIMALS.length * ALIAS_NUMBERS;

export function randomAlias(randomInt: (maxExclusive: number) => number): string {
	const animal = ANIMALS[randomInt(ANIMALS.length)]!;
	return `${animal}-${ALIAS_NUMBER_MIN + randomInt(ALIAS_NUMBERS)}`;
}
