import { describe, it, expect, afterAll } from 'vitest';
import { mkdtempSync, chmodSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, isDatabaseUnavailable, type Sql } from '$lib/server/platform/db';
import { migrate } from '$lib/server/platform/migrate';
import { issueCodeAndBook } from '$lib/server/booking/bookings';
import { startPrimaryAndStandby } from '../bench/replica.js';
import { seedTestMunicipality, createSlot } from './fixtures';

/**
 * Issue 14, "past one machine": DATABASE_URL names a primary and its synchronous standby
 * (`…@host1,host2/db?target_session_attrs=primary`). Two app instances (two pools, as two processes hold them)
 * make first bookings through the production path (issueCodeAndBook) while the primary dies and the standby is
 * promoted. Between, a write fails as "database unavailable" (the calm 503 of hooks.server.ts), never as anything
 * else; afterwards the same pools write to the new primary without a restart; every booking confirmed to a
 * client is on the new primary, and no slot holds more bookings than seats.
 * `npm run faults` runs the same over HTTP with two portal processes.
 */
const dir = mkdtempSync(join(tmpdir(), 'anon-booking-failover-'));
chmodSync(dir, 0o755);
let pair: Awaited<ReturnType<typeof startPrimaryAndStandby>> | null = null;
const pools: Sql[] = [];

afterAll(async () => {
	for (const p of pools) await p.end({ timeout: 2 }).catch(() => {});
	await pair?.stop();
	rmSync(dir, { recursive: true, force: true });
});

const OFFER = 'offer-0';

describe('failover to a promoted standby (issue 14)', () => {
	it('a primary lost mid-booking: the app answers "unavailable" during the switch, then writes to the promoted standby; no confirmed booking is lost', async () => {
		const slots: string[] = [];
		pair = await startPrimaryAndStandby(dir, async (ownerUrl) => {
			const owner = connect(ownerUrl, 4);
			try {
				await migrate(owner);
				await seedTestMunicipality(owner, [{ slug: OFFER }]);
				// Seats for far more bookings than the run makes: a run that fills every seat before the switch proves nothing.
				for (let i = 0; i < 400; i++) slots.push(await createSlot(owner, OFFER, { seats: 3 }));
			} finally {
				await owner.end({ timeout: 2 });
			}
		});
		// Two app instances, each with its own pool on the multi-host URL.
		for (let i = 0; i < 2; i++) pools.push(connect(pair.appUrl, 5, `instance-${i}`));

		const confirmed: { codeId: string; bookingIds: string[]; at: number }[] = [];
		const unavailable: number[] = [];
		const otherErrors: string[] = [];
		let refused = 0;
		let stop = false;
		const writers = Array.from({ length: 6 }, async (_, w) => {
			const sql = pools[w % 2]!;
			while (!stop) {
				const slotId = slots[Math.floor(Math.random() * slots.length)]!;
				try {
					const r = await issueCodeAndBook(sql, { offerSlug: OFFER, ageBand: null, slotId });
					if (r.ok) confirmed.push({ codeId: r.codeId, bookingIds: r.bookingIds, at: performance.now() });
					else refused++;
					await new Promise((r) => setTimeout(r, 20)); // people, not a loop: a steady stream of bookings
				} catch (e) {
					if (isDatabaseUnavailable(e)) unavailable.push(performance.now());
					else otherErrors.push(`${(e as { code?: string }).code ?? ''} ${(e as Error).message}`);
					await new Promise((r) => setTimeout(r, 50)); // a person told "not now" waits a moment
				}
			}
		});

		await new Promise((r) => setTimeout(r, 1500));
		const before = confirmed.length;
		pair.killPrimary();
		const killedAt = performance.now();
		await new Promise((r) => setTimeout(r, 500));
		await pair.promote();
		const promotedAt = performance.now();
		// Writes go on until some have been confirmed by the new primary.
		for (let i = 0; i < 200 && confirmed.filter((c) => c.at > promotedAt).length < 5; i++)
			await new Promise((r) => setTimeout(r, 100));
		stop = true;
		await Promise.all(writers);

		const after = confirmed.filter((c) => c.at > promotedAt).length;
		console.log(
			`failover: ${before} confirmed before the kill, ${after} after the promotion (first ${((Math.min(...confirmed.filter((c) => c.at > promotedAt).map((c) => c.at)) - promotedAt) / 1000).toFixed(2)} s after it), ` +
				`${unavailable.length} "unavailable" answers, ${refused} refused (full), promoted ${((promotedAt - killedAt) / 1000).toFixed(2)} s after the kill`
		);
		expect(otherErrors).toEqual([]);
		expect(before).toBeGreaterThan(0);
		expect(after).toBeGreaterThanOrEqual(5);

		// Everything confirmed is on the new primary, and the seats add up there.
		const check = connect(pair.standbyUrl, 1);
		pools.push(check);
		const [state] = await check<{ recovery: boolean }[]>`select pg_is_in_recovery() as recovery`;
		expect(state?.recovery).toBe(false);
		const ids = confirmed.flatMap((c) => c.bookingIds);
		const found = await check<
			{ id: string }[]
		>`select id from anon.booking where id = any(${ids}::uuid[]) and status = 'booked'`;
		expect(found.length).toBe(ids.length);
		const broken = await check`
			select s.id from anon.slot s
			where s.booked > s.seats or s.booked <> (select count(*) from anon.booking b where b.slot_id = s.id and b.status = 'booked')`;
		expect(broken).toEqual([]);
		const orphans =
			await check`select c.id from anon.code c where not exists (select 1 from anon.booking b where b.code_id = c.id)`;
		expect(orphans).toEqual([]);
	});
});
