import { z } from 'zod';
import { PHASE_KINDS, SLUG, WALL_TIME } from '$lib/domain/values';
import type {
	AssumedValue,
	Cadence,
	ClosedDays,
	EligibilityQuestion,
	Format,
	Known,
	LawGap,
	LawGapRule,
	Law,
	Municipality,
	MunicipalityConfig,
	Offer,
	OpeningInterval,
	Phase,
	Place,
	Provenance,
	ProvenanceTag,
	Provider,
	Wall,
	Weekday,
	YouthGate
} from '$lib/domain/model';

/**
 * Schemas for the municipality files in ./municipalities. Every file is parsed into exactly the types of
 * model.ts (see the `Exact` checks at the bottom: a field added to or removed from the model without the schema,
 * or the other way round, fails `svelte-check`). Objects are strict, so a misspelt key in a JSON file is an error
 * instead of a silently ignored value.
 *
 * Decision on SEL §101a stk. 2 (at least two providers, at least one outside the municipality; text in 002):
 * - Gladsaxe names its partner, Brydehuset in Ballerup Kommune (001 §5 "samarbejdsaftale med Ballerup Kommunes
 *   behandlingssted Brydehuset … jf. servicelovens § 101a, stk. 2"). It is a real provider; what 001 does not
 *   give (address, phone, hours) is `{ "known": false }`.
 * - Helsingør (003) and København (004) describe their anonymous §101a treatment but name no partner outside the
 *   municipality, and do not even say that one exists. A placeholder provider ("partner not named") would claim
 *   a fact the documents do not give and would let citizens pick a place that may not exist. So those offers keep
 *   only the providers the seeds name and carry a typed `lawGaps: [{ rule: 'SEL §101a stk. 2', … }]`. The law
 *   check (domain/routing.ts) turns the violation into a start-up WARNING naming the offer, instead of an error,
 *   only when that gap is declared; without the declaration the same data stops start-up. A declared gap whose
 *   rule is in fact met is reported too, so the flag is removed once the partner is added.
 */

const SEEDS = [
	'000_960f81d826925276.txt',
	'001_9446f388d158bfe0.txt',
	'002_82e4a84d06bb5d41.txt',
	'003_17d60edeaf6d916d.txt',
	'004_f42274594f73fee9.txt'
] as const;

const slug = z
	.string()
	.regex(
		SLUG,
		'a slug is lower-case a–z, 0–9 and single hyphens, at most 100 characters, e.g. "gladsaxe-rusmiddelcenter"'
	);

const text = z.string().trim().min(1, 'must not be empty');

const bilingual = z.strictObject({ da: text, en: text });

const source = z.string().refine((s) => (SEEDS as readonly string[]).includes(s), {
	error: `a source is one of the seed files: ${SEEDS.join(', ')}`
});

/** Per value, the seeds that give it by number, and/or 'default' (a declared default); see model.ts Provenance. */
export const provenanceSchema = z.record(
	z.string().min(1),
	z
		.array(z.enum(['000', '001', '002', '003', '004', 'default'] satisfies ProvenanceTag[]))
		.min(1, 'name the seed that gives the value, or "default"')
		.refine((tags) => new Set(tags).size === tags.length, { error: 'lists a tag twice' })
);

/** The answer is a value only when a seed gives it; `{ "known": false }` is the honest default (DOMAIN.md). */
function known<T extends z.ZodType>(value: T) {
	return z.discriminatedUnion('known', [
		z.strictObject({ known: z.literal(true), value }),
		z.strictObject({ known: z.literal(false) })
	]);
}

export const wallSchema = z
	.string()
	.regex(WALL_TIME, 'a wall time is "HH:MM" on a 24-hour clock, 00:00–23:59, e.g. "09:00" or "16:30"')
	.transform((v) => v as Wall);

const weekday = z.literal([1, 2, 3, 4, 5, 6, 7], { error: 'a weekday is 1 (Monday) … 7 (Sunday)' });

