import { describe, expect, test } from 'vitest';
import type { MunicipalityConfig, Offer, Phase, Place } from '$lib/domain/model';
import { lawViolations, placesServing, providersFor } from '$lib/domain/routing';
import { loadConfig } from '$lib/server/catalogue/config';

/** SEL §101a and SUL §141 texts are quoted in seed 002; the partners in 001, 003, 004. */

const { configs } = loadConfig();
const allPlaces = configs.flatMap((c) => c.places);

const place = (slug: string, municipality: string): Place => ({
	slug,
	municipality,
	name: slug,
	address: { known: false },
	phone: { known: false },
	outsideHoursByAgreement: false
});
const individual = (kind: Phase['kind'], max: number | null, requiresDecision: boolean): Phase => ({
	kind,
	max,
	format: { kind: 'individual', minutes: 45 },
	requiresDecision
});
const group: Phase = {
	kind: 'course',
	max: 10,
	format: { kind: 'group', minutes: 90, seats: 8, weeks: 10, rollingIntake: false },
	requiresDecision: true
};

/** A §101a offer that keeps every rule: two providers, one of them in another municipality. */
function sel101a(overrides: Partial<Offer> = {}): Offer {
	return {
		slug: 'a-101a',
		municipality: 'a',
		law: 'SEL §101a',
		audience: 'self',
		title: { da: 't', en: 't' },
		summary: { da: 's', en: 's' },
		minAge: 18,
		maxAge: null,
		eligibility: ['adult', 'drugProblem', 'noSubstitution'],
		phases: [individual('clarifying', 1, false), group, individual('closing', 1, true)],
		cadence: { kind: 'perWeek', max: 1 },
		youth: null,
		guarantee14Days: false,
		noMedicineWhileAnonymous: true,
		providers: [
			{ place: 'a-centre', hours: { known: false } },
			{ place: 'b-partner', hours: { known: false } }
		],
		nextStep: { da: 'ring', en: 'call', phone: { known: false } },
		sources: ['002_82e4a84d06bb5d41.txt'],
		...overrides
	};
}
function world(offer: Offer): MunicipalityConfig[] {
	return [
		{
			municipality: { slug: 'a', name: 'A Kommune', phone: { known: false }, retentionMonths: 12 },
			places: [place('a-centre', 'a'), place('a-other', 'a')],
			offers: [offer]
		},
		{
			municipality: { slug: 'b', name: 'B Kommune', phone: { known: false }, retentionMonths: 12 },
			places: [place('b-partner', 'b')],
			offers: []
		}
	];
}
/** The offer's own findings; the municipality-wide rule (every law offered) has its own tests below. */
const offerRules = (offer: Offer) => lawViolations(world(offer), { offersOnly: true });
const rules = (offer: Offer) => offerRules(offer).map((v) => [v.rule, v.severity]);

describe('providersFor and placesServing', () => {
	test('SEL §101a stk. 2: Gladsaxe §101a is provided by its own centre and Brydehuset in Ballerup (001 §5)', () => {
		const offer = configs.flatMap((c) => c.offers).find((o) => o.slug === 'gladsaxe-anonym-stofbehandling');
		if (!offer) throw new Error('fixture');
		expect(providersFor(offer, allPlaces).map((p) => [p.name, p.municipality])).toEqual([
			['Gladsaxe Rusmiddelcenter', 'gladsaxe'],
			['Brydehuset', 'ballerup']
		]);
	});

	test('a provider without a place is a programming error, not a silent gap', () => {
		expect(() => providersFor(sel101a(), [])).toThrow(/'a-centre'/);
	});

	test("placesServing: Gladsaxe is served by its centre and Ballerup's Brydehuset; Ballerup, with no offers, by none (001)", () => {
		expect(placesServing('gladsaxe', configs).map((p) => p.slug)).toEqual(['gladsaxe-rusmiddelcenter', 'brydehuset']);
		expect(placesServing('ballerup', configs)).toEqual([]);
		expect(placesServing('nowhere', configs)).toEqual([]);
	});

	test('placesServing København: the three anonymous-treatment units and U-turn, each once (004)', () => {
		expect(placesServing('kobenhavn', configs).map((p) => p.slug)).toEqual([
			'kk-rusmiddel-hoersholmsgade',
			'kk-rusmiddel-noerre-voldgade',
			'kk-rusmiddel-spaniensgade',
			'u-turn'
		]);
	});
});

