import type { Sql } from '$lib/server/platform/db';
import type { MunicipalityConfig, OpeningInterval, Phase, Place } from '$lib/domain/model';
import { seedConfiguration } from '$lib/server/catalogue/seed';
import { createStaff, staffById, type Staff, type StaffRole } from '$lib/server/staff/staff';
import { testOffer } from './fixtures';

/**
 * Two municipalities (alfa, beta) and a partner provider (gamma-partner, run by gamma) serving alfa's §101a
 * offer, as Brydehuset serves Gladsaxe (001). Alfa's hours are Gladsaxe's drug hours, Mondays to 20 (001).
 */
export const ALFA_HOURS: OpeningInterval[] = [
	{ weekday: 1, from: '09:00', to: '20:00' },
	{ weekday: 2, from: '09:00', to: '14:00' },
	{ weekday: 3, from: '09:00', to: '14:00' },
	{ weekday: 4, from: '09:00', to: '18:00' },
	{ weekday: 5, from: '09:00', to: '14:00' }
];

const place = (slug: string, municipality: string, outsideHoursByAgreement = false): Place => ({
	slug,
	municipality,
	name: slug,
	address: { known: false },
	phone: { known: false },
	outsideHoursByAgreement
});

const clarifying: Phase = {
	kind: 'clarifying',
	max: 1,
	format: { kind: 'individual', minutes: 45 },
	requiresDecision: false
};
const course: Phase = {
	kind: 'course',
	max: 10,
	format: { kind: 'group', minutes: 120, seats: 8, weeks: 14, rollingIntake: true },
	requiresDecision: true
};
const conversation: Phase = {
	kind: 'conversation',
	max: 5,
	format: { kind: 'individual', minutes: 45 },
	requiresDecision: false
};

export function staffTestConfigs(): MunicipalityConfig[] {
	const municipality = (slug: string) => ({ slug, name: slug, phone: { known: false } as const, retentionMonths: 12 });
	return [
		{
			municipality: municipality('alfa'),
			places: [place('alfa-center', 'alfa', true)],
			offers: [
				testOffer({
					slug: 'alfa-101a',
					municipality: 'alfa',
					law: 'SEL §101a',
					sources: ['002_82e4a84d06bb5d41.txt'],
					phases: [clarifying, course],
					providers: [
						{ place: 'alfa-center', hours: { known: true, value: ALFA_HOURS } },
						{ place: 'gamma-partner', hours: { known: false } }
					]
				}),
				testOffer({
					slug: 'alfa-youth',
					municipality: 'alfa',
					minAge: 12,
					phases: [conversation],
					youth: { anonymousMax: 2, withConsentMax: 3 },
					providers: [{ place: 'alfa-center', hours: { known: true, value: ALFA_HOURS } }]
				})
			]
		},
		{
			municipality: municipality('beta'),
			places: [place('beta-center', 'beta')],
			offers: [
				testOffer({
					slug: 'beta-counselling',
					municipality: 'beta',
					sources: ['002_82e4a84d06bb5d41.txt'],
					phases: [conversation],
					providers: [{ place: 'beta-center', hours: { known: true, value: ALFA_HOURS } }]
				})
			]
		},
		{ municipality: municipality('gamma'), places: [place('gamma-partner', 'gamma')], offers: [] }
	];
}

export async function seedStaffTest(sql: Sql): Promise<void> {
	await seedConfiguration(sql, staffTestConfigs());
}

export const PASSWORD = 'correct horse battery';

export async function newStaff(
	sql: Sql,
	username: string,
	role: StaffRole,
	municipalitySlug: string,
	places: string[] = []
): Promise<Staff> {
	const result = await createStaff(
		sql,
		{
			username,
			displayName: username,
			password: PASSWORD,
			role,
			municipalitySlug,
			places,
			totpRequired: false,
			mustChangePassword: false
		},
		null
	);
	if (!result.ok) throw new Error(result.reason);
	return (await staffById(sql, result.id))!;
}

/** A Copenhagen wall time on a date far enough ahead to be in the future whenever the tests run. */
export const FUTURE_MONDAY = '2030-03-04';
