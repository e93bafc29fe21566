import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Offer } from '$lib/domain/model';
import { loadConfig } from '$lib/server/catalogue/config';
import {
	anonymityLimits,
	offerFacts,
	offerWhat,
	offerWho,
	relativesLine,
	sourceWeeks
} from '$lib/ui/citizen/offer-facts';
import { phaseName } from '$lib/ui/citizen/phase';
import { phaseFormat } from '$lib/ui/phase-format';
import { phaseLabel } from '$lib/ui/staff/labels';

/**
 * Issue 11, "nothing we tell a person is untrue": every text a person reads says what the sources say
 * (shared/seeds: 000 Gladsaxe alcohol, 001 Gladsaxe drugs/§101a/youth, 002 Odsherred + law texts,
 * 003 Helsingør, 004 København), per offer, in Danish and English. Each test is named after the rule it checks.
 */

const { configs } = loadConfig();
const offers = configs.flatMap((c) => c.offers);
const offer = (slug: string): Offer => {
	const found = offers.find((o) => o.slug === slug);
	if (!found) throw new Error(`no offer ${slug}`);
	return found;
};

const messages = {
	da: JSON.parse(readFileSync('src/lib/i18n/messages/da.json', 'utf8')) as Record<string, string>,
	en: JSON.parse(readFileSync('src/lib/i18n/messages/en.json', 'utf8')) as Record<string, string>
};
const messageTexts = (locale: 'da' | 'en') =>
	Object.entries(messages[locale])
		.filter(([key]) => !key.startsWith('$'))
		.map(([key, text]) => ({ where: `${locale}.json ${key}`, text }));

/** Every text of an offer a citizen can read, per language. */
function offerTexts(o: Offer, locale: 'da' | 'en'): { where: string; text: string }[] {
	return [
		{ where: `${o.slug} title`, text: o.title[locale] },
		{ where: `${o.slug} summary`, text: o.summary[locale] },
		{ where: `${o.slug} nextStep`, text: o.nextStep[locale] },
		...(o.anonymousCare ? [{ where: `${o.slug} anonymousCare`, text: o.anonymousCare[locale] }] : []),
		...o.providers.flatMap((p) =>
			p.hoursNote ? [{ where: `${o.slug} ${p.place} hoursNote`, text: p.hoursNote[locale] }] : []
		)
	];
}
const allTexts = (locale: 'da' | 'en') => [...messageTexts(locale), ...offers.flatMap((o) => offerTexts(o, locale))];
const sentences = (text: string) => text.split(/(?<=[.!?])\s+/);

