import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fc from 'fast-check';
import { freshDatabase } from './fresh';
import { connect, type Sql } from '$lib/server/platform/db';
import type { Staff } from '$lib/server/staff/staff';
import { CODE_ENTRY_PER_CLIENT, STAFF_LOGIN_PER_ACCOUNT, consume } from '$lib/server/auth/rate-limit';
import { brokenInvariants, buildWorld, hammer, newTally, opArbitrary, seedHammerMunicipality } from './hammer';

/**
 * DESIGN.md "Scale": app servers keep no state, so two instances (two independent connection pools, as two
 * processes behind a load balancer would have) hammered together keep every rule, and a rate limit is one limit
 * across both, not one per instance.
 */

let db: Awaited<ReturnType<typeof freshDatabase>>;
let instanceA: Sql;
let instanceB: Sql;
let staff: Staff;

beforeAll(async () => {
	db = await freshDatabase({ max: 4 });
	staff = await seedHammerMunicipality(db.sql);
	instanceA = connect(db.url, 20);
	instanceB = connect(db.url, 20);
});
afterAll(async () => {
	await instanceA?.end({ timeout: 5 });
	await instanceB?.end({ timeout: 5 });
	await db?.drop();
});

describe('two app instances against one database', () => {
	it('keep every booking rule when hammered together', { timeout: 300_000 }, async () => {
		const seed = process.env.INVARIANT_SEED
			? Number(process.env.INVARIANT_SEED)
			: Date.now() ^ (Math.random() * 2 ** 31);
		const tally = newTally();
		try {
			await fc.assert(
				fc.asyncProperty(fc.array(opArbitrary, { minLength: 300, maxLength: 300 }), async (ops) => {
					const world = await buildWorld(db.sql, { codes: 24, slotsPerOffer: 12 });
					// Every other operation goes to the other instance; 16 clients on each at once.
					await hammer([instanceA, instanceB], staff, world, ops, 32, tally);
					expect(tally.faults).toEqual([]);
					expect(await brokenInvariants(db.sql)).toEqual({});
				}),
				{ seed, numRuns: 3, endOnFailure: true }
			);
		} catch (e) {
			console.error(`Two-instance run failed. Replay with INVARIANT_SEED=${seed}.`);
			throw e;
		}
		expect(tally.ok).toBeGreaterThan(50);
	});

	it('one client’s code-entry limit is shared: 40 tries split over both instances get exactly the bucket’s 10', async () => {
		const subject = `client-${Math.random()}`;
		const tries = await Promise.all(
			Array.from({ length: 40 }, (_, i) => consume(i % 2 === 0 ? instanceA : instanceB, CODE_ENTRY_PER_CLIENT, subject))
		);
		expect(tries.filter(Boolean)).toHaveLength(CODE_ENTRY_PER_CLIENT.max);
		// And the limit is still in force on either instance afterwards.
		expect(await consume(instanceA, CODE_ENTRY_PER_CLIENT, subject)).toBe(false);
		expect(await consume(instanceB, CODE_ENTRY_PER_CLIENT, subject)).toBe(false);
	});

	it('one staff account’s login limit is shared across instances too', async () => {
		const account = `account-${Math.random()}`;
		const tries = await Promise.all(
			Array.from({ length: 20 }, (_, i) =>
				consume(i % 2 === 0 ? instanceA : instanceB, STAFF_LOGIN_PER_ACCOUNT, account)
			)
		);
		expect(tries.filter(Boolean)).toHaveLength(STAFF_LOGIN_PER_ACCOUNT.max);
	});
});
