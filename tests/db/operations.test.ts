import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { freshDatabase } from './fresh';
import type { Sql } from '$lib/server/platform/db';
import { seedTestMunicipality, conversations } from './fixtures';
import { staffTestConfigs } from './staff-fixtures';
import { seedConfiguration } from '$lib/server/catalogue/seed';
import {
	monthlyInterpreterRequests,
	monthlyStats,
	suppressedInterpreterRequests,
	suppressedStats
} from '$lib/server/operations/stats';
import { GET as statsCsv } from '../../src/routes/staff/stats/csv/+server';
import { closeDb, pointAppAt } from './trust-route';
import { toCsv } from '$lib/server/operations/csv';
import { guaranteeList } from '$lib/server/operations/guarantee-list';
import { partnerReport } from '$lib/server/operations/partner-report';
import { guaranteeDeadline } from '$lib/domain/guarantee';
import { shownText } from '$lib/domain/suppression';
import { testOffer } from './fixtures';
import { book, code, slotAt } from './operations-helpers';
import { remainingSessions } from '$lib/domain/sessions';
import type { BookedSession } from '$lib/domain/cadence';
import type { MunicipalityConfig } from '$lib/domain/model';

let db: Awaited<ReturnType<typeof freshDatabase>>;
let sql: Sql;
let config: MunicipalityConfig;

beforeAll(async () => {
	db = await freshDatabase();
	sql = db.sql;
	config = await seedTestMunicipality(sql, [
		{ title: { da: 'Alkohol', en: 'Alcohol' }, law: 'SUL §141', guarantee14Days: true, phases: [conversations(null)] },
		{ title: { da: 'Rådgivning', en: 'Counselling' }, phases: [conversations(5)] },
		{ title: { da: 'Anonym stofbehandling', en: 'Drug treatment' }, law: 'SEL §101a', phases: [conversations(5)] }
	]);
});
afterAll(() => db.drop());

describe('statistics are suppressed on the page and in the CSV (issue 5)', () => {
	it('a count from 1 to 4 is "<5" and its total is hidden, in the tables and the CSV file', async () => {
		const jan = (d: number) => new Date(`2026-01-${String(d).padStart(2, '0')}T10:00:00Z`);
		for (let i = 0; i < 3; i++) {
			const c = await code(sql, 'offer-0', `Alk-${i}`, jan(2));
			await book(sql, c.id, await slotAt(sql, 'offer-0', 'testby-center', jan(5 + i)));
		}
		for (let i = 0; i < 7; i++) {
			const c = await code(sql, 'offer-1', `Raad-${i}`, jan(2));
			await book(sql, c.id, await slotAt(sql, 'offer-1', 'testby-center', jan(5 + i)));
		}
		const rows = await monthlyStats(sql, 'testby', '2026-01');
		expect(rows.map((r) => [r.offerSlug, r.counts.sessionsAttended, r.counts.codesIssued])).toEqual([
			['offer-0', 3, 3],
			['offer-1', 7, 7]
		]);
		const s = suppressedStats(rows);
		expect(s.sessions.rows.map((r) => shownText(r.cells.sessionsAttended))).toEqual(['<5', '7']);
		expect(shownText(s.sessions.total.sessionsAttended)).toBe('..');
		expect(s.sessions.capacity[0]).toBeNull(); // 3 of 10 seats would give the 3 away
		expect(s.codes.rows.map((r) => shownText(r.cells.codesIssued))).toEqual(['<5', '7']);
		// All three offer-0 codes had their first session within 14 days: 3 is still "<5".
		expect(shownText(s.guarantee.rows[0]!.cells.guaranteeMet)).toBe('<5');
		expect(s.guarantee.rows[0]!.label.share).toBeNull();

		const csv = toCsv(
			['Tilbud', 'Fremmødt'],
			s.sessions.rows.map((r) => [r.label.offerTitle.da, r.cells.sessionsAttended])
		);
		expect(csv.startsWith('\uFEFFTilbud;Fremmødt\r\n')).toBe(true);
		expect(csv).toContain('Alkohol;<5\r\n');
		expect(csv).not.toMatch(/;3\r\n/);
	});
});

