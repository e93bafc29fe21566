import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import postgres from 'postgres';
import type { Sql } from '$lib/server/platform/db';
import { logIn } from '$lib/server/auth/staff-auth';
import { newStaff } from './staff-fixtures';
import { staffAuthDatabase } from './staff-auth-fixture';

/**
 * Issue 9, findings 9 and 11 (staff half): every throttled sign-in wrote an audit row, so the database could be
 * filled from outside; and only real accounts got that row, so the throttled answer's timing told which
 * usernames exist. A throttled sign-in must write nothing and run the same statements for any name.
 */

const { sql, url } = await staffAuthDatabase();
/** The same database through a connection that records every statement it sends. */
let traced: Sql;
let statements: string[] = [];

beforeAll(async () => {
	traced = postgres(url, {
		max: 1,
		onnotice: () => {},
		transform: postgres.camel,
		debug: (_connection, query) => statements.push(query.replace(/\s+/g, ' ').trim())
	}) as unknown as Sql;
	// postgres.js asks for the server's array types once per connection: not part of any sign-in.
	await traced`select 1`;
});
afterAll(async () => {
	await traced.end({ timeout: 5 });
});

async function counts(): Promise<{ audit: number; rateLimit: number }> {
	const [row] = await sql<{ audit: number; rateLimit: number }[]>`
		select (select count(*)::int from portal.audit) as audit, (select count(*)::int from portal.rate_limit) as rate_limit`;
	return row!;
}

/** Empties the account's buckets from many addresses, as a distributed guesser does. */
async function exhaust(username: string): Promise<void> {
	for (let i = 0; i < 80; i++) await logIn(sql, { username, password: `guess-${i}`, client: `bot-${username}-${i}` });
	expect(await logIn(sql, { username, password: 'guess', client: 'bot-check' })).toEqual({
		ok: false,
		reason: 'throttled'
	});
	// Emptied, a bucket may still hold most of a token, which came back within a second on a CI run (an attempt then
	// counted as a plain wrong password): keep every bucket empty for the rest of the test.
	await sql`update portal.rate_limit set full_at = full_at + interval '1 hour'`;
}

describe('throttled staff sign-ins', () => {
	it('attack: every throttled sign-in writes an audit row (the table grows from outside)', async () => {
		await newStaff(sql, 'olga', 'counsellor', 'alfa', ['alfa-center']);
		await exhaust('olga');
		const before = await counts();
		for (let i = 0; i < 300; i++) {
			expect(await logIn(sql, { username: 'olga', password: `more-${i}`, client: `more-${i}` })).toEqual({
				ok: false,
				reason: 'throttled'
			});
		}
		expect(await counts()).toEqual(before);
	});

	it('attack: the throttled path tells a real username from an unknown one (only real accounts got an audit row)', async () => {
		await newStaff(sql, 'palle', 'counsellor', 'alfa', ['alfa-center']);
		await exhaust('palle');
		await exhaust('ingen.saadan');

		const run = async (username: string) => {
			const before = await counts();
			statements = [];
			const result = await logIn(traced, { username, password: 'another guess', client: 'same-client' });
			const sent = statements;
			return {
				result,
				sent,
				grew: { audit: (await counts()).audit - before.audit, rateLimit: (await counts()).rateLimit - before.rateLimit }
			};
		};
		const known = await run('palle');
		const unknown = await run('ingen.saadan');
		expect(known.result).toEqual({ ok: false, reason: 'throttled' });
		expect(unknown.result).toEqual(known.result);
		// The same statements, in the same order, and the same (no) rows written.
		expect(known.sent.length).toBeGreaterThan(0);
		expect(unknown.sent).toEqual(known.sent);
		expect(known.grew).toEqual({ audit: 0, rateLimit: 0 });
		expect(unknown.grew).toEqual(known.grew);

		// Lenient timing check on top of the structural one: medians within a factor of three. The two names take
		// turns, so a busy machine slows both alike (measured one after the other, load drift alone gave 4.6×).
		const times: Record<string, number[]> = { palle: [], 'ingen.saadan': [] };
		for (let i = 0; i < 15; i++) {
			for (const username of i % 2 === 0 ? ['palle', 'ingen.saadan'] : ['ingen.saadan', 'palle']) {
				const t = performance.now();
				await logIn(sql, { username, password: 'x', client: `t-${i}-${username}` });
				times[username]!.push(performance.now() - t);
			}
		}
		const median = (xs: number[]) => xs.sort((a, b) => a - b)[7]!;
		const [a, b] = [median(times.palle!), median(times['ingen.saadan']!)];
		expect(Math.max(a, b) / Math.min(a, b)).toBeLessThan(3);
	});

	it('a failed (not throttled) sign-in runs the same statements for a known and an unknown name', async () => {
		await newStaff(sql, 'quinn', 'counsellor', 'alfa', ['alfa-center']);
		const run = async (username: string, client: string) => {
			statements = [];
			const result = await logIn(traced, { username, password: 'wrong password', client });
			return { result, sent: statements };
		};
		const known = await run('quinn', 'c1');
		const unknown = await run('heller.ingen', 'c2');
		expect(known.result).toEqual({ ok: false, reason: 'invalid' });
		expect(unknown.result).toEqual(known.result);
		expect(unknown.sent).toEqual(known.sent);
	});
});
