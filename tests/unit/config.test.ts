import { describe, expect, test } from 'vitest';
import type { MunicipalityConfig, Offer, Phase, Place } from '$lib/domain/model';
import { assertConfig, ConfigError, loadConfig, municipalityFiles } from '$lib/server/catalogue/config';
import { offerSchema, openingIntervalSchema } from '$lib/server/catalogue/config/schema';

/**
 * The shipped configuration against DOMAIN.md and the seeds (shared/seeds):
 * 000 Gladsaxe alcohol, 001 Gladsaxe drugs/§101a/youth, 002 Odsherred (+ law texts), 003 Helsingør, 004 København.
 */

const { configs, warnings, findings } = loadConfig();

const clone = (): MunicipalityConfig[] => structuredClone(configs);
const offer = (slug: string, from: MunicipalityConfig[] = configs): Offer => {
	const found = from.flatMap((c) => c.offers).find((o) => o.slug === slug);
	if (!found) throw new Error(`no offer ${slug}`);
	return found;
};
const place = (slug: string): Place => {
	const found = configs.flatMap((c) => c.places).find((p) => p.slug === slug);
	if (!found) throw new Error(`no place ${slug}`);
	return found;
};
const phase = (o: Offer, kind: Phase['kind']): Phase => {
	const found = o.phases.find((p) => p.kind === kind);
	if (!found) throw new Error(`${o.slug} has no ${kind} phase`);
	return found;
};
/** Expects assertConfig to refuse the data and returns the message. */
const refusal = (data: readonly unknown[] | Record<string, unknown>): string => {
	try {
		assertConfig(data);
	} catch (e) {
		expect(e).toBeInstanceOf(ConfigError);
		return (e as Error).message;
	}
	throw new Error('the configuration was accepted');
};

describe('the shipped configuration (000–004)', () => {
	test('all five municipality files parse, pass the law check and start up', () => {
		expect(configs.map((c) => c.municipality.slug).sort()).toEqual([
			'ballerup',
			'gladsaxe',
			'helsingor',
			'kobenhavn',
			'odsherred'
		]);
		expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
	});

	test('every file is named after its municipality, and every offer cites a seed', () => {
		for (const [file, raw] of Object.entries(municipalityFiles)) {
			expect((raw as MunicipalityConfig).municipality.slug).toBe(file);
		}
		for (const o of configs.flatMap((c) => c.offers)) expect(o.sources.length).toBeGreaterThan(0);
	});

	test('retentionMonths is 12 everywhere: no seed says otherwise', () => {
		expect(configs.map((c) => c.municipality.retentionMonths)).toEqual([12, 12, 12, 12, 12]);
	});

	test('SEL §101a stk. 2: Helsingør, København and Odsherred start with a WARNING naming the offer, since 003, 004 and 002 name no outside partner', () => {
		const stk2 = warnings.filter((w) => w.startsWith('SEL §101a stk. 2'));
		expect(stk2).toHaveLength(3);
		expect(stk2[0]).toMatch(/^SEL §101a stk\. 2: offer 'odsherred-anonym-stofbehandling'/);
		expect(stk2[1]).toMatch(/^SEL §101a stk\. 2: offer 'helsingor-anonym-gruppebehandling'/);
		expect(stk2[2]).toMatch(/^SEL §101a stk\. 2: offer 'kobenhavn-anonym-stofbehandling'/);
		// The only other warnings: Ballerup, in the data as Brydehuset's owner, declares why it has neither offer (001).
		expect(warnings.filter((w) => !w.startsWith('SEL §101a stk. 2'))).toEqual([
			expect.stringMatching(
				/^SEL §101a: Ballerup Kommune has no anonymous drug treatment offer .*001_9446f388d158bfe0\.txt/
			),
			expect.stringMatching(
				/^SUL §141 stk\. 7: Ballerup Kommune has no anonymous alcohol treatment offer .*001_9446f388d158bfe0\.txt/
			)
		]);
		// No placeholder partner was invented for them.
		expect(offer('helsingor-anonym-gruppebehandling').providers.map((p) => p.place)).toEqual([
			'helsingor-rusmiddelcenter'
		]);
		expect(
			offer('kobenhavn-anonym-stofbehandling').providers.every((p) => place(p.place).municipality === 'kobenhavn')
		).toBe(true);
	});
});