export const openingIntervalSchema = z
	.strictObject({ weekday, from: wallSchema, to: wallSchema })
	.superRefine((v, ctx) => {
		// Same-width "HH:MM" strings order like the times they name. A malformed time is already reported.
		if (WALL_TIME.test(v.from) && WALL_TIME.test(v.to) && v.from >= v.to) {
			ctx.addIssue({
				code: 'custom',
				path: ['to'],
				params: { problem: 'ends_before_start' },
				message: `an opening interval must end after it starts (${v.from}–${v.to})`
			});
		}
	});

export const hoursSchema = z.array(openingIntervalSchema).superRefine((intervals, ctx) => {
	if (intervals.length === 0) {
		ctx.addIssue({
			code: 'custom',
			params: { problem: 'no_interval' },
			message: 'known hours need at least one interval; use { "known": false } when a seed gives none'
		});
	}
	intervals.forEach((a, i) => {
		intervals.forEach((b, j) => {
			if (j > i && a.weekday === b.weekday && a.from < b.to && b.from < a.to) {
				ctx.addIssue({
					code: 'custom',
					path: [j],
					params: { problem: 'overlap' },
					message: `overlaps interval ${i} on weekday ${a.weekday} (${a.from}–${a.to} and ${b.from}–${b.to})`
				});
			}
		});
	});
});

export const placeSchema = z.strictObject({
	slug,
	municipality: slug,
	name: text,
	address: known(text),
	phone: known(text),
	outsideHoursByAgreement: z.boolean()
});

export const providerSchema = z.strictObject({
	place: slug,
	hours: known(hoursSchema),
	hoursNote: bilingual.optional(),
	decisionDelegated: z.boolean().optional()
});

const minutes = z.int().min(5, 'a session lasts at least 5 minutes').max(480, 'a session lasts at most 8 hours');

export const formatSchema = z
	.discriminatedUnion('kind', [
		z.strictObject({ kind: z.literal('individual'), minutes }),
		z.strictObject({
			kind: z.literal('group'),
			minutes,
			seats: z.int().min(1, 'a group needs at least 1 seat'),
			weeks: z.int().min(1, 'a group runs at least 1 week'),
			rollingIntake: z.boolean(),
			minParticipants: z.int().min(1).optional()
		})
	])
	.superRefine((f, ctx) => {
		if (f.kind === 'group' && f.minParticipants !== undefined && f.minParticipants > f.seats) {
			ctx.addIssue({
				code: 'custom',
				path: ['minParticipants'],
				params: { problem: 'seats_below_participants' },
				message: `a group that needs ${f.minParticipants} participants to run cannot have only ${f.seats} seats`
			});
		}
	});

const assumedValue = z.enum(['max', 'minutes', 'seats', 'weeks', 'minParticipants'] satisfies AssumedValue[]);

export const phaseSchema = z
	.strictObject({
		kind: z.enum(PHASE_KINDS),
		max: z.int().min(1, 'a phase allows at least 1 session; use null for "bounded only by cadence"').nullable(),
		format: formatSchema,
		requiresDecision: z.boolean(),
		alternative: formatSchema.optional(),
		assumed: z.array(assumedValue).optional(),
		noShowUsesSession: z.boolean().optional()
	})
	.superRefine((p, ctx) => {
		if (p.assumed && new Set(p.assumed).size !== p.assumed.length) {
			ctx.addIssue({ code: 'custom', path: ['assumed'], message: 'lists a value twice' });
		}
		if (
			p.assumed?.some(
				(a) => (a === 'seats' || a === 'weeks') && p.format.kind !== 'group' && p.alternative?.kind !== 'group'
			)
		) {
			ctx.addIssue({ code: 'custom', path: ['assumed'], message: 'seats and weeks exist only for a group format' });
		}
	});