describe('the 14-day guarantee list (SUL §141 stk. 2)', () => {
	// Summer time ends on Sunday 25 October 2026: a request at 10:00 on Saturday 24 October has its deadline
	// at 10:00 Copenhagen time on 7 November, which is 09:00 UTC, not 08:00 (14 × 24 h would be an hour early).
	const requested = new Date('2026-10-24T08:00:00Z');

	it('a code created the day before the October summer-time switch has 14 calendar days, to the end of the 14th day', async () => {
		const c = await code(sql, 'offer-0', 'Ugle-77', requested);
		expect(c.id).toBeTruthy();
		const far = await slotAt(sql, 'offer-0', 'testby-center', new Date('2026-11-10T09:00:00Z'), 1);
		const list = await guaranteeList(sql, 'testby', new Date('2026-10-24T12:00:00Z'));
		const found = list.cases.find((x) => x.alias === 'Ugle-77')!;
		expect(found.deadline.toISOString()).toBe('2026-11-07T23:00:00.000Z');
		expect(found.daysLeft).toBe(14);
		expect(found.freeInTime).toBeNull();
		expect(list.freeTimes).toEqual([
			expect.objectContaining({ placeName: 'Testby Rusmiddelcenter', meetsGuarantee: false })
		]);
		expect(
			(await guaranteeList(sql, 'testby', new Date('2026-11-07T08:30:00Z'))).cases.find((x) => x.alias === 'Ugle-77')!
				.daysLeft
		).toBe(0);
		expect(
			(await guaranteeList(sql, 'testby', new Date('2026-11-08T08:30:00Z'))).cases.find((x) => x.alias === 'Ugle-77')!
				.daysLeft
		).toBe(-1);
		await sql`delete from anon.slot where id = ${far}`;
	});

	it('a code whose first session is booked within 14 days is not listed; §101a is shown as exempt', async () => {
		const c = await code(sql, 'offer-0', 'Ræv-12', requested);
		await book(sql, c.id, await slotAt(sql, 'offer-0', 'testby-center', new Date('2026-11-07T08:59:00Z')), 'booked');
		const list = await guaranteeList(sql, 'testby', new Date('2026-10-24T12:00:00Z'));
		expect(list.cases.map((x) => x.alias)).not.toContain('Ræv-12');
		expect(list.exempt.map((e) => e.law)).toEqual(['SEL §§10–11', 'SEL §101a']);
	});

	it("the SQL deadline the purge folds agrees with the domain's guaranteeDeadline across both switches", async () => {
		const offer = testOffer({ slug: 'x', guarantee14Days: true });
		const instants = [
			'2026-03-14T23:30:00Z',
			'2026-03-15T01:30:00Z',
			'2026-03-28T12:00:00Z',
			'2026-10-11T00:30:00Z',
			'2026-10-24T08:00:00Z',
			'2026-10-24T23:59:00Z',
			'2026-10-25T00:30:00Z',
			'2026-12-31T23:00:00Z'
		];
		for (const at of instants) {
			const [row] = await sql<{ deadline: Date }[]>`select portal.guarantee_deadline(${new Date(at)}) as deadline`;
			expect(row!.deadline.toISOString(), at).toBe(guaranteeDeadline(offer, new Date(at))!.toISOString());
		}
	});
});