describe('lawViolations (SEL §101a and SUL §141, texts in 002)', () => {
	test('a §101a offer that keeps every rule has no findings', () => {
		expect(offerRules(sel101a())).toEqual([]);
	});

	test('SEL §101a stk. 2: one provider is an error naming the rule and the offer', () => {
		const [v, ...rest] = offerRules(sel101a({ providers: [{ place: 'b-partner', hours: { known: false } }] }));
		expect(rest).toEqual([]);
		expect(v).toMatchObject({ rule: 'SEL §101a stk. 2', offer: 'a-101a', severity: 'error' });
		expect(v?.message).toMatch(/^SEL §101a stk\. 2: offer 'a-101a' \(A Kommune\) has 1 provider/);
	});

	test('SEL §101a stk. 2: two providers, none outside the municipality, is an error', () => {
		const offer = sel101a({
			providers: [
				{ place: 'a-centre', hours: { known: false } },
				{ place: 'a-other', hours: { known: false } }
			]
		});
		const [v] = offerRules(offer);
		expect(v).toMatchObject({ rule: 'SEL §101a stk. 2', severity: 'error' });
		expect(v?.message).toContain('no provider outside A Kommune');
	});

	test('SEL §101a stk. 2: a declared gap turns the error into a warning that names the offer and the seed (003, 004)', () => {
		const offer = sel101a({
			providers: [{ place: 'a-centre', hours: { known: false } }],
			lawGaps: [
				{ rule: 'SEL §101a stk. 2', reason: 'The seed names no partner.', sources: ['003_17d60edeaf6d916d.txt'] }
			]
		});
		const [v, ...rest] = offerRules(offer);
		expect(rest).toEqual([]);
		expect(v).toMatchObject({ rule: 'SEL §101a stk. 2', offer: 'a-101a', severity: 'warning' });
		expect(v?.message).toContain('003_17d60edeaf6d916d.txt');
		expect(v?.message).toContain('The seed names no partner.');
	});

	test('SEL §101a stk. 2: a declared gap whose rule is met is reported, so the flag gets removed', () => {
		const offer = sel101a({
			lawGaps: [{ rule: 'SEL §101a stk. 2', reason: 'r', sources: ['004_f42274594f73fee9.txt'] }]
		});
		expect(offerRules(offer)).toMatchObject([
			{ rule: 'SEL §101a stk. 2', severity: 'warning', message: expect.stringContaining('remove the gap') }
		]);
	});

	test('SEL §101a stk. 7: a §101a offer with medicine, or without the substitution question, is an error (001, 004)', () => {
		expect(rules(sel101a({ noMedicineWhileAnonymous: false }))).toEqual([['SEL §101a stk. 7', 'error']]);
		expect(rules(sel101a({ eligibility: ['adult', 'drugProblem'] }))).toEqual([['SEL §101a stk. 7', 'error']]);
	});

	test('SEL §101a stk. 3 and 4: the clarifying conversation comes first, without a decision; treatment needs one', () => {
		expect(rules(sel101a({ phases: [group, individual('closing', 1, true)] }))).toEqual([
			['SEL §101a stk. 3', 'error']
		]);
		expect(
			rules(sel101a({ phases: [individual('clarifying', 1, true), group, individual('closing', 1, true)] }))
		).toEqual([['SEL §101a stk. 3', 'error']]);
		expect(
			rules(
				sel101a({
					phases: [
						individual('clarifying', 1, false),
						{ ...group, requiresDecision: false },
						individual('closing', 1, true)
					]
				})
			)
		).toEqual([['SEL §101a stk. 4', 'error']]);
	});

	test('SEL §101a stk. 8: the course holds group treatment and an individual closing conversation', () => {
		expect(
			rules(
				sel101a({
					phases: [individual('clarifying', 1, false), individual('course', 10, true), individual('closing', 1, true)]
				})
			)
		).toEqual([['SEL §101a stk. 8', 'error']]);
		expect(rules(sel101a({ phases: [individual('clarifying', 1, false), group] }))).toEqual([
			['SEL §101a stk. 8', 'error']
		]);
	});

	test('§101a is not covered by the 14-day guarantee (002): promising it is a warning', () => {
		expect(rules(sel101a({ guarantee14Days: true }))).toEqual([['SEL §101a (002)', 'warning']]);
	});

	test('SUL §141 stk. 2: anonymous alcohol treatment without the 14-day guarantee is an error (000 §1.2)', () => {
		const alcohol = sel101a({
			slug: 'a-alkohol',
			law: 'SUL §141 stk. 7',
			guarantee14Days: false,
			phases: [individual('course', null, false)]
		});
		expect(rules(alcohol)).toEqual([['SUL §141 stk. 2', 'error']]);
		expect(rules({ ...alcohol, guarantee14Days: true })).toEqual([]);
	});

	test('SEL §101a stk. 8: a §101a course is bounded — the law check refuses an unbounded one (002 "et afgrænset behandlingsforløb af kortere varighed")', () => {
		const unbounded = sel101a({
			phases: [individual('clarifying', 1, false), { ...group, max: null }, individual('closing', 1, true)]
		});
		const [v, ...rest] = offerRules(unbounded);
		expect(rest).toEqual([]);
		expect(v).toMatchObject({ rule: 'SEL §101a stk. 8', offer: 'a-101a', severity: 'error' });
		expect(v?.message).toContain('course');
	});

	test('a contact-only §101a offer is not booked here, so only its providers are checked, not a process the portal does not run', () => {
		const contact = sel101a({ phases: [], contactOnly: true, cadence: null });
		expect(rules(contact)).toEqual([]);
		expect(rules({ ...contact, providers: [{ place: 'a-centre', hours: { known: false } }] })).toEqual([
			['SEL §101a stk. 2', 'error']
		]);
	});

	test("the shipped data: no errors; the declared SEL §101a stk. 2 gaps (002, 003, 004) and Ballerup's declared gaps (001)", () => {
		expect(lawViolations(configs).map((v) => [v.rule, v.municipality, v.offer, v.severity])).toEqual([
			['SEL §101a', 'ballerup', null, 'warning'],
			['SUL §141 stk. 7', 'ballerup', null, 'warning'],
			['SEL §101a stk. 2', 'odsherred', 'odsherred-anonym-stofbehandling', 'warning'],
			['SEL §101a stk. 2', 'helsingor', 'helsingor-anonym-gruppebehandling', 'warning'],
			['SEL §101a stk. 2', 'kobenhavn', 'kobenhavn-anonym-stofbehandling', 'warning']
		]);
	});
});