describe('places (000–004)', () => {
	test('Brydehuset (001): Ballerup owns it; its address, phone and hours are unknown, not invented', () => {
		const brydehuset = place('brydehuset');
		expect(brydehuset.municipality).toBe('ballerup');
		expect(brydehuset.address).toEqual({ known: false });
		expect(brydehuset.phone).toEqual({ known: false });
		const asProvider = offer('gladsaxe-anonym-stofbehandling').providers.find((p) => p.place === 'brydehuset');
		expect(asProvider?.hours).toEqual({ known: false });
		const ballerup = configs.find((c) => c.municipality.slug === 'ballerup');
		expect(ballerup?.offers).toEqual([]);
	});

	test('addresses and phones as the seeds give them (000/001, 002, 003, 004)', () => {
		expect(place('gladsaxe-rusmiddelcenter')).toMatchObject({
			address: { known: true, value: 'Østmarken 4B, 2860 Søborg' },
			phone: { known: true, value: '39 57 39 00' },
			outsideHoursByAgreement: true
		});
		expect(place('rusmiddelteamet-odsherred').address).toEqual({
			known: true,
			value: 'Sundhedscenteret, Sygehusvej 5, 4500 Nykøbing Sjælland'
		});
		expect(place('rusmiddelteamet-odsherred').phone).toEqual({ known: false });
		expect(place('helsingor-rusmiddelcenter').address).toEqual({ known: true, value: 'Kongevejen 4b, 3000 Helsingør' });
		expect(place('helsingung').address).toEqual({ known: false });
		expect(place('u-turn')).toMatchObject({
			address: { known: true, value: 'Studiestræde 47, 1455 København K' },
			phone: { known: true, value: '8256 2300' }
		});
		const units = configs
			.find((c) => c.municipality.slug === 'kobenhavn')
			?.places.filter((p) => p.slug.startsWith('kk-rusmiddel-'));
		expect(units).toHaveLength(6);
		expect(units?.every((u) => u.address.known && u.phone.known)).toBe(true);
	});
});