describe('partner reports (SEL §101a stk. 2)', () => {
	it('counts attended sessions per referring municipality at the partner place, suppressed per place', async () => {
		const partner = await freshDatabase();
		try {
			const configs = staffTestConfigs();
			configs[1]!.offers.push(
				testOffer({
					slug: 'beta-101a',
					municipality: 'beta',
					law: 'SEL §101a',
					providers: [{ place: 'gamma-partner', hours: { known: false } }]
				})
			);
			await seedConfiguration(partner.sql, configs);
			const at = (d: number) => new Date(`2026-09-${String(d).padStart(2, '0')}T09:00:00Z`);
			for (let i = 0; i < 6; i++) {
				const c = await code(partner.sql, 'alfa-101a', `A-${i}`, at(1));
				await book(
					partner.sql,
					c.id,
					await slotAt(partner.sql, 'alfa-101a', 'gamma-partner', at(2 + i), 1, 'clarifying'),
					'attended',
					'clarifying'
				);
			}
			for (let i = 0; i < 2; i++) {
				const c = await code(partner.sql, 'beta-101a', `B-${i}`, at(1));
				await book(
					partner.sql,
					c.id,
					await slotAt(partner.sql, 'beta-101a', 'gamma-partner', at(10 + i), 1),
					'attended'
				);
			}
			// A no-show is not a session delivered.
			const c = await code(partner.sql, 'beta-101a', 'B-x', at(1));
			await book(partner.sql, c.id, await slotAt(partner.sql, 'beta-101a', 'gamma-partner', at(20), 1), 'no_show');

			const [report] = await partnerReport(
				partner.sql,
				{ places: ['gamma-partner'], municipalitySlug: 'gamma' },
				'2026-09'
			);
			expect(report!.lines.map((l) => [l.municipalitySlug, shownText(l.sessions)])).toEqual([
				['alfa', '6'],
				['beta', '<5']
			]);
			expect(shownText(report!.total)).toBe('..');
			expect(
				await partnerReport(partner.sql, { places: ['alfa-center'], municipalitySlug: 'alfa' }, '2026-09')
			).toEqual([]);
		} finally {
			await partner.drop();
		}
	});
});

describe('"cap reached" in the statistics counts sessions as the domain and the cap trigger do (issue 11, item 9)', () => {
	const mar = (d: number) => new Date(`2026-03-${String(d).padStart(2, '0')}T10:00:00Z`);
	const state = { ageBand: '25plus', decision: 'none', parentalConsent: false, courseEnded: false } as const;
	const capsReached = async (offerSlug: string) =>
		(await monthlyStats(sql, 'testby', '2026-03')).find((r) => r.offerSlug === offerSlug)!.counts.capsReached;

	it('a missed conversation uses no session where its phase does not count it (DEFAULT_NO_SHOW_USES_SESSION, migrations/055): not "cap reached" until the session the person may still book is used', async () => {
		const offer = config.offers[1]!; // conversations, at most 5
		const c = await code(sql, 'offer-1', 'Mår-5', mar(2), { ageBand: '25plus' });
		const held: BookedSession[] = [];
		for (const [i, status] of (['attended', 'attended', 'no_show', 'attended', 'attended'] as const).entries()) {
			await book(sql, c.id, await slotAt(sql, 'offer-1', 'testby-center', mar(3 + i)), status);
			held.push({ phase: 'conversation', startsAt: mar(3 + i), status });
		}
		expect(remainingSessions(offer, 'conversation', held, state)).toBe(1);
		expect(await capsReached('offer-1')).toBe(0);
		// The cap trigger agrees: the fifth counted session can be booked, and then the cap is reached.
		await book(sql, c.id, await slotAt(sql, 'offer-1', 'testby-center', mar(10)), 'attended');
		held.push({ phase: 'conversation', startsAt: mar(10), status: 'attended' });
		expect(remainingSessions(offer, 'conversation', held, state)).toBe(0);
		expect(await capsReached('offer-1')).toBe(1);
	});

	it('a missed course session uses one where its phase counts it: three of three with a no-show is "cap reached"', async () => {
		const offer = testOffer({
			slug: 'offer-course',
			title: { da: 'Alkoholgruppe', en: 'Alcohol group' },
			phases: [
				{
					kind: 'course',
					max: 3,
					format: { kind: 'group', minutes: 120, seats: 10, weeks: 3, rollingIntake: false },
					requiresDecision: false
				}
			]
		});
		await seedConfiguration(sql, [{ ...config, offers: [...config.offers, offer] }]);
		const c = await code(sql, 'offer-course', 'Mår-3', mar(2), { ageBand: '25plus' });
		const held: BookedSession[] = [];
		for (const [i, status] of (['attended', 'no_show', 'attended'] as const).entries()) {
			await book(
				sql,
				c.id,
				await slotAt(sql, 'offer-course', 'testby-center', mar(3 + 7 * i), 10, 'course'),
				status,
				'course'
			);
			held.push({ phase: 'course', startsAt: mar(3 + 7 * i), status });
		}
		expect(remainingSessions(offer, 'course', held, state)).toBe(0);
		expect(await capsReached('offer-course')).toBe(1);
	});
});