export const cadenceSchema = z.discriminatedUnion('kind', [
	z.strictObject({ kind: z.literal('perCalendarMonth'), max: z.int().min(1) }),
	z.strictObject({ kind: z.literal('rolling'), days: z.int().min(1).max(366), max: z.int().min(1) }),
	z.strictObject({ kind: z.literal('perWeek'), max: z.int().min(1) })
]);

export const youthGateSchema = z.strictObject({
	anonymousMax: z.int().min(1),
	withConsentMax: z.int().min(0),
	alsoNeeds: text.optional(),
	assumed: z.array(z.literal('anonymousMax')).optional()
});

const eligibilityQuestion = z.enum([
	'adult',
	'drugProblem',
	'selfSupporting',
	'hasHome',
	'noSubstitution',
	'noPsychiatric',
	'workOrEducation',
	'livesInMunicipality'
] satisfies EligibilityQuestion[]);

const law = z.enum(['SEL §101a', 'SUL §141 stk. 7', 'SEL §§10–11', 'SEL §11', 'SUL §141'] satisfies Law[]);

export const lawGapSchema = z.strictObject({
	rule: z.enum(['SEL §101a stk. 2', 'SEL §101a', 'SUL §141 stk. 7'] satisfies LawGapRule[]),
	reason: text,
	sources: z.array(source).min(1)
});

const age = z.int().min(0).max(120);

export const offerSchema = z
	.strictObject({
		slug,
		municipality: slug,
		law,
		audience: z.enum(['self', 'relative']),
		title: bilingual,
		summary: bilingual,
		minAge: age,
		maxAge: age.nullable(),
		eligibility: z.array(eligibilityQuestion),
		phases: z.array(phaseSchema),
		cadence: cadenceSchema.nullable(),
		youth: youthGateSchema.nullable(),
		guarantee14Days: z.boolean(),
		noMedicineWhileAnonymous: z.boolean(),
		anonymousCare: bilingual.optional(),
		urgent: bilingual.optional(),
		providers: z.array(providerSchema).min(1, 'an offer needs at least one provider'),
		nextStep: z.strictObject({ da: text, en: text, phone: known(text) }),
		sources: z.array(source).min(1, 'every offer cites the seed that gives it'),
		maxHeldAhead: z.number().int().min(1).max(100).optional(),
		minNoticeMinutes: z
			.number()
			.int()
			.min(0)
			.max(14 * 24 * 60)
			.optional(),
		lawGaps: z.array(lawGapSchema).optional(),
		contactOnly: z.literal(true).optional(),
		notes: z.array(text).optional(),
		provenance: provenanceSchema.optional()
	})
	.superRefine((o, ctx) => {
		if (o.maxAge !== null && o.maxAge <= o.minAge) {
			ctx.addIssue({
				code: 'custom',
				path: ['maxAge'],
				message: `maxAge (exclusive) ${o.maxAge} must be greater than minAge ${o.minAge}`
			});
		}
		if (o.eligibility.includes('adult') && o.minAge < 18) {
			ctx.addIssue({ code: 'custom', path: ['minAge'], message: `asks "adult" but admits from age ${o.minAge}` });
		}
		if (new Set(o.eligibility).size !== o.eligibility.length) {
			ctx.addIssue({ code: 'custom', path: ['eligibility'], message: 'asks a question twice' });
		}
		// The database keys phases by (offer, phase kind): one phase of each kind (migrations/001_schema.sql).
		const kinds = o.phases.map((p) => p.kind);
		kinds.forEach((k, i) => {
			if (kinds.indexOf(k) !== i)
				ctx.addIssue({ code: 'custom', path: ['phases', i, 'kind'], message: `a second '${k}' phase` });
		});
		// §101a stk. 3–4 and 8: the clarifying conversation comes first, the closing conversation last.
		const clarifying = kinds.indexOf('clarifying');
		if (clarifying > 0)
			ctx.addIssue({
				code: 'custom',
				path: ['phases', clarifying, 'kind'],
				message: 'the clarifying phase must come first'
			});
		const closing = kinds.indexOf('closing');
		if (closing !== -1 && closing !== kinds.length - 1) {
			ctx.addIssue({ code: 'custom', path: ['phases', closing, 'kind'], message: 'the closing phase must come last' });
		}
		if (o.youth !== null && o.minAge >= 18) {
			ctx.addIssue({
				code: 'custom',
				path: ['youth'],
				message: `an under-18 gate on an offer from age ${o.minAge} can never apply`
			});
		}
		const places = o.providers.map((p) => p.place);
		places.forEach((p, i) => {
			if (places.indexOf(p) !== i)
				ctx.addIssue({ code: 'custom', path: ['providers', i, 'place'], message: `'${p}' is listed twice` });
		});
		if (o.lawGaps && o.law !== 'SEL §101a') {
			ctx.addIssue({
				code: 'custom',
				path: ['lawGaps'],
				message: `a SEL §101a stk. 2 gap cannot be declared on a ${o.law} offer`
			});
		}
		o.lawGaps?.forEach((g, i) => {
			if (g.rule !== 'SEL §101a stk. 2') {
				ctx.addIssue({
					code: 'custom',
					path: ['lawGaps', i, 'rule'],
					message: `an offer declares only a SEL §101a stk. 2 gap; '${g.rule}' is declared on the municipality`
				});
			}
		});
		// A bookable offer has phases; an offer the documents describe too little to book has none (contactOnly).
		if (o.contactOnly && o.phases.length > 0) {
			ctx.addIssue({
				code: 'custom',
				path: ['phases'],
				message: 'a contact-only offer is not booked, so it has no phases'
			});
		}
		if (!o.contactOnly && o.phases.length === 0) {
			ctx.addIssue({
				code: 'custom',
				path: ['phases'],
				message: 'an offer has at least one phase (or is contactOnly)'
			});
		}
		o.providers.forEach((p, i) => {
			if (p.decisionDelegated && o.law !== 'SEL §101a') {
				ctx.addIssue({
					code: 'custom',
					path: ['providers', i, 'decisionDelegated'],
					message: `SEL §101a stk. 5 delegates §101a decisions; '${o.slug}' is a ${o.law} offer`
				});
			}
		});
	});

