import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sha256 } from '@oslojs/crypto/sha2';
import { hmac } from '@oslojs/crypto/hmac';
import { SHA256 } from '@oslojs/crypto/sha2';
import { freshDatabase } from './fresh';
import type { Sql } from '$lib/server/platform/db';
import * as limits from '$lib/server/auth/rate-limit';
import {
	CODE_ENTRY_PER_CLIENT,
	STAFF_LOGIN_PER_ACCOUNT,
	consume,
	refund,
	type Bucket
} from '$lib/server/auth/rate-limit';

let db: Awaited<ReturnType<typeof freshDatabase>>;
let sql: Sql;

beforeAll(async () => {
	db = await freshDatabase();
	sql = db.sql;
});
afterAll(() => db.drop());

const enc = (s: string) => new TextEncoder().encode(s);
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const join = (a: Uint8Array, b: Uint8Array) => {
	const out = new Uint8Array(a.length + b.length);
	out.set(a);
	out.set(b, a.length);
	return out;
};

/** Every byte string and text a database administrator can read: each bytea and text column of every table. */
async function everythingInTheDatabase(): Promise<Uint8Array[]> {
	const columns = await sql<{ schema: string; table: string; column: string; type: string }[]>`
		select c.table_schema as schema, c.table_name as table, c.column_name as column, c.data_type as type
		from information_schema.columns c join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
		where t.table_type = 'BASE TABLE' and c.table_schema not in ('pg_catalog', 'information_schema')
			and c.data_type in ('bytea', 'text', 'character varying', 'jsonb')`;
	const values: Uint8Array[] = [];
	for (const c of columns) {
		const rows = await sql.unsafe<{ v: unknown }[]>(
			`select distinct "${c.column}"${c.type === 'jsonb' ? '::text' : ''} as v from "${c.schema}"."${c.table}"`
		);
		for (const r of rows) {
			if (r.v instanceof Uint8Array) values.push(new Uint8Array(r.v));
			else if (typeof r.v === 'string') {
				values.push(enc(r.v));
				if (/^[A-Za-z0-9+/]+=*$/.test(r.v) && r.v.length >= 40) values.push(new Uint8Array(Buffer.from(r.v, 'base64')));
			}
		}
	}
	return values;
}

