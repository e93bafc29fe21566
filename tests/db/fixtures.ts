import type { Sql } from '$lib/server/platform/db';
import type { MunicipalityConfig, Offer, Phase } from '$lib/domain/model';
import { seedConfiguration } from '$lib/server/catalogue/seed';

/** A small municipality with one place and the offers a test describes; seeded the way start-up seeds. */
export async function seedTestMunicipality(sql: Sql, offers: Partial<Offer>[]): Promise<MunicipalityConfig> {
	const config: MunicipalityConfig = {
		municipality: { slug: 'testby', name: 'Testby', phone: { known: false }, retentionMonths: 12 },
		places: [
			{
				slug: 'testby-center',
				municipality: 'testby',
				name: 'Testby Rusmiddelcenter',
				address: { known: false },
				phone: { known: false },
				outsideHoursByAgreement: false
			}
		],
		offers: offers.map((o, i) => testOffer({ slug: `offer-${i}`, ...o }))
	};
	await seedConfiguration(sql, [config]);
	return config;
}

export function testOffer(o: Partial<Offer> & { slug: string }): Offer {
	return {
		municipality: 'testby',
		law: 'SEL §§10–11',
		audience: 'self',
		title: { da: 'Samtaler', en: 'Conversations' },
		summary: { da: 'Samtaler.', en: 'Conversations.' },
		minAge: 18,
		maxAge: null,
		eligibility: [],
		phases: [conversations(5)],
		cadence: null,
		youth: null,
		guarantee14Days: false,
		noMedicineWhileAnonymous: false,
		providers: [{ place: 'testby-center', hours: { known: false } }],
		nextStep: { da: 'Ring til centret.', en: 'Call the centre.', phone: { known: false } },
		sources: [],
		...o
	};
}

export function conversations(max: number | null): Phase {
	return { kind: 'conversation', max, format: { kind: 'individual', minutes: 45 }, requiresDecision: false };
}

let minute = 0;
/** A slot some days ahead; each call gets a distinct time unless `startsAt` is given. */
export async function createSlot(
	sql: Sql,
	offerSlug: string,
	options: { seats?: number; phase?: string; startsAt?: Date; counsellorId?: string; seriesId?: string } = {}
): Promise<string> {
	const startsAt = options.startsAt ?? new Date(Date.now() + 3 * 86_400_000 + minute++ * 3_600_000);
	const [row] = await sql<{ id: string }[]>`
		insert into anon.slot (place_slug, offer_slug, phase, starts_at, ends_at, seats, counsellor_id, series_id)
		values ('testby-center', ${offerSlug}, ${options.phase ?? 'conversation'}, ${startsAt},
			${new Date(startsAt.getTime() + 45 * 60_000)}, ${options.seats ?? 1}, ${options.counsellorId ?? null}, ${options.seriesId ?? null})
		returning id`;
	return row!.id;
}
