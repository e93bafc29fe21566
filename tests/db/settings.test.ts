import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { freshDatabase } from './fresh';
import type { Sql } from '$lib/server/platform/db';
import { loadConfig } from '$lib/server/catalogue/config';
import { seedConfiguration } from '$lib/server/catalogue/seed';
import { createStaff } from '$lib/server/staff/staff';
import { offerBySlug, places } from '$lib/server/catalogue/catalogue';
import {
	ownProviderHours,
	settingsOverview,
	updateHours,
	updateOffer,
	updatePlace,
	type Editor
} from '$lib/server/catalogue/settings';
import type { OpeningInterval } from '$lib/domain/model';
import type { SettingsProblem } from '$lib/views/staff';
import { settingsProblemText } from '$lib/ui/staff/refusal-text';
import { overwriteGetLocale } from '$lib/paraglide/runtime';

/** Issue 4, "Roles": a coordinator edits their own municipality's places, hours and offers, within the law. */

let db: Awaited<ReturnType<typeof freshDatabase>>;
let sql: Sql;
let gladsaxe: Editor;
let helsingor: Editor;

const ALCOHOL = 'gladsaxe-anonym-alkoholbehandling';
const DRUGS = 'gladsaxe-anonym-stofbehandling';
const CENTRE = 'gladsaxe-rusmiddelcenter';
const GROUP = 'gladsaxe-paaroerendekursus-alkohol';
const NEW_HOURS: OpeningInterval[] = [
	{ weekday: 2, from: '10:00', to: '15:30' },
	{ weekday: 4, from: '12:00', to: '19:00' }
];

async function coordinator(municipalitySlug: string): Promise<Editor> {
	const result = await createStaff(
		sql,
		{
			username: `${municipalitySlug}.settings`,
			displayName: `Koordinator ${municipalitySlug}`,
			password: 'a long enough password',
			role: 'coordinator',
			municipalitySlug,
			places: [],
			totpRequired: false
		},
		null
	);
	if (!result.ok) throw new Error('could not create a coordinator');
	return { id: result.id, municipalitySlug };
}

const auditCount = async (action: string) =>
	(await sql<{ n: number }[]>`select count(*)::int as n from portal.audit where action = ${action}`)[0]!.n;

beforeAll(async () => {
	db = await freshDatabase();
	sql = db.sql;
	await seedConfiguration(sql, loadConfig().configs);
	gladsaxe = await coordinator('gladsaxe');
	helsingor = await coordinator('helsingor');
});
afterAll(() => db.drop());

describe('a coordinator edits their own municipality’s settings', () => {
	it('changes an offer’s hours at a place: both for booking staff and on the citizens’ offer page, audited', async () => {
		expect(await updateHours(sql, gladsaxe, ALCOHOL, CENTRE, NEW_HOURS)).toEqual({ ok: true });
		expect((await ownProviderHours(sql, 'gladsaxe', ALCOHOL, CENTRE))!.hours).toEqual({
			known: true,
			value: NEW_HOURS
		});
		const offer = await offerBySlug(sql, ALCOHOL);
		expect(offer!.providers.find((p) => p.place === CENTRE)!.hours).toEqual({ known: true, value: NEW_HOURS });
		expect(await auditCount('hours_updated')).toBe(1);
	});

	it('may say the hours are not given', async () => {
		expect(await updateHours(sql, gladsaxe, 'gladsaxe-paaroerendekursus-stoffer', CENTRE, null)).toEqual({ ok: true });
		expect((await ownProviderHours(sql, 'gladsaxe', 'gladsaxe-paaroerendekursus-stoffer', CENTRE))!.hours).toEqual({
			known: false
		});
	});

	it('edits a place; an empty phone is stored as not given', async () => {
		const result = await updatePlace(sql, gladsaxe, CENTRE, {
			name: 'Gladsaxe Rusmiddelcenter',
			address: 'Søborg Hovedgade 1, 2860 Søborg',
			phone: null,
			outsideHoursByAgreement: true
		});
		expect(result).toEqual({ ok: true });
		const [place] = await places(sql, [CENTRE]);
		expect(place).toMatchObject({
			address: { known: true, value: 'Søborg Hovedgade 1, 2860 Søborg' },
			phone: { known: false },
			outsideHoursByAgreement: true
		});
		expect(await auditCount('place_updated')).toBe(1);
	});

	it('changes a group’s seats and minutes within the schema', async () => {
		const offer = (await offerBySlug(sql, GROUP))!;
		const phases = offer.phases.map((p) =>
			p.format.kind === 'group' ? { ...p, format: { ...p.format, seats: 6, minutes: 120 } } : p
		);
		expect(await updateOffer(sql, gladsaxe, GROUP, { phases })).toEqual({ ok: true });
		const [row] = await sql<
			{ seats: number; minutes: number }[]
		>`select seats, minutes from portal.offer_phase where offer_slug = ${GROUP} and phase = 'course'`;
		expect(row).toEqual({ seats: 6, minutes: 120 });
	});

	it('edits survive the next start, which seeds the configuration files again', async () => {
		await seedConfiguration(sql, loadConfig().configs);
		expect((await ownProviderHours(sql, 'gladsaxe', ALCOHOL, CENTRE))!.hours).toEqual({
			known: true,
			value: NEW_HOURS
		});
		const offer = (await offerBySlug(sql, ALCOHOL))!;
		expect(offer.providers.find((p) => p.place === CENTRE)!.hours).toEqual({ known: true, value: NEW_HOURS });
		expect((await offerBySlug(sql, GROUP))!.phases.find((p) => p.kind === 'course')!.format).toMatchObject({
			seats: 6,
			minutes: 120
		});
		const [place] = await places(sql, [CENTRE]);
		expect(place!.address).toEqual({ known: true, value: 'Søborg Hovedgade 1, 2860 Søborg' });
		// An unedited row still follows the files.
		const [drugs] = await sql<
			{ hours: OpeningInterval[] }[]
		>`select hours from portal.offer_provider where offer_slug = ${DRUGS} and place_slug = ${CENTRE}`;
		const fromFile = loadConfig()
			.configs.flatMap((c) => c.offers)
			.find((o) => o.slug === DRUGS)!
			.providers.find((p) => p.place === CENTRE)!.hours;
		expect({ known: true, value: drugs!.hours }).toEqual(fromFile);
	});
});