const MONTH_DAY = /^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export const closedDaysSchema = z.strictObject({
	publicHolidays: z.boolean(),
	days: z.array(
		z.strictObject({
			monthDay: z.string().regex(MONTH_DAY, 'a closed day is "MM-DD", e.g. "12-31"'),
			name: text,
			from: wallSchema.optional()
		})
	)
});

export const municipalitySchema = z.strictObject({
	slug,
	name: text,
	phone: known(text),
	retentionMonths: z.int().min(1).max(120),
	interpreterNoticeWorkingDays: z.int().min(0).max(30).optional(),
	waitlistHoldHours: z.int().min(1).max(336).optional()
});

export const municipalityConfigSchema = z
	.strictObject({
		municipality: municipalitySchema,
		places: z.array(placeSchema),
		offers: z.array(offerSchema),
		lawGaps: z.array(lawGapSchema).optional(),
		closedDays: closedDaysSchema.optional(),
		provenance: provenanceSchema.optional()
	})
	.superRefine((c, ctx) => {
		const m = c.municipality.slug;
		c.places.forEach((p, i) => {
			if (p.municipality !== m) {
				ctx.addIssue({
					code: 'custom',
					path: ['places', i, 'municipality'],
					message: `place '${p.slug}' is in a file of '${m}' but says '${p.municipality}'`
				});
			}
		});
		c.lawGaps?.forEach((g, i) => {
			if (g.rule === 'SEL §101a stk. 2') {
				ctx.addIssue({
					code: 'custom',
					path: ['lawGaps', i, 'rule'],
					message: 'a SEL §101a stk. 2 gap is declared on the §101a offer it concerns'
				});
			}
		});
		c.offers.forEach((o, i) => {
			if (o.municipality !== m) {
				ctx.addIssue({
					code: 'custom',
					path: ['offers', i, 'municipality'],
					message: `offer '${o.slug}' is in a file of '${m}' but says '${o.municipality}'`
				});
			}
		});
	});