describe('item 3: doctors and medicine, per offer, as the sources say', () => {
	test('000: no text says an anonymous person cannot talk to a doctor', () => {
		const da = allTexts('da').filter((t) =>
			sentences(t.text).some((s) => /\b(ikke|heller ikke)\b[^.]*\blæge/i.test(s))
		);
		const en = allTexts('en').filter((t) =>
			sentences(t.text).some((s) => /\b(cannot|can't|not|nor)\b[^.]*\bdoctor/i.test(s))
		);
		expect([...da, ...en].map((t) => t.where)).toEqual([]);
	});

	test('000 §5 "Anonym alkoholbehandling": Gladsaxe says what anonymity excludes (medicine, dual-diagnosis screening, psychiatrist), that doctor talks are part of treatment, and the afrusning doctor the same or next weekday', () => {
		const o = offer('gladsaxe-anonym-alkoholbehandling');
		const said = [...anonymityLimits(o), o.summary.da].join(' ');
		expect(said).toMatch(/ikke få medicin/);
		expect(said).toMatch(/psykisk sygdom/);
		expect(said).toMatch(/psykiater/);
		expect(said).toMatch(/tale med en læge/);
		expect(said).toMatch(/afrusning[^]*samme dag eller hverdagen efter/);
		expect(o.summary.en).toMatch(/same day or the next weekday/);
		expect(o.anonymousCare?.en).toMatch(/psychiatrist/);
	});

	test('SUL §142 (text in 002): every SEL §101a offer tells of the free talk with a doctor, without promising it is anonymous', () => {
		for (const o of offers.filter((x) => x.law === 'SEL §101a')) {
			const doctor = offerWhat(o).find((f) => /læge/.test(f));
			expect({ slug: o.slug, doctor }).toEqual({
				slug: o.slug,
				doctor: expect.stringMatching(/tale med en læge[^]*gratis[^]*§ 142[^]*Spørg/)
			});
		}
		expect(messages.en.offer_doctor_talk).toMatch(/talk with a doctor[^]*free[^]*§ 142[^]*Ask/);
	});

	test('per offer, a medicine rule only where its own source gives one: 000 "medicinsk behandling", 001 "substitutionsbehandling", 003 "såfremt der ikke skal ordineres medicin", 004 "kan man ikke modtage medicinsk behandling anonymt"; 003 is silent for the group', () => {
		expect(offer('gladsaxe-anonym-alkoholbehandling').anonymousCare?.da).toMatch(/kan du ikke få medicin/);
		expect(offer('gladsaxe-anonym-stofbehandling').anonymousCare?.da).toMatch(/Beder du om medicin som metadon/);
		expect(offer('helsingor-anonym-raadgivning').anonymousCare?.da).toMatch(/medicin/);
		expect(offer('kobenhavn-anonym-stofbehandling').anonymousCare?.da).toMatch(/medicinsk behandling/);
		const group = offer('helsingor-anonym-gruppebehandling');
		expect(group.anonymousCare).toBeUndefined();
		expect([group.summary.da, ...anonymityLimits(group)].join(' ')).not.toMatch(/medicin/i);
		// Only the offers whose source says something get a sentence about medicine.
		const withCare = offers
			.filter((o) => o.anonymousCare)
			.map((o) => o.slug)
			.sort();
		expect(withCare).toEqual([
			'gladsaxe-anonym-alkoholbehandling',
			'gladsaxe-anonym-stofbehandling',
			'helsingor-anonym-raadgivning',
			'kobenhavn-anonym-stofbehandling',
			'odsherred-anonym-alkoholbehandling'
		]);
		// 002: "Er der sideløbende behov for medicinsk behandling kan anonymiteten dog ikke opretholdes".
		expect(offer('odsherred-anonym-alkoholbehandling').anonymousCare?.da).toMatch(
			/medicin ved siden af, kan du ikke være anonym/
		);
	});
});

describe('item 11: Gladsaxe Monday until 20:00 as 001 says it', () => {
	test('001 "udvider åbningstiden i 2023 til kl. 20.00 om mandagen. Konkretisering … er under udarbejdelse": Monday evening is shown as planned, never as opening hours', () => {
		for (const o of offers.filter((x) => x.municipality === 'gladsaxe')) {
			for (const p of o.providers) {
				if (!p.hours.known) continue;
				const mondayEnd = p.hours.value
					.filter((h) => h.weekday === 1)
					.map((h) => h.to)
					.sort()
					.pop();
				expect({ offer: o.slug, mondayEnd }).toEqual({
					offer: o.slug,
					mondayEnd: expect.toSatisfy((t: string) => t <= '18:00')
				});
			}
		}
		const drugOffers = offers.filter(
			(o) => o.municipality === 'gladsaxe' && o.sources.includes('001_9446f388d158bfe0.txt')
		);
		expect(drugOffers.length).toBeGreaterThan(0);
		for (const o of drugOffers) {
			const note = o.providers.find((p) => p.place === 'gladsaxe-rusmiddelcenter')?.hoursNote;
			expect({ offer: o.slug, da: note?.da }).toEqual({
				offer: o.slug,
				da: expect.stringMatching(/20[^]*mandag[^]*ikke afgjort/)
			});
			expect(note?.en).toMatch(/20:00 on Mondays[^]*not been decided/);
		}
		// 000 (alcohol) says nothing of Monday evenings beyond 16–18.
		expect(offer('gladsaxe-anonym-alkoholbehandling').providers[0]?.hoursNote).toBeUndefined();
	});
});

describe('item 13: a rhythm only where the source gives one, and phases named by their format', () => {
	test('001 "én ugentlig kontakt i 10 uger" and 003 "14 mandage" are the only weekly rhythms; no other group is said to meet once a week', () => {
		const weekly = offers
			.filter((o) => offerFacts(o).some((f) => /en gang om ugen/.test(f)))
			.map((o) => o.slug)
			.sort();
		expect(weekly).toEqual(['gladsaxe-anonym-stofbehandling', 'helsingor-anonym-gruppebehandling']);
		expect(offerFacts(offer('gladsaxe-anonym-stofbehandling'))).toContain('Gruppe en gang om ugen i 10 uger');
		expect(offerFacts(offer('helsingor-anonym-gruppebehandling'))).toContain('Gruppe en gang om ugen i 14 uger');
		// 000 §3.3.5 "fem gruppesessioner": the number of sessions, no rhythm and no weeks.
		expect(offerFacts(offer('gladsaxe-paaroerendekursus-alkohol'))).toContain('Et gruppeforløb på 5 gange');
		expect(offerFacts(offer('helsingor-paaroerendegruppe'))).toContain('Et gruppeforløb');
	});

	test('a group card tells how many weeks only where the source gives them (001: 10, 003: 14), never a placeholder', () => {
		expect(sourceWeeks(offer('gladsaxe-anonym-stofbehandling'), 'course')).toBe(10);
		expect(sourceWeeks(offer('helsingor-anonym-gruppebehandling'), 'course')).toBe(14);
		for (const slug of [
			'gladsaxe-paaroerendekursus-alkohol',
			'gladsaxe-paaroerendekursus-stoffer',
			'helsingor-paaroerendegruppe',
			'helsingung-foraeldreaftener',
			'kobenhavn-anonym-stofbehandling'
		]) {
			expect({ slug, weeks: sourceWeeks(offer(slug), 'course') }).toEqual({ slug, weeks: null });
		}
		expect(sourceWeeks(offer('helsingor-anonym-gruppebehandling'), 'clarifying')).toBeNull();
	});

	test('a course phase is named by its format: Gladsaxe\'s individual alcohol talks (000) and the §101a individual alternative (001) are not called "Gruppe", in either face', () => {
		const alcohol = offer('gladsaxe-anonym-alkoholbehandling').phases[0];
		const sel101a = offer('gladsaxe-anonym-stofbehandling').phases.find((p) => p.kind === 'course');
		const helsingor = offer('helsingor-anonym-gruppebehandling').phases.find((p) => p.kind === 'course');
		expect(phaseFormat(alcohol)).toBe('individual');
		expect(phaseFormat(sel101a)).toBe('either');
		expect(phaseFormat(sel101a, 1)).toBe('individual');
		expect(phaseFormat(sel101a, 8)).toBe('group');
		expect(phaseFormat(helsingor)).toBe('group');
		expect(phaseName('course', phaseFormat(alcohol))).not.toMatch(/gruppe/i);
		expect(phaseName('course', phaseFormat(sel101a, 1))).not.toMatch(/gruppe/i);
		expect(phaseName('course', phaseFormat(sel101a))).toMatch(/gruppe eller samtale/i);
		expect(phaseName('course', phaseFormat(helsingor))).toBe('Gruppe');
		expect(phaseLabel('course', 'individual')).not.toMatch(/gruppe/i);
		expect(phaseLabel('course', 'group')).toMatch(/gruppe/i);
		expect(phaseLabel('course', 'either')).toMatch(/gruppe eller individuel/i);
	});
});

describe('item 14: texts that promise no more than the sources', () => {
	test('002 skærpet underretningspligt: no text promises anonymity "hele vejen" without the duty-to-report caveat', () => {
		const promise = { da: /hele vejen|hele forløbet/i, en: /all the way|throughout/i };
		const caveat = { da: /underretning/i, en: /report/i };
		for (const locale of ['da', 'en'] as const) {
			const unqualified = allTexts(locale).filter(
				(t) => /anonym/i.test(t.text) && promise[locale].test(t.text) && !caveat[locale].test(t.text)
			);
			expect(unqualified.map((t) => t.where)).toEqual([]);
		}
		// And every offer page says it, whatever else it says about anonymity.
		for (const o of offers)
			expect({ slug: o.slug, limits: anonymityLimits(o) }).toEqual({
				slug: o.slug,
				limits: expect.arrayContaining([messages.da.citizen_offer_stop_report])
			});
		expect(messages.da.citizen_offer_stop_report).toMatch(/skærpet underretningspligt/);
		expect(messages.en.citizen_offer_stop_report).toMatch(/duty to report/);
	});

	test('SEL §101a stk. 7 (002) "adskilt fra behandlingstilbud efter § 101": apart from §101 treatment, not "completely separate"', () => {
		for (const locale of ['da', 'en'] as const) {
			expect(
				allTexts(locale)
					.filter((t) => /helt adskilt|fully apart|completely separate/i.test(t.text))
					.map((t) => t.where)
			).toEqual([]);
		}
		expect(messages.da.citizen_offer_stop_apart).toMatch(/§ 101/);
		expect(messages.en.citizen_offer_stop_apart).toMatch(/§ 101/);
		for (const o of offers) {
			const apart = anonymityLimits(o).includes(messages.da.citizen_offer_stop_apart!);
			expect({ slug: o.slug, apart }).toEqual({ slug: o.slug, apart: o.law === 'SEL §101a' });
		}
	});

	test('002 "fra 12 år": only Odsherred says from 12; 001, 003 and 004 give no lower age', () => {
		expect(offers.filter((o) => o.minAge === 12).map((o) => o.municipality)).toEqual([
			'odsherred',
			'odsherred',
			'odsherred'
		]);
		// 003 gives Helsingør's children's group its own ages, "børn mellem 8-12 år": 12 as an upper age, from 003.
		for (const o of offers.filter(
			(x) => x.municipality !== 'odsherred' && x.slug !== 'helsingor-samtalegruppe-boern'
		)) {
			const said = [...offerWho(o), ...offerTexts(o, 'da').map((t) => t.text)].join(' ');
			expect({ slug: o.slug, twelve: /\b12\b/.test(said) }).toEqual({ slug: o.slug, twelve: false });
		}
		expect(offerWho(offer('gladsaxe-ung-anonym-raadgivning'))).toContain('Under 25 år');
		expect(offerWho(offer('odsherred-anonym-raadgivning'))).toContain('Fra 12 år');
	});

	test('003 "fra 25 år og opefter": Helsingør\'s 25+ offers say "fra 25 år", never "over 25", so a 25-year-old is not left between offers', () => {
		const from25 = offers.filter((o) => o.municipality === 'helsingor' && o.minAge === 25);
		expect(from25.map((o) => o.slug).sort()).toEqual(['helsingor-anonym-raadgivning', 'helsingor-paaroerendegruppe']);
		for (const o of from25) {
			expect(
				offerTexts(o, 'da')
					.filter((t) => /over 25/.test(t.text))
					.map((t) => t.where)
			).toEqual([]);
			expect(
				offerTexts(o, 'en')
					.filter((t) => /over 25/.test(t.text))
					.map((t) => t.where)
			).toEqual([]);
			expect(`${o.title.da} ${o.summary.da}`).toMatch(/fra 25 år/);
			expect(`${o.title.en} ${o.summary.en}`).toMatch(/25 or over/);
			expect(offerWho(o)).toContain('Fra 25 år');
		}
		// Helsingung is for under-25s (003): together the two cover every age.
		expect(offer('helsingung-anonym-raadgivning').maxAge).toBe(25);
	});

	test('001 §3.3.4 "hvis der er nok tilmeldinger": only Gladsaxe\'s parent courses say they start only when enough sign up', () => {
		const isGladsaxeParentCourse = (o: Offer) => o.municipality === 'gladsaxe' && /foraeldre/.test(o.slug);
		const enough = {
			da: /nok (har )?meldt sig|nok tilmeld|mindst \d+ melder sig/i,
			en: /enough (people )?(have )?sign|at least \d+ sign/i
		};
		for (const locale of ['da', 'en'] as const) {
			const saying = offers.filter((o) => offerTexts(o, locale).some((t) => enough[locale].test(t.text)));
			expect(saying.filter((o) => !isGladsaxeParentCourse(o)).map((o) => o.slug)).toEqual([]);
		}
		for (const o of offers) {
			const minimum = o.phases.some((p) => p.format.kind === 'group' && p.format.minParticipants !== undefined);
			if (minimum) expect(isGladsaxeParentCourse(o)).toBe(true);
		}
	});

	test('001 §5 "selvforsørgende": the self-support question uses the source\'s word and names no income it does not (no pension)', () => {
		expect(messages.da.citizen_q_selfSupporting).toMatch(/selvforsørgende/);
		expect(messages.en.citizen_q_selfSupporting).toMatch(/self-supporting/);
		expect(`${messages.da.citizen_q_selfSupporting} ${messages.en.citizen_q_selfSupporting}`).not.toMatch(
			/pension|SU\b|student grant|løn|wage/i
		);
	});

	test('000–004: relatives are told of offers for them only in the municipalities that have them', () => {
		for (const locale of ['da', 'en'] as const) {
			expect(messages[locale].landing_relatives).not.toMatch(/samtaler|conversations/);
		}
		const withRelatives = configs
			.filter((c) => c.offers.some((o) => o.audience === 'relative'))
			.map((c) => c.municipality.name);
		// København's relatives' counselling and U-turn's parent offers (004 §3.3.4) are offers now, if only by phone.
		expect(withRelatives.sort()).toEqual([
			'Gladsaxe Kommune',
			'Helsingør Kommune',
			'Københavns Kommune',
			'Odsherred Kommune'
		]);
		const line = relativesLine(
			configs.map((c) => ({ name: c.municipality.name, offers: c.offers })),
			'da'
		);
		expect(line).toBe(
			'Er du forælder eller pårørende? Der er også tilbud til dig i Gladsaxe Kommune, Helsingør Kommune, Københavns Kommune og Odsherred Kommune.'
		);
		expect(
			relativesLine([{ name: 'Københavns Kommune', offers: [offer('kobenhavn-anonym-stofbehandling')] }], 'da')
		).toBeNull();
	});

	test('003 "Henvendelse vedr. tilbuddet skal ske på mobilnummer: 4186 9624": that number is given only for Helsingør\'s anonymous group, and said to be for the group', () => {
		for (const locale of ['da', 'en'] as const) {
			const withNumber = offers.flatMap((o) =>
				offerTexts(o, locale)
					.filter((t) => t.text.includes('4186 9624'))
					.map((t) => ({ slug: o.slug, t }))
			);
			expect(withNumber.every((x) => x.slug === 'helsingor-anonym-gruppebehandling')).toBe(true);
			for (const { t } of withNumber) {
				const sentence = sentences(t.text).find((s) => s.includes('4186 9624'));
				expect({ where: t.where, sentence }).toEqual({
					where: t.where,
					sentence: expect.stringMatching(/gruppe|group/i)
				});
			}
		}
		for (const o of offers.filter((x) => x.slug !== 'helsingor-anonym-gruppebehandling')) {
			expect(o.nextStep.phone).not.toEqual({ known: true, value: '4186 9624' });
		}
	});

	test('004 §2 figure 1 and "Projekt Anonym Stofmisbrugsbehandling København": the units are named as the centre\'s, the substance split is not told as a fact per address, and the project site is given', () => {
		const o = offer('kobenhavn-anonym-stofbehandling');
		for (const locale of ['da', 'en'] as const) {
			const said = offerTexts(o, locale)
				.map((t) => t.text)
				.join(' ');
			expect(said).toContain('www.heltanonymkbh.dk');
			expect(said).not.toMatch(
				/For alkohol, hash og kokain:|For alcohol, cannabis and cocaine:|For medicin mod opioider:|For opioid medicine:/
			);
		}
		expect(o.nextStep.da).toMatch(/seks enheder i Center for Rusmiddelbehandling/);
	});
});

describe('plain language', () => {
	test('citizen prose in the municipality files and the changed messages has LIX ≤ 30', () => {
		const texts = [
			...offers.flatMap((o) => offerTexts(o, 'da').filter((t) => !t.where.endsWith('title'))),
			...[
				'offer_doctor_talk',
				'citizen_offer_stop_apart',
				'citizen_offer_stop_report',
				'citizen_q_selfSupporting',
				'landing_relatives'
			].map((key) => ({ where: key, text: messages.da[key] ?? '' }))
		];
		const tooHard = texts.map((t) => ({ where: t.where, lix: Math.round(lix(t.text)) })).filter((t) => !(t.lix <= 30));
		expect(tooHard).toEqual([]);
	});
});

/**
 * LIX = words per sentence + percentage of words longer than six letters (Björnsson), as in config.test.ts, on the
 * prose only: names of places and streets, numbers and web addresses are what they are and not plain-language
 * choices ("Sundhedscenteret, Sygehusvej 5"), so a capitalised word inside a sentence, a word with a digit and a
 * web address are left out of the count.
 */
function lix(text: string): number {
	const prose = text.replace(/\bwww\.\S+/g, '').replace(/\([^)]*\d[^)]*\)/g, '');
	const parts = prose.split(/[.!?:]+/).filter((s) => s.trim().length > 0);
	const words = parts.flatMap((part) =>
		(part.match(/[\p{L}\p{N}-]+/gu) ?? []).filter((w, i) => !/\d/.test(w) && (i === 0 || !/^\p{Lu}/u.test(w)))
	);
	const long = words.filter((w) => w.length > 6).length;
	return words.length / parts.length + (100 * long) / words.length;
}