describe('another municipality’s coordinator', () => {
	it('cannot edit Gladsaxe’s hours, place or offer: not found, and nothing changes', async () => {
		const before = await sql`select * from portal.offer_provider where offer_slug = ${ALCOHOL} order by place_slug`;
		expect(await updateHours(sql, helsingor, ALCOHOL, CENTRE, [{ weekday: 1, from: '08:00', to: '09:00' }])).toEqual({
			ok: false,
			reason: 'not_found'
		});
		expect(
			await updatePlace(sql, helsingor, CENTRE, {
				name: 'X',
				address: null,
				phone: null,
				outsideHoursByAgreement: false
			})
		).toEqual({ ok: false, reason: 'not_found' });
		expect(await updateOffer(sql, helsingor, ALCOHOL, { guarantee14Days: true })).toEqual({
			ok: false,
			reason: 'not_found'
		});
		expect(await ownProviderHours(sql, 'helsingor', ALCOHOL, CENTRE)).toBeNull();
		expect(await sql`select * from portal.offer_provider where offer_slug = ${ALCOHOL} order by place_slug`).toEqual(
			before
		);
		const [place] = await places(sql, [CENTRE]);
		expect(place!.name).toBe('Gladsaxe Rusmiddelcenter');
	});
});

/** What a refused edit returns: codes, never words (issue 10, point 6). */
const problemsOf = (result: Awaited<ReturnType<typeof updateHours>>): SettingsProblem[] =>
	result.ok === false && result.reason === 'invalid' ? result.problems : [];
const lawRules = (result: Awaited<ReturnType<typeof updateHours>>) =>
	problemsOf(result).flatMap((p) => (p.kind === 'law' ? [p.rule] : []));