describe('issue 9, finding 2: rate-limit keys cannot be turned back into addresses or usernames', () => {
	it('attack: a database administrator recomputes a bucket key from the database and so learns the client address', async () => {
		const address = '198.51.100.23';
		const username = 'bo.jensen';
		await consume(sql, CODE_ENTRY_PER_CLIENT, address);
		await consume(sql, STAFF_LOGIN_PER_ACCOUNT, username);
		const keys = new Set(
			(await sql<{ key: Uint8Array }[]>`select key from portal.rate_limit`).map((r) => hex(new Uint8Array(r.key)))
		);
		expect(keys.size).toBe(2);

		// With the key material in hand, the 2^32 IPv4 addresses are tried in seconds; here the true address stands
		// for the whole search: if its key cannot be recomputed from the database, no other address's can either.
		const days = [0, -1, 1].map((d) => new Date(Date.now() + d * 86_400_000).toISOString().slice(0, 10));
		const recomputed: string[] = [];
		for (const material of await everythingInTheDatabase()) {
			for (const [bucket, subject] of [
				[CODE_ENTRY_PER_CLIENT, address],
				[STAFF_LOGIN_PER_ACCOUNT, username]
			] as const) {
				const text = enc(`${bucket.name}\u0000${subject}`);
				const guesses = [sha256(join(material, text)), hmac(SHA256, material, text)];
				for (const day of days) guesses.push(hmac(SHA256, hmac(SHA256, material, enc(day)), text));
				for (const g of guesses) if (keys.has(hex(g))) recomputed.push(`${bucket.name} from ${material.length} bytes`);
			}
		}
		expect(recomputed).toEqual([]);
		// And no table keeps key material under another name.
		const tables = await sql<
			{ name: string }[]
		>`select table_name as name from information_schema.tables where table_schema = 'portal' and table_name like 'rate_limit%'`;
		expect(tables.map((t) => t.name)).toEqual(['rate_limit']);
	});

	it("attack: yesterday's keys still match today's clients (keys differ across days) and survive a new secret", async () => {
		expect(typeof limits.bucketKey).toBe('function');
		const subject = '203.0.113.40';
		const monday = limits.bucketKey(CODE_ENTRY_PER_CLIENT, subject, new Date('2026-11-23T12:00:00Z'));
		const tuesday = limits.bucketKey(CODE_ENTRY_PER_CLIENT, subject, new Date('2026-11-24T12:00:00Z'));
		expect(hex(monday)).not.toBe(hex(tuesday));
		// The day turns at midnight in Copenhagen, not in London.
		expect(hex(limits.bucketKey(CODE_ENTRY_PER_CLIENT, subject, new Date('2026-11-23T23:30:00Z')))).toBe(hex(tuesday));

		// What consume() stores is today's key; another secret gives other keys for the same client.
		await sql`delete from portal.rate_limit`;
		await consume(sql, CODE_ENTRY_PER_CLIENT, subject);
		const [stored] = await sql<{ key: Uint8Array }[]>`select key from portal.rate_limit`;
		expect(hex(new Uint8Array(stored!.key))).toBe(hex(limits.bucketKey(CODE_ENTRY_PER_CLIENT, subject)));
		const before = hex(limits.bucketKey(CODE_ENTRY_PER_CLIENT, subject));
		limits.setRateLimitSecret(new Uint8Array(32).fill(7));
		try {
			expect(hex(limits.bucketKey(CODE_ENTRY_PER_CLIENT, subject))).not.toBe(before);
		} finally {
			limits.setRateLimitSecret(null);
		}
		expect(hex(limits.bucketKey(CODE_ENTRY_PER_CLIENT, subject))).toBe(before);
	});

	it('attack: a bucket row lingers after it is full again, with a time that lines up with a code session', async () => {
		await sql`delete from portal.rate_limit`;
		const fast: Bucket = { name: 'trust-fast', max: 2, refillPerSecond: 10 };
		expect(await consume(sql, fast, 'client-a')).toBe(true);
		// Full again after at most two refill steps (0.2 s); the next request of anyone sweeps it.
		await new Promise((r) => setTimeout(r, 450));
		await consume(sql, CODE_ENTRY_PER_CLIENT, 'client-b');
		expect(
			await sql`select 1 from portal.rate_limit where key = ${limits.bucketKey?.(fast, 'client-a') ?? new Uint8Array()}`
		).toHaveLength(0);
		const [n] = await sql<{ n: number }[]>`select count(*)::int as n from portal.rate_limit`;
		expect(n!.n).toBe(1);

		// A refund that fills the bucket again deletes its row at once.
		const slow: Bucket = { name: 'trust-slow', max: 5, refillPerSecond: 1 / 60 };
		await sql`delete from portal.rate_limit`;
		await consume(sql, slow, 'client-c');
		await refund(sql, slow, 'client-c');
		const left = await sql`select 1 from portal.rate_limit`;
		expect(left.length).toBeLessThanOrEqual(1); // at most the one refill step the rounding keeps

		// Every time a row keeps is a whole multiple of its bucket's refill step (30 s for code entry): no
		// microsecond that could be joined with a code session's created_at.
		await sql`delete from portal.rate_limit`;
		await consume(sql, CODE_ENTRY_PER_CLIENT, 'client-d');
		const times = await sql<{ column: string }[]>`
			select column_name as column from information_schema.columns
			where table_schema = 'portal' and table_name = 'rate_limit' and data_type like 'timestamp%'`;
		expect(times.length).toBeGreaterThan(0);
		for (const t of times) {
			const [row] = await sql.unsafe<{ seconds: string }[]>(
				`select extract(epoch from "${t.column}")::text as seconds from portal.rate_limit`
			);
			expect(Number(row!.seconds) % (1 / CODE_ENTRY_PER_CLIENT.refillPerSecond), t.column).toBe(0);
		}
	});
});
