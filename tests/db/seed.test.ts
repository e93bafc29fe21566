import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { freshDatabase } from './fresh';
import type { Sql } from '$lib/server/platform/db';
import { loadConfig } from '$lib/server/catalogue/config';
import { seedConfiguration, seedDemoSlots } from '$lib/server/catalogue/seed';
import { isClosedDay, isWithinOpeningHours, copenhagenDate, weekdayOf } from '$lib/domain/hours';
import type { OpeningInterval } from '$lib/domain/model';
import { assignDemoCounsellors, seedDemoStaff } from '$lib/server/staff/demo-staff';

let db: Awaited<ReturnType<typeof freshDatabase>>;
let sql: Sql;
// A fixed "now" across the spring summer-time switch (29 March 2026) and Easter (2–6 April 2026).
const NOW = new Date('2026-03-20T10:00:00Z');

beforeAll(async () => {
	db = await freshDatabase();
	sql = db.sql;
	const { configs } = loadConfig();
	await seedConfiguration(sql, configs);
	await seedDemoSlots(sql, configs, NOW);
});
afterAll(() => db.drop());

describe('seeding the shipped configuration', () => {
	it('is idempotent: a second start adds no configuration rows and no duplicate times', async () => {
		const count = async () =>
			(
				await sql<{ n: number }[]>`select (select count(*) from anon.slot) + (select count(*) from portal.offer) as n`
			)[0]!.n;
		const before = await count();
		const { configs } = loadConfig();
		await seedConfiguration(sql, configs);
		expect(await seedDemoSlots(sql, configs, NOW)).toBe(0);
		expect(await count()).toBe(before);
	});

	it('issue 13, point 2: the demo counsellor holds demo talks ("Mig" shows something), never two at once, and a restart opens no second time beside theirs', async () => {
		await seedDemoStaff(sql);
		expect(await assignDemoCounsellors(sql, NOW)).toBeGreaterThan(0);
		const [mine] = await sql<{ n: number }[]>`
			select count(*)::int as n from anon.slot s join portal.staff st on st.id = s.counsellor_id where st.username = 'gladsaxe.raadgiver'`;
		expect(mine!.n).toBeGreaterThan(10);
		const count = async () => (await sql<{ n: number }[]>`select count(*)::int as n from anon.slot`)[0]!.n;
		const before = await count();
		const { configs } = loadConfig();
		expect(await seedDemoSlots(sql, configs, NOW)).toBe(0);
		expect(await assignDemoCounsellors(sql, NOW)).toBe(0);
		expect(await count()).toBe(before);
	});

	it('DOMAIN.md: Brydehuset’s address and phone are stored as unknown, never invented', async () => {
		const [row] = await sql<{ address: string | null; phone: string | null; municipalitySlug: string }[]>`
			select address, phone, municipality_slug from portal.place where slug = 'brydehuset'`;
		expect(row).toEqual({ address: null, phone: null, municipalitySlug: 'ballerup' });
	});

	it('centres are closed on Danish public holidays: no demo time falls on one (Easter 2026)', async () => {
		const slots = await sql<{ startsAt: Date }[]>`select starts_at from anon.slot`;
		expect(slots.length).toBeGreaterThan(100);
		const onHolidays = slots.filter((s) => isClosedDay(s.startsAt).holiday);
		expect(onHolidays.map((s) => s.startsAt.toISOString())).toEqual([]);
	});

	it('demo times at a provider with known hours lie inside those hours, in Copenhagen time across the March switch', async () => {
		const rows = await sql<{ startsAt: Date; endsAt: Date; hours: OpeningInterval[] }[]>`
			select s.starts_at, s.ends_at, p.hours from anon.slot s
			join portal.offer_provider p on p.offer_slug = s.offer_slug and p.place_slug = s.place_slug
			where p.hours is not null and not s.outside_hours`;
		expect(rows.length).toBeGreaterThan(100);
		expect(rows.filter((r) => !isWithinOpeningHours(r.hours, r.startsAt, r.endsAt))).toEqual([]);
	});

	it('003: the Helsingør anonymous group meets on Mondays 16:00–18:00 as a running series with 8 seats', async () => {
		const rows = await sql<{ startsAt: Date; seats: number; seriesId: string }[]>`
			select starts_at, seats, series_id from anon.slot
			where offer_slug = 'helsingor-anonym-gruppebehandling' and phase = 'course' order by starts_at`;
		expect(rows.length).toBeGreaterThan(8);
		expect(new Set(rows.map((r) => r.seriesId)).size).toBe(1);
		for (const r of rows) {
			expect(weekdayOf(copenhagenDate(r.startsAt))).toBe(1);
			expect(
				r.startsAt.toLocaleTimeString('da-DK', { timeZone: 'Europe/Copenhagen', hour: '2-digit', minute: '2-digit' })
			).toBe('16.00');
		}
		// Rolling intake: the series is already running when the demo starts.
		expect(rows[0]!.startsAt.getTime()).toBeLessThan(NOW.getTime());
	});
});