/**
 * All files together: slugs unique across files (they are primary keys in the database) and every provider a
 * known place, possibly in another municipality (Gladsaxe's §101a partner Brydehuset is Ballerup's, 001).
 */
export const configSetSchema = z.array(municipalityConfigSchema).superRefine((configs, ctx) => {
	const seen = new Map<string, string>();
	const unique = (kind: string, value: string, path: (string | number)[]) => {
		const key = `${kind}:${value}`;
		const first = seen.get(key);
		if (first !== undefined)
			ctx.addIssue({ code: 'custom', path, message: `${kind} slug '${value}' is used twice (first in '${first}')` });
		else seen.set(key, path.slice(0, 1).join(''));
	};
	configs.forEach((c, ci) => {
		unique('municipality', c.municipality.slug, [ci, 'municipality', 'slug']);
		c.places.forEach((p, pi) => unique('place', p.slug, [ci, 'places', pi, 'slug']));
		c.offers.forEach((o, oi) => unique('offer', o.slug, [ci, 'offers', oi, 'slug']));
	});
	const places = new Set(configs.flatMap((c) => c.places.map((p) => p.slug)));
	configs.forEach((c, ci) =>
		c.offers.forEach((o, oi) =>
			o.providers.forEach((p, pi) => {
				if (!places.has(p.place)) {
					ctx.addIssue({
						code: 'custom',
						path: [ci, 'offers', oi, 'providers', pi, 'place'],
						message: `offer '${o.slug}' names provider place '${p.place}', which no municipality file defines`
					});
				}
			})
		)
	);
});

/* ---- The schemas and the model cannot drift: each output type must be identical to the model type. ---- */

type Exact<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Assert<T extends true> = T;

export type SchemaMatchesModel = [
	Assert<Exact<z.output<typeof wallSchema>, Wall>>,
	Assert<Exact<z.output<typeof weekday>, Weekday>>,
	Assert<Exact<z.output<typeof openingIntervalSchema>, OpeningInterval>>,
	Assert<Exact<z.output<ReturnType<typeof known<typeof text>>>, Known<string>>>,
	Assert<Exact<z.output<typeof placeSchema>, Place>>,
	Assert<Exact<z.output<typeof providerSchema>, Provider>>,
	Assert<Exact<z.output<typeof formatSchema>, Format>>,
	Assert<Exact<z.output<typeof phaseSchema>, Phase>>,
	Assert<Exact<z.output<typeof cadenceSchema>, Cadence>>,
	Assert<Exact<z.output<typeof closedDaysSchema>, ClosedDays>>,
	Assert<Exact<z.output<typeof provenanceSchema>, Provenance>>,
	Assert<Exact<z.output<typeof youthGateSchema>, YouthGate>>,
	Assert<Exact<z.output<typeof lawGapSchema>, LawGap>>,
	Assert<Exact<z.output<typeof offerSchema>, Offer>>,
	Assert<Exact<z.output<typeof municipalitySchema>, Municipality>>,
	Assert<Exact<z.output<typeof municipalityConfigSchema>, MunicipalityConfig>>
];

/** The other direction: each schema stands wherever a schema of the model type is expected. */
export const schemas = {
	place: placeSchema satisfies z.ZodType<Place>,
	offer: offerSchema satisfies z.ZodType<Offer>,
	config: municipalityConfigSchema satisfies z.ZodType<MunicipalityConfig>,
	configs: configSetSchema satisfies z.ZodType<MunicipalityConfig[]>
};