describe('an edit the rules forbid is refused, with the rule named', () => {
	it('hours that end before they start', async () => {
		const result = await updateHours(sql, gladsaxe, ALCOHOL, CENTRE, [{ weekday: 1, from: '16:00', to: '09:00' }]);
		expect(result).toMatchObject({ ok: false, reason: 'invalid' });
		expect(problemsOf(result)).toEqual([{ kind: 'field', field: 'to', weekday: 1, problem: 'ends_before_start' }]);
	});

	it("one error contract: a refused settings edit reads in Danish, not in zod's English, and in English when asked", async () => {
		const result = await updateHours(sql, gladsaxe, ALCOHOL, CENTRE, [
			{ weekday: 1, from: '16:00', to: '09:00' },
			{ weekday: 2, from: '9', to: '12:00' }
		]);
		try {
			overwriteGetLocale(() => 'da');
			const danish = problemsOf(result).map((p) => settingsProblemText(p, 'da'));
			expect(danish).toEqual([
				'mandag, til: skal ligge efter fra-tidspunktet',
				'tirsdag, fra: skal være et klokkeslæt som 09:00 (00:00–23:59)'
			]);
			expect(danish.join()).not.toMatch(/must|invalid|string|expected/i);
			overwriteGetLocale(() => 'en');
			expect(problemsOf(result).map((p) => settingsProblemText(p, 'en'))).toEqual([
				'Monday, to: must be after the start',
				'Tuesday, from: must be a time such as 09:00 (00:00–23:59)'
			]);
		} finally {
			overwriteGetLocale(() => 'da');
		}
	});

	it('known hours with no interval, and overlapping intervals', async () => {
		expect(await updateHours(sql, gladsaxe, ALCOHOL, CENTRE, [])).toMatchObject({ ok: false, reason: 'invalid' });
		const overlap = await updateHours(sql, gladsaxe, ALCOHOL, CENTRE, [
			{ weekday: 1, from: '09:00', to: '14:00' },
			{ weekday: 1, from: '13:00', to: '18:00' }
		]);
		expect(problemsOf(overlap)).toEqual([{ kind: 'field', field: 'from', weekday: 1, problem: 'overlap' }]);
	});

	it('a §101a offer losing its clarifying phase (SEL §101a stk. 3)', async () => {
		const offer = (await offerBySlug(sql, DRUGS))!;
		const result = await updateOffer(sql, gladsaxe, DRUGS, {
			phases: offer.phases.filter((p) => p.kind !== 'clarifying')
		});
		expect(result).toMatchObject({ ok: false, reason: 'invalid' });
		expect(lawRules(result)).toContain('SEL §101a stk. 3');
		expect(problemsOf(result)).toContainEqual({
			kind: 'law',
			rule: 'SEL §101a stk. 3',
			finding: { code: 'clarifying_first' }
		});
		expect((await offerBySlug(sql, DRUGS))!.phases[0]!.kind).toBe('clarifying');
	});

	it('SEL §101a stk. 8: a coordinator cannot make a §101a course unbounded (002 "et afgrænset behandlingsforløb af kortere varighed")', async () => {
		const offer = (await offerBySlug(sql, DRUGS))!;
		const phases = offer.phases.map((p) => (p.kind === 'course' ? { ...p, max: null } : p));
		const result = await updateOffer(sql, gladsaxe, DRUGS, { phases });
		expect(result).toMatchObject({ ok: false, reason: 'invalid' });
		expect(lawRules(result)).toEqual(['SEL §101a stk. 8']);
		expect(problemsOf(result)).toContainEqual({
			kind: 'law',
			rule: 'SEL §101a stk. 8',
			finding: { code: 'unbounded', phases: ['course'] }
		});
		expect((await offerBySlug(sql, DRUGS))!.phases.find((p) => p.kind === 'course')!.max).toBe(10);
	});

	it('alcohol treatment without the 14-day guarantee (SUL §141)', async () => {
		const result = await updateOffer(sql, gladsaxe, ALCOHOL, { guarantee14Days: false });
		expect(result).toMatchObject({ ok: false, reason: 'invalid' });
		expect(problemsOf(result)).toEqual([
			{ kind: 'law', rule: 'SUL §141 stk. 2', finding: { code: 'guarantee_required' } }
		]);
		expect((await offerBySlug(sql, ALCOHOL))!.guarantee14Days).toBe(true);
	});

	it('values below the schema’s limits: a session under 5 minutes, a group of no seats', async () => {
		const offer = (await offerBySlug(sql, GROUP))!;
		const phases = offer.phases.map((p) =>
			p.format.kind === 'group' ? { ...p, format: { ...p.format, seats: 0, minutes: 2 } } : p
		);
		const result = await updateOffer(sql, gladsaxe, GROUP, { phases });
		const kind = offer.phases.find((p) => p.format.kind === 'group')!.kind;
		expect(problemsOf(result)).toEqual(
			expect.arrayContaining([
				{ kind: 'field', field: 'minutes', phase: kind, problem: 'too_small', min: 5 },
				{ kind: 'field', field: 'seats', phase: kind, problem: 'too_small', min: 1 }
			])
		);
	});

	it('nothing refused was audited', async () => {
		expect(await auditCount('offer_updated')).toBe(1);
	});
});

describe('declared law gaps are shown to the coordinator of that municipality (issue 11 item 1)', () => {
	it("SEL §101a stk. 2: Helsingør's coordinator sees the declared gap of its §101a group with its reason and source (003)", async () => {
		const { lawGaps } = await settingsOverview(sql, 'helsingor');
		expect(lawGaps).toEqual([
			{
				rule: 'SEL §101a stk. 2',
				offerTitle: { da: 'Anonym gruppe for stoffer', en: 'Anonymous group for drug use' },
				reason: expect.stringContaining('003'),
				sources: ['003_17d60edeaf6d916d.txt']
			}
		]);
	});

	it("SEL §101a and SUL §141 stk. 7: a municipality-wide gap (Ballerup, 001) is shown as the whole municipality's; Gladsaxe has none", async () => {
		expect((await settingsOverview(sql, 'ballerup')).lawGaps.map((g) => [g.rule, g.offerTitle])).toEqual([
			['SEL §101a', null],
			['SUL §141 stk. 7', null]
		]);
		expect((await settingsOverview(sql, 'gladsaxe')).lawGaps).toEqual([]);
	});
});