describe('interpreter requests in the statistics (issue 15, part 4)', () => {
	const at = (month: string, d: number) => new Date(`2026-${month}-${String(d).padStart(2, '0')}T09:00:00Z`);
	/** A code with one session on the day, for which the person asked for an interpreter in `language`. */
	async function asked(alias: string, startsAt: Date, language: string, status = 'attended'): Promise<void> {
		const c = await code(sql, 'offer-1', alias, startsAt);
		const booking = await book(sql, c.id, await slotAt(sql, 'offer-1', 'testby-center', startsAt), status);
		await sql`update anon.booking set interpreter = ${language} where id = ${booking}`;
	}

	it('statistics disclosure: a language asked for 1–4 times in the month is not named — it is folded with the "other" answers into one row "andre sprog", suppressed like any count, and the total follows rule 4, on the page and in the CSV file', async () => {
		for (let i = 0; i < 6; i++) await asked(`Tolk-A${i}`, at('05', 4 + i), 'ar');
		await asked('Tolk-S1', at('05', 12), 'so');
		await asked('Tolk-S2', at('05', 13), 'so', 'no_show');
		// One person asking for Tigrinya in a small municipality: even a "<5" row would single them out by it.
		await asked('Tolk-I1', at('05', 15), 'ti');
		await asked('Tolk-O1', at('05', 16), 'other');
		// Cancelled before it took place: nothing for the centre to arrange, so not a request.
		await asked('Tolk-T1', at('05', 14), 'tr', 'cancelled');
		await asked('Tolk-U1', at('06', 2), 'uk');
		await asked('Tolk-U2', at('06', 3), 'uk', 'booked');
		await asked('Tolk-U3', at('06', 4), 'uk');
		await asked('Tolk-I2', at('06', 5), 'ti');
		await asked('Tolk-I3', at('06', 8), 'ti');

		const may = await monthlyInterpreterRequests(sql, 'testby', '2026-05');
		expect(may).toEqual([
			{ language: 'ar', requests: 6 },
			{ language: 'so', requests: 2 },
			{ language: 'ti', requests: 1 },
			{ language: 'other', requests: 1 }
		]);
		const shown = suppressedInterpreterRequests(may);
		// Somali 2 + Tigrinya 1 + other 1 = 4: one row, "<5", and the total over it ".." (rule 4).
		expect(shown.rows.map((r) => [r.language, shownText(r.cells.interpreterRequests)])).toEqual([
			['ar', '6'],
			['other', '<5']
		]);
		expect(shownText(shown.total.interpreterRequests)).toBe('..');
		// June: Ukrainian 3 + Tigrinya 2 = 5 in the folded row, shown as a count with neither language named; nothing
		// is hidden, so the total is shown.
		const june = suppressedInterpreterRequests(await monthlyInterpreterRequests(sql, 'testby', '2026-06'));
		expect(june.rows.map((r) => [r.language, shownText(r.cells.interpreterRequests)])).toEqual([['other', '5']]);
		expect(shownText(june.total.interpreterRequests)).toBe('5');

		await pointAppAt(db.url);
		try {
			const staff = {
				id: 'test',
				username: 'testby.koordinator',
				displayName: 'Koordinator',
				role: 'coordinator',
				municipalitySlug: 'testby',
				municipalityName: 'Testby',
				places: ['testby-center'],
				totpEnabled: false,
				totpRequired: false,
				mustChangePassword: false,
				disabled: false,
				sessionId: 'test',
				twoFactorVerified: true
			};
			const url = new URL('http://portal.test/staff/stats/csv?month=2026-05');
			const csv = await (await statsCsv({ locals: { staff }, url } as never)).text();
			expect(csv).toContain('\r\nMåned;Sprog;Tider med tolk\r\n');
			expect(csv).toContain('\r\n2026-05;arabisk;6\r\n2026-05;andre sprog;<5\r\n2026-05;I alt;..\r\n');
			for (const named of ['somali', 'tigrinya', 'tyrkisk']) expect(csv).not.toContain(named);
		} finally {
			await closeDb();
		}
	});
});