describe('offers and caps match DOMAIN.md', () => {
	test('SEL §101a stk. 2: Gladsaxe §101a is provided by Gladsaxe Rusmiddelcenter and Brydehuset in Ballerup, free choice (001 §2, §5)', () => {
		const o = offer('gladsaxe-anonym-stofbehandling');
		expect(o.law).toBe('SEL §101a');
		expect(o.providers.map((p) => p.place)).toEqual(['gladsaxe-rusmiddelcenter', 'brydehuset']);
		expect(o.lawGaps).toBeUndefined();
	});

	test('SEL §101a stk. 3, 4, 8: Gladsaxe runs clarifying → decision → 10 weekly group sessions (or 10 individual) → closing (001 §5)', () => {
		const o = offer('gladsaxe-anonym-stofbehandling');
		expect(o.phases.map((p) => [p.kind, p.max, p.requiresDecision])).toEqual([
			['clarifying', 1, false],
			['course', 10, true],
			['closing', 1, true]
		]);
		const course = phase(o, 'course');
		expect(course.format).toMatchObject({ kind: 'group', weeks: 10, rollingIntake: false });
		expect(course.alternative?.kind).toBe('individual');
		expect(o.cadence).toEqual({ kind: 'perWeek', max: 1 });
		expect(o.guarantee14Days).toBe(false);
		expect(o.eligibility).toEqual([
			'adult',
			'drugProblem',
			'selfSupporting',
			'hasHome',
			'noSubstitution',
			'noPsychiatric'
		]);
	});

	test('SEL §101a: Helsingør group runs 14 Mondays 16:00–18:00 with rolling intake; work or education required (003)', () => {
		const o = offer('helsingor-anonym-gruppebehandling');
		const course = phase(o, 'course');
		expect(course.max).toBe(14);
		expect(course.format).toMatchObject({ kind: 'group', minutes: 120, weeks: 14, rollingIntake: true });
		expect(o.providers[0]?.hours).toEqual({ known: true, value: [{ weekday: 1, from: '16:00', to: '18:00' }] });
		expect(o.eligibility).toContain('workOrEducation');
	});

	test('SEL §101a: København requires work or education and gives no medicine anonymously (004 §2)', () => {
		const o = offer('kobenhavn-anonym-stofbehandling');
		expect(o.eligibility).toEqual(expect.arrayContaining(['adult', 'workOrEducation', 'noSubstitution']));
		expect(o.noMedicineWhileAnonymous).toBe(true);
	});

	test('SUL §141 stk. 7: Gladsaxe anonymous alcohol, up to 8 in any 30 days, 14-day guarantee, no medicine while anonymous (000 §5)', () => {
		const o = offer('gladsaxe-anonym-alkoholbehandling');
		expect(o.law).toBe('SUL §141 stk. 7');
		expect(o.cadence).toEqual({ kind: 'rolling', days: 30, max: 8 });
		expect(o.guarantee14Days).toBe(true);
		expect(o.noMedicineWhileAnonymous).toBe(true);
		expect(o.phases).toHaveLength(1);
		expect(o.phases[0]?.max).toBeNull();
	});

	test.each([
		['odsherred-anonym-raadgivning', 5, '002'],
		['odsherred-anonym-raadgivning-paaroerende', 5, '002'],
		['helsingor-anonym-raadgivning', 3, '003'],
		['helsingung-anonym-raadgivning', 5, '003'],
		['gladsaxe-ung-anonym-raadgivning', 2, '001 §3.3.3'],
		['gladsaxe-raadgivning-foer-behandling', 2, '000/001 §5']
	])('anonymous counselling cap: %s allows %i conversations (%s)', (slug, cap, _seed) => {
		expect(phase(offer(slug), 'conversation').max).toBe(cap);
	});

	test('anonymous counselling ages: Odsherred from 12 (002), Helsingør 25+ (003), Helsingung and Gladsaxe youth under 25 (001, 003)', () => {
		expect(offer('odsherred-anonym-raadgivning').minAge).toBe(12);
		expect(offer('helsingor-anonym-raadgivning').minAge).toBe(25);
		expect(offer('helsingung-anonym-raadgivning').maxAge).toBe(25);
		expect(offer('gladsaxe-ung-anonym-raadgivning').maxAge).toBe(25);
		expect(offer('gladsaxe-ung-anonym-raadgivning').eligibility).toEqual(['livesInMunicipality']);
		expect(offer('helsingor-anonym-raadgivning').noMedicineWhileAnonymous).toBe(true);
	});

	test('under-18 gate: Gladsaxe 2 without parents (001 §3.3.4); Helsingung 5, then parents and Familierådgivningen (003)', () => {
		expect(offer('gladsaxe-ung-anonym-raadgivning').youth?.anonymousMax).toBe(2);
		expect(offer('helsingung-anonym-raadgivning').youth).toEqual({
			anonymousMax: 5,
			withConsentMax: 0,
			alsoNeeds: 'Familierådgivningen'
		});
	});

	test('Gladsaxe pre-enrolment talks last half an hour (000 §5, 001 §5)', () => {
		expect(phase(offer('gladsaxe-raadgivning-foer-behandling'), 'conversation').format).toEqual({
			kind: 'individual',
			minutes: 30
		});
	});

	test('SEL §11 relatives: Gladsaxe course 5 sessions (000 §3.3.5) or 2 + 6 (001 §3.3.5); no minimum invented', () => {
		const alcohol = phase(offer('gladsaxe-paaroerendekursus-alkohol'), 'course');
		const drugs = phase(offer('gladsaxe-paaroerendekursus-stoffer'), 'course');
		expect(alcohol.max).toBe(5);
		expect(drugs.max).toBe(8);
		for (const p of [alcohol, drugs]) {
			expect(p.format.kind).toBe('group');
			if (p.format.kind === 'group') expect(p.format.minParticipants).toBeUndefined();
		}
		expect(offer('helsingor-paaroerendegruppe').minAge).toBe(25);
		expect(offer('helsingung-foraeldreaftener').audience).toBe('relative');
	});

	test('U-turn gives under-18s anonymous counselling directly (004 §3.3.3)', () => {
		const o = offer('uturn-anonym-raadgivning');
		expect(o.minAge).toBeLessThan(18);
		expect(o.maxAge).toBe(25);
		expect(o.providers.map((p) => p.place)).toEqual(['u-turn']);
	});

	test('opening hours per offer: Gladsaxe drugs/youth Mon–Wed 9–14, Thu 9–18, Fri 9–14, Monday to 20 only planned (001); alcohol Mon–Fri 9–14 + Mon/Thu 16–18 (000)', () => {
		const drugs = offer('gladsaxe-anonym-stofbehandling').providers[0]?.hours;
		expect(drugs).toEqual({
			known: true,
			value: [
				{ weekday: 1, from: '09:00', to: '14:00' },
				{ weekday: 2, from: '09:00', to: '14:00' },
				{ weekday: 3, from: '09:00', to: '14:00' },
				{ weekday: 4, from: '09:00', to: '18:00' },
				{ weekday: 5, from: '09:00', to: '14:00' }
			]
		});
		expect(offer('gladsaxe-ung-anonym-raadgivning').providers[0]?.hours).toEqual(drugs);
		const alcohol = offer('gladsaxe-anonym-alkoholbehandling').providers[0]?.hours;
		if (!alcohol?.known) throw new Error('Gladsaxe alcohol hours are in 000');
		expect(alcohol.value.filter((i) => i.from === '16:00').map((i) => [i.weekday, i.to])).toEqual([
			[1, '18:00'],
			[4, '18:00']
		]);
		expect(alcohol.value.filter((i) => i.from === '09:00').map((i) => [i.weekday, i.to])).toEqual(
			[1, 2, 3, 4, 5].map((d) => [d, '14:00'])
		);
	});

	test('where a seed gives no hours the provider says so: Odsherred (002), Helsingung (003), København units and U-turn (004)', () => {
		for (const slug of [
			'odsherred-anonym-raadgivning',
			'helsingung-anonym-raadgivning',
			'kobenhavn-anonym-stofbehandling',
			'uturn-anonym-raadgivning'
		]) {
			for (const p of offer(slug).providers) expect(p.hours).toEqual({ known: false });
		}
	});

	test('DOMAIN.md "never a dead end": every offer names a next step for identified help', () => {
		for (const o of configs.flatMap((c) => c.offers)) {
			expect(o.nextStep.da.length).toBeGreaterThan(20);
			expect(o.nextStep.en.length).toBeGreaterThan(20);
		}
	});

	test('plain Danish: every summary has LIX ≤ 35', () => {
		for (const o of configs.flatMap((c) => c.offers)) {
			expect({ slug: o.slug, lix: Math.round(lix(o.summary.da)) }).toEqual({
				slug: o.slug,
				lix: expect.toSatisfy((n: number) => n <= 35)
			});
		}
	});
});