describe('SEL §101a stk. 1 and SUL §141 stk. 7: every municipality offers both anonymously, or declares why not (002)', () => {
	const alcohol = sel101a({
		slug: 'a-alkohol',
		law: 'SUL §141 stk. 7',
		guarantee14Days: true,
		cadence: null,
		phases: [individual('course', null, false)]
	});
	const municipality = (offers: Offer[], lawGaps?: MunicipalityConfig['lawGaps']): MunicipalityConfig[] => [
		{
			municipality: { slug: 'a', name: 'A Kommune', phone: { known: false }, retentionMonths: 12 },
			places: [place('a-centre', 'a')],
			offers,
			...(lawGaps ? { lawGaps } : {})
		},
		{
			municipality: { slug: 'b', name: 'B Kommune', phone: { known: false }, retentionMonths: 12 },
			places: [place('b-partner', 'b')],
			offers: [],
			lawGaps: []
		}
	];
	const of = (configs: MunicipalityConfig[]) =>
		lawViolations(configs).filter((v) => v.municipality === 'a' && v.offer === null);

	test('a municipality with both has no finding', () => {
		expect(of(municipality([sel101a(), alcohol]))).toEqual([]);
	});

	test('a municipality without anonymous alcohol treatment is an error naming SUL §141 stk. 7 (it was Odsherred, Helsingør and København)', () => {
		expect(of(municipality([sel101a()]))).toMatchObject([
			{ rule: 'SUL §141 stk. 7', severity: 'error', message: expect.stringContaining('A Kommune') }
		]);
	});

	test('a municipality without §101a is an error; an offer for relatives does not count', () => {
		expect(of(municipality([alcohol, { ...sel101a(), audience: 'relative' }]))).toMatchObject([
			{ rule: 'SEL §101a', severity: 'error' }
		]);
	});

	test('a declared gap of either law turns the error into a warning with its reason and sources; a gap that is met asks to be removed', () => {
		const gap = {
			rule: 'SUL §141 stk. 7' as const,
			reason: 'The seed is silent.',
			sources: ['001_9446f388d158bfe0.txt']
		};
		const [v, ...rest] = of(municipality([sel101a()], [gap]));
		expect(rest).toEqual([]);
		expect(v).toMatchObject({ rule: 'SUL §141 stk. 7', severity: 'warning' });
		expect(v?.message).toContain('The seed is silent.');
		expect(v?.message).toContain('001_9446f388d158bfe0.txt');
		expect(of(municipality([sel101a(), alcohol], [gap]))).toMatchObject([
			{ severity: 'warning', message: expect.stringContaining('remove the gap') }
		]);
	});

	test('a contact-only offer counts as offered: the law asks for anonymous treatment, not for online booking', () => {
		expect(of(municipality([sel101a(), { ...alcohol, phases: [], contactOnly: true }]))).toEqual([]);
	});

	test('the shipped data: Odsherred, Helsingør and København now offer both (002, 003, 004)', () => {
		for (const slug of ['gladsaxe', 'odsherred', 'helsingor', 'kobenhavn']) {
			const c = configs.find((x) => x.municipality.slug === slug);
			expect(
				c?.offers.some((o) => o.law === 'SEL §101a' && o.audience === 'self'),
				slug
			).toBe(true);
			expect(
				c?.offers.some((o) => o.law === 'SUL §141 stk. 7' && o.audience === 'self'),
				slug
			).toBe(true);
			expect(c?.lawGaps ?? [], slug).toEqual([]);
		}
	});
});
