/**
 * The name staff see instead of a code ("Ræv-42"): friendly to say on the phone and in a group, and telling
 * nothing about the person. Unique enough within an offer's calendar; it is not a secret and not a key.
 */
const ANIMALS = [
	'Ræv', 'Ugle', 'Odder', 'Hjort', 'Grævling', 'Egern', 'Mår', 'Sæl', 'Hare', 'Bæver', 'Lærke', 'Stær',
	'Svale', 'Mejse', 'Musvåge', 'Glente', 'Trane', 'Stork', 'Hejre', 'Ravn', 'Ulv', 'Los', 'Elg', 'Pindsvin',
	'Spætte', 'Vibe', 'Ryle', 'Terne', 'Ederfugl', 'Lunde', 'Marsvin', 'Kronhjort'
] as const;

export function randomAlias(randomInt: (maxExclusive: number) => number): string {
	const animal = ANIMALS[randomInt(ANIMALS.length)]!;
	return `${animal}-${10 + randomInt(90)}`;
}
