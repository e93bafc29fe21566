import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { freshDatabase } from './fresh';
import type { Sql } from '$lib/server/platform/db';
import { seedTestMunicipality } from './fixtures';
import { closeDb, count, pointAppAt, post } from './trust-route';
import { issueCode } from '$lib/server/booking/codes';
import { CODE_ENTRY_GLOBAL, consume } from '$lib/server/auth/rate-limit';
import { actions } from '../../src/routes/(citizen)/kode/+page.server';

let db: Awaited<ReturnType<typeof freshDatabase>>;
let sql: Sql;

beforeAll(async () => {
	db = await freshDatabase();
	sql = db.sql;
	await pointAppAt(db.url);
	await seedTestMunicipality(sql, [{}]);
});
afterAll(async () => {
	await closeDb();
	await db.drop();
});

const enterCode = (code: string, client: string) => post(actions.default, { path: '/kode', client, form: { code } });

describe('issue 9, finding 4: code entry cannot be locked for everyone', () => {
	it('attack: malformed entries from many addresses empty the shared code-entry budget, then a real person is refused', async () => {
		const { display } = await issueCode(sql, { offerSlug: 'offer-0', ageBand: null });
		// More malformed and mistyped entries than the shared bucket holds, each from an address of its own.
		const typo = display.slice(0, -1) + (display.endsWith('0') ? '1' : '0');
		const junk = ['x', '12345', 'AAAA-BBBB', typo, 'ÆØÅ-ÆØÅ-ÆØÅ', '0000-0000-0000-0001'];
		// Sent in parallel, faster than the shared bucket refills (5 a second).
		const addresses = Array.from(
			{ length: Math.round(CODE_ENTRY_GLOBAL.max * 1.5) },
			(_, i) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`
		);
		for (let from = 0; from < addresses.length; from += 50) {
			const batch = addresses.slice(from, from + 50);
			const outcomes = await Promise.all(batch.map((a, i) => enterCode(junk[(from + i) % junk.length]!, a)));
			for (const o of outcomes) expect([400, 429]).toContain(o.status);
		}
		// The real person, from an address that has not tried before, gets in.
		const real = await enterCode(display, '192.0.2.200');
		expect(real.data.error).toBeUndefined();
		expect(real.location).toBe('/mine-tider');
	});

	it('a typo is still told apart from an unknown code, and a guesser from one address is still slowed', async () => {
		await sql`delete from portal.rate_limit`;
		const { display } = await issueCode(sql, { offerSlug: 'offer-0', ageBand: null });
		const typo = display.slice(0, -1) + (display.endsWith('0') ? '1' : '0');
		expect((await enterCode(typo, '192.0.2.201')).data.error).toBe('typo');
		const outcomes = [];
		for (let i = 0; i < 15; i++) outcomes.push(await enterCode(typo, '192.0.2.202'));
		expect(outcomes.filter((o) => o.status === 429).length).toBeGreaterThan(0);
	});
});

describe('issue 9, finding 9: the database cannot be filled from outside', () => {
	it('attack: throttled code entries from many distinct clients each insert a rate-limit row', async () => {
		// Someone spends the shared budget (by real guesses), then sends from N addresses that never tried.
		await sql`delete from portal.rate_limit`;
		for (let i = 0; i < CODE_ENTRY_GLOBAL.max + 10; i++) await consume(sql, CODE_ENTRY_GLOBAL, 'all');
		const before = await count(sql, 'portal.rate_limit');
		const N = 60;
		const outcomes = await Promise.all(
			Array.from({ length: N }, (_, i) => enterCode('0000-0000-0000-0000', `172.16.${i >> 8}.${i & 255}`))
		);
		const throttled = outcomes.filter((o) => o.status === 429).length;
		// The shared bucket refills 5 a second, so a few may get through while this runs; the throttled ones write nothing.
		expect(throttled).toBeGreaterThan(N / 2);
		expect((await count(sql, 'portal.rate_limit')) - before).toBeLessThanOrEqual(N - throttled);
	});
});
