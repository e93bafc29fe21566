import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sql } from '$lib/server/platform/db';
import { loadConfig } from '$lib/server/catalogue/config';
import { seedConfiguration, seedDemoSlots } from '$lib/server/catalogue/seed';
import { bookSlotOrJoinSeries, bookingsOfCode, cancel, issueCodeAndBook } from '$lib/server/booking/bookings';
import { holdsSlot, joinableSeries, offerContext, timesAt } from '$lib/server/booking/citizen';
import { chosenTime, nearestFree, slotToConfirm } from '$lib/server/booking/slots';
import { calendarFile } from '$lib/server/operations/ics';
import { freshDatabase } from './fresh';

/**
 * The citizen face's reads (src/lib/server/booking/citizen.ts) against the shipped configuration and demo times, and
 * the one journey the browser tests cannot finish: joining Helsingør's running group after a §101a decision,
 * which staff record only after an attended clarifying conversation (003).
 */
let sql: Sql;
let drop: () => Promise<void>;
const now = new Date();

beforeAll(async () => {
	({ sql, drop } = await freshDatabase());
	const { configs } = loadConfig();
	await seedConfiguration(sql, configs);
	await seedDemoSlots(sql, configs, now);
});
afterAll(async () => drop());

describe('citizen reads', () => {
	it('Gladsaxe §101a: both providers, Brydehuset in Ballerup with its address, phone and hours unknown (001, stk. 2)', async () => {
		const context = await offerContext(sql, 'gladsaxe-anonym-stofbehandling');
		expect(context?.providers.map((p) => p.place.slug)).toEqual(['gladsaxe-rusmiddelcenter', 'brydehuset']);
		const brydehuset = context!.providers[1]!;
		expect(brydehuset.municipalityName).toMatch(/Ballerup/);
		expect([brydehuset.place.address.known, brydehuset.place.phone.known, brydehuset.hours.known]).toEqual([
			false,
			false,
			false
		]);
	});

	it('a time taken meanwhile: the nearest free times of the same phase and place, none of them the taken one', async () => {
		const offer = (await offerContext(sql, 'gladsaxe-raadgivning-foer-behandling'))!.offer;
		const [taken] = await timesAt(sql, offer, 'conversation', 'gladsaxe-rusmiddelcenter', now);
		const booked = await issueCodeAndBook(sql, { offerSlug: offer.slug, ageBand: null, slotId: taken!.id });
		expect(booked.ok).toBe(true);
		expect((await slotToConfirm(sql, taken!.id))?.seatsLeft).toBe(0);
		const nearest = await nearestFree(sql, {
			offerSlug: offer.slug,
			phase: 'conversation',
			placeSlug: 'gladsaxe-rusmiddelcenter',
			around: taken!.startsAt,
			now
		});
		expect(nearest.length).toBeGreaterThan(0);
		expect(nearest.map((s) => s.id)).not.toContain(taken!.id);
		if (booked.ok) expect(await holdsSlot(sql, booked.codeId, taken!.id)).toBe(true);
		// The three confirm pages ask chosenTime, which says so and offers the same nearest times.
		expect(await chosenTime(sql, taken!.id, now)).toEqual({
			slot: await slotToConfirm(sql, taken!.id),
			gone: true,
			nearest
		});
		const [free] = nearest;
		expect(await chosenTime(sql, free!.id, now)).toMatchObject({ gone: false, nearest: [] });
	});
});

describe('Helsingør anonymous group: 14 Mondays with rolling intake (003)', () => {
	it('a granted code joins the running series from a later week; the following weeks are booked; cancel frees a seat', async () => {
		const offer = (await offerContext(sql, 'helsingor-anonym-gruppebehandling'))!.offer;
		const [clarifying] = await timesAt(sql, offer, 'clarifying', 'helsingor-rusmiddelcenter', now);
		const issued = await issueCodeAndBook(sql, { offerSlug: offer.slug, ageBand: null, slotId: clarifying!.id });
		if (!issued.ok) throw new Error(issued.reason);

		// Staff's act after the clarifying conversation (SEL §101a stk. 4), done here directly.
		await sql`update anon.code set decision = 'granted' where id = ${issued.codeId}`;

		const [series] = await joinableSeries(sql, offer, 'course', now);
		expect(series, 'the seeded group').toBeTruthy();
		// Running: it began before today, and every coming week is open to join.
		expect(series!.firstStartsAt.getTime()).toBeLessThan(now.getTime());
		expect(series!.starts.length).toBeGreaterThan(1);
		const start = series!.starts.find((s) => s.startsAt > clarifying!.startsAt)!;
		const weeksFromStart = (
			await sql<{ n: number }[]>`
			select count(*)::int as n from anon.slot where series_id = ${series!.seriesId} and starts_at >= ${start.startsAt} and cancelled_at is null`
		)[0]!.n;

		const joined = await bookSlotOrJoinSeries(sql, issued.codeId, start.slotId);
		if (!joined.ok) throw new Error(joined.reason);
		expect(joined.bookingIds).toHaveLength(weeksFromStart);
		expect((await slotToConfirm(sql, start.slotId))?.seatsLeft).toBe(start.seatsLeft - 1);

		const group = (await bookingsOfCode(sql, issued.codeId)).filter((b) => b.phase === 'course');
		const cancelled = await cancel(sql, issued.codeId, group[0]!.id);
		expect(cancelled.ok).toBe(true);
		expect((await slotToConfirm(sql, start.slotId))?.seatsLeft).toBe(start.seatsLeft);
	});
});

describe('calendar file (RFC 5545)', () => {
	it('has a neutral title, the address only, no code, CRLF lines of at most 75 octets', () => {
		const text = calendarFile(
			[
				{
					uid: 'b1',
					startsAt: new Date('2026-03-29T08:00:00Z'),
					endsAt: new Date('2026-03-29T08:45:00Z'),
					location: 'Østmarken 4B, 2860 Søborg'
				}
			],
			'Aftale',
			new Date('2026-03-01T00:00:00Z')
		);
		expect(text).toContain('SUMMARY:Aftale\r\n');
		expect(text).toContain('DTSTART:20260329T080000Z\r\n');
		expect(text).toContain('LOCATION:Østmarken 4B\\, 2860 Søborg\r\n');
		for (const line of text.split('\r\n')) expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
		expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
	});
});
