import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { freshDatabase } from './fresh';
import { seedTestMunicipality, testOffer } from './fixtures';
import type { Sql } from '$lib/server/platform/db';
import { clientSubject } from '$lib/server/auth/rate-limit';
import {
	countNoTimeWithinGuarantee,
	noTimeWithinGuarantee,
	someTimeWithinGuarantee
} from '$lib/server/operations/guarantee-no-time';
import { wallTimeToInstant } from '$lib/domain/hours';

/**
 * Issue 11, item 7. SUL §141 stk. 2 (text in 002; 000 §1.2 "Tilbuddet skal iværksættes senest 14 dage efter
 * borgerens anmodning"): a request is a request also when no code is made. The people who looked for a first time
 * and found none within 14 days are counted — a number per day and offer, nothing that could lead back to them.
 */

let db: Awaited<ReturnType<typeof freshDatabase>>;
let sql: Sql;
const alcohol = testOffer({ slug: 'alkohol', law: 'SUL §141 stk. 7', guarantee14Days: true });
const counselling = testOffer({ slug: 'raadgivning', guarantee14Days: false });

beforeAll(async () => {
	db = await freshDatabase();
	sql = db.sql;
	await seedTestMunicipality(sql, [alcohol, counselling]);
});
afterAll(() => db.drop());

describe('SUL §141 stk. 2: requests that found no time within 14 days are counted (issue 11, item 7)', () => {
	const now = wallTimeToInstant('2026-03-02', '10:00');

	it('SUL §141 stk. 2 (002): a first time on the 14th day keeps the guarantee; the next day does not', () => {
		expect(someTimeWithinGuarantee(alcohol, [wallTimeToInstant('2026-03-16', '16:00')], now)).toBe(true);
		expect(someTimeWithinGuarantee(alcohol, [wallTimeToInstant('2026-03-17', '09:00')], now)).toBe(false);
		expect(someTimeWithinGuarantee(alcohol, [], now)).toBe(false);
		// §101a and counselling are not covered (002): nothing to count.
		expect(someTimeWithinGuarantee(counselling, [], now)).toBe(true);
	});

	it('SUL §141 stk. 2 (002): one count per connection, day and offer; the staff list shows the number per day', async () => {
		const a = clientSubject('192.0.2.10');
		const b = clientSubject('192.0.2.11');
		await countNoTimeWithinGuarantee(sql, alcohol, a, now);
		await countNoTimeWithinGuarantee(sql, alcohol, a, now); // a reload
		await countNoTimeWithinGuarantee(sql, alcohol, b, now);
		await countNoTimeWithinGuarantee(sql, counselling, b, now); // no guarantee: not counted
		const list = await noTimeWithinGuarantee(sql, 'testby', now);
		expect(list).toEqual([{ day: '2026-03-02', offerTitle: alcohol.title, requests: 2 }]);
	});

	it('DOMAIN.md "never store": the count holds a day, an offer and a number — no code, no address, no time of day', async () => {
		const columns = await sql<{ columnName: string; dataType: string }[]>`
			select column_name, data_type from information_schema.columns
			where table_schema = 'portal' and table_name = 'guarantee_no_time' order by ordinal_position`;
		expect(columns).toEqual([
			{ columnName: 'day', dataType: 'date' },
			{ columnName: 'offer_slug', dataType: 'text' },
			{ columnName: 'requests', dataType: 'integer' }
		]);
	});
});