describe('loading refuses bad data', () => {
	test("SEL §101a stk. 2: a §101a offer with one provider stops loading, naming 'SEL §101a stk. 2' and the offer (001)", () => {
		const data = clone();
		const o = offer('gladsaxe-anonym-stofbehandling', data);
		o.providers = o.providers.filter((p) => p.place !== 'brydehuset');
		const message = refusal(data);
		expect(message).toContain('SEL §101a stk. 2');
		expect(message).toContain("'gladsaxe-anonym-stofbehandling'");
		expect(message).toContain('has 1 provider');
		expect(message).toContain('no provider outside Gladsaxe Kommune');
	});

	test('SEL §101a stk. 2: two providers both inside the municipality stop loading (001)', () => {
		const data = clone();
		const gladsaxe = data.find((c) => c.municipality.slug === 'gladsaxe');
		gladsaxe?.places.push({
			...place('gladsaxe-rusmiddelcenter'),
			slug: 'gladsaxe-anden-afdeling',
			name: 'Anden afdeling'
		});
		const o = offer('gladsaxe-anonym-stofbehandling', data);
		o.providers = [
			{ place: 'gladsaxe-rusmiddelcenter', hours: { known: false } },
			{ place: 'gladsaxe-anden-afdeling', hours: { known: false } }
		];
		const message = refusal(data);
		expect(message).toMatch(
			/SEL §101a stk\. 2: offer 'gladsaxe-anonym-stofbehandling' \(Gladsaxe Kommune\) has no provider outside Gladsaxe Kommune/
		);
	});

	test('SEL §101a stk. 2: without its declared gap, Helsingør stops loading (003)', () => {
		const data = clone();
		delete offer('helsingor-anonym-gruppebehandling', data).lawGaps;
		const message = refusal(data);
		expect(message).toContain("SEL §101a stk. 2: offer 'helsingor-anonym-gruppebehandling'");
		expect(message).not.toContain('kobenhavn');
	});

	test('a wall time that is not HH:MM is rejected with a message naming the file, the path and the format (001)', () => {
		const files: Record<string, unknown> = structuredClone(municipalityFiles) as Record<string, unknown>;
		const gladsaxe = files.gladsaxe as MunicipalityConfig;
		const hours = gladsaxe.offers[0]?.providers[0]?.hours;
		if (!hours?.known || !hours.value[0]) throw new Error('fixture');
		hours.value[0].from = '9.00' as never;
		const message = refusal(files);
		expect(message).toContain('gladsaxe.json');
		expect(message).toContain('offers[0].providers[0].hours.value[0].from');
		expect(message).toContain('"HH:MM"');
	});

	test('an opening interval that ends before it starts is rejected', () => {
		const result = openingIntervalSchema.safeParse({ weekday: 1, from: '14:00', to: '09:00' });
		expect(result.success).toBe(false);
		expect(result.error?.issues[0]).toMatchObject({
			path: ['to'],
			message: 'an opening interval must end after it starts (14:00–09:00)'
		});
		expect(openingIntervalSchema.safeParse({ weekday: 1, from: '24:00', to: '25:00' }).success).toBe(false);
		expect(openingIntervalSchema.safeParse({ weekday: 8, from: '09:00', to: '10:00' }).success).toBe(false);
	});

	test('overlapping intervals on one weekday are rejected', () => {
		const data = clone();
		const hours = offer('gladsaxe-anonym-alkoholbehandling', data).providers[0]?.hours;
		if (!hours?.known) throw new Error('fixture');
		hours.value.push({ weekday: 1, from: '13:00', to: '17:00' });
		expect(refusal(data)).toMatch(/overlaps interval/);
	});

	test('a provider place that no file defines is rejected', () => {
		const data = clone();
		offer('odsherred-anonym-raadgivning', data).providers.push({ place: 'findes-ikke', hours: { known: false } });
		expect(refusal(data)).toContain("names provider place 'findes-ikke', which no municipality file defines");
	});

	test("an offer whose municipality is not its file's is rejected", () => {
		const data = clone();
		offer('odsherred-anonym-raadgivning', data).municipality = 'gladsaxe';
		expect(refusal(data)).toContain(
			"offer 'odsherred-anonym-raadgivning' is in a file of 'odsherred' but says 'gladsaxe'"
		);
	});

	test('a file whose municipality slug differs from its name is rejected', () => {
		const renamed: Record<string, unknown> = { ...municipalityFiles, ballerup2: municipalityFiles['ballerup'] };
		delete renamed['ballerup'];
		expect(refusal(renamed)).toContain(
			"ballerup2.json: municipality.slug is 'ballerup' but the file is named 'ballerup2'"
		);
	});

	test('group seats ≥ 1, phase max ≥ 1 or null, maxAge > minAge, unknown keys refused', () => {
		const base = offer('helsingor-anonym-gruppebehandling');
		const withCourse = (change: (p: Phase) => Phase) => ({
			...base,
			phases: base.phases.map((p) => (p.kind === 'course' ? change(p) : p))
		});
		const seats0 = offerSchema.safeParse(withCourse((p) => ({ ...p, format: { ...p.format, seats: 0 } })));
		expect(seats0.error?.issues[0]?.message).toBe('a group needs at least 1 seat');
		const max0 = offerSchema.safeParse(withCourse((p) => ({ ...p, max: 0 })));
		expect(max0.error?.issues[0]?.path).toEqual(['phases', 1, 'max']);
		expect(offerSchema.safeParse(withCourse((p) => ({ ...p, max: null }))).success).toBe(true);
		const ages = offerSchema.safeParse({ ...base, minAge: 25, maxAge: 25 });
		expect(ages.error?.issues[0]?.message).toBe('maxAge (exclusive) 25 must be greater than minAge 25');
		const typo = offerSchema.safeParse({ ...base, maxage: 30 });
		expect(typo.error?.issues[0]?.code).toBe('unrecognized_keys');
	});

	test('a duplicate offer slug across files is rejected (slugs are database keys)', () => {
		const data = clone();
		offer('uturn-anonym-raadgivning', data).slug = 'gladsaxe-anonym-stofbehandling';
		expect(refusal(data)).toContain("offer slug 'gladsaxe-anonym-stofbehandling' is used twice");
	});
});

/** LIX = words per sentence + percentage of words longer than six letters (Björnsson). */
function lix(text: string): number {
	const sentences = text.split(/[.!?:]+/).filter((s) => s.trim().length > 0).length;
	const words = text.match(/[\p{L}\p{N}-]+/gu) ?? [];
	const long = words.filter((w) => w.length > 6).length;
	return words.length / sentences + (100 * long) / words.length;
}
