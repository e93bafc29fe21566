import type { Offer, Phase } from '$lib/domain/model';

/** Offers shaped like the seeds' (000, 001, 003), small enough to read next to the tests that use them. */

const base: Omit<
	Offer,
	'slug' | 'law' | 'phases' | 'cadence' | 'youth' | 'guarantee14Days' | 'minAge' | 'maxAge' | 'eligibility'
> = {
	municipality: 'gladsaxe',
	audience: 'self',
	title: { da: 'Test', en: 'Test' },
	summary: { da: 'Test', en: 'Test' },
	noMedicineWhileAnonymous: false,
	providers: [],
	nextStep: { da: 'Ring', en: 'Call', phone: { known: true, value: '39 57 39 00' } },
	sources: []
};

const talk = (max: number | null, requiresDecision = false, kind: Phase['kind'] = 'conversation'): Phase => ({
	kind,
	max,
	format: { kind: 'individual', minutes: 60 },
	requiresDecision
});

/** SUL §141 stk. 7 anonymous alcohol: uncapped, 2–8 contacts a calendar month, 14-day guarantee (000). */
export const alcohol: Offer = {
	...base,
	slug: 'alkohol-anonym',
	law: 'SUL §141 stk. 7',
	minAge: 18,
	maxAge: null,
	eligibility: ['adult'],
	phases: [talk(null)],
	cadence: { kind: 'perCalendarMonth', max: 8 },
	youth: null,
	guarantee14Days: true,
	noMedicineWhileAnonymous: true
};

/** SEL §101a Gladsaxe: clarifying talk → decision → 10 weekly group sessions → optional closing talk (001, 002). */
export const drugs101a: Offer = {
	...base,
	slug: 'stof-101a',
	law: 'SEL §101a',
	minAge: 18,
	maxAge: null,
	eligibility: ['adult', 'drugProblem', 'selfSupporting', 'hasHome', 'noSubstitution', 'noPsychiatric'],
	phases: [
		talk(1, false, 'clarifying'),
		{
			kind: 'course',
			max: 10,
			format: { kind: 'group', minutes: 120, seats: 8, weeks: 10, rollingIntake: true },
			requiresDecision: true
		},
		talk(1, true, 'closing')
	],
	cadence: { kind: 'perWeek', max: 1 },
	youth: null,
	guarantee14Days: false
};

/** Gladsaxe youth counselling: 1–2 anonymous talks under 25; under 18 more only with parents' permission (001). */
export const youthCounselling: Offer = {
	...base,
	slug: 'ung-raadgivning',
	law: 'SEL §§10–11',
	minAge: 12,
	maxAge: 25,
	eligibility: ['livesInMunicipality'],
	phases: [talk(10)],
	cadence: null,
	youth: { anonymousMax: 2, withConsentMax: 3 },
	guarantee14Days: false
};

/** Helsingør counselling 25+: 3 conversations (003). */
export const counselling25plus: Offer = {
	...base,
	slug: 'raadgivning-25',
	municipality: 'helsingor',
	law: 'SEL §§10–11',
	minAge: 25,
	maxAge: null,
	eligibility: [],
	phases: [talk(3)],
	cadence: null,
	youth: null,
	guarantee14Days: false
};

/** Odsherred counselling: 1–5 conversations from age 12 (002). */
export const counsellingFrom12: Offer = {
	...base,
	slug: 'raadgivning-12',
	municipality: 'odsherred',
	law: 'SEL §§10–11',
	minAge: 12,
	maxAge: null,
	eligibility: [],
	phases: [talk(5)],
	cadence: null,
	youth: null,
	guarantee14Days: false
};
