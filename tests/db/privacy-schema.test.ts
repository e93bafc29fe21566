import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { freshDatabase } from './fresh';
import type { Sql } from '$lib/server/platform/db';

let db: Awaited<ReturnType<typeof freshDatabase>>;
let sql: Sql;

beforeAll(async () => {
	db = await freshDatabase();
	sql = db.sql;
});
afterAll(() => db.drop());

/** Words that name personal data in Danish or English (DOMAIN.md: "What must never happen"). */
const PERSONAL =
	/(^|_)(name|navn|fornavn|efternavn|surname|cpr|ssn|birth|born|foedsel|fødsel|email|e_mail|mail|phone|telefon|tlf|mobile|mobil|address|adresse|street|vej|zip|postnummer|ip|ip_address|remote|user_agent|useragent|device|location|geo)(_|$)/i;

describe('the anonymous schema holds no personal data', () => {
	it('no column in schema anon is named like personal data', async () => {
		const columns = await sql<{ table: string; column: string }[]>`
			select table_name as table, column_name as column from information_schema.columns where table_schema = 'anon'`;
		expect(columns.length).toBeGreaterThan(10);
		expect(columns.filter((c) => PERSONAL.test(c.column)).map((c) => `${c.table}.${c.column}`)).toEqual([]);
	});

	it('no column in schema anon has a network-address type', async () => {
		const columns = await sql<{ name: string; type: string }[]>`
			select table_name || '.' || column_name as name, data_type as type from information_schema.columns
			where table_schema = 'anon' and udt_name in ('inet', 'cidr', 'macaddr', 'macaddr8')`;
		expect(columns).toEqual([]);
	});

	it('nothing in schema anon references an identified record outside configuration and staff', async () => {
		const refs = await sql<{ from: string; to: string }[]>`
			select c.conrelid::regclass::text as from, c.confrelid::regclass::text as to
			from pg_constraint c join pg_namespace n on n.oid = c.connamespace
			where c.contype = 'f' and n.nspname = 'anon'`;
		const allowed = /^(anon\.|portal\.(offer|offer_phase|place|staff)$)/;
		expect(refs.filter((r) => !allowed.test(r.to))).toEqual([]);
	});

	it('the personal-data pattern itself catches what it must', () => {
		for (const bad of ['cpr', 'email', 'phone_number', 'ip_address', 'full_name', 'birth_date', 'adresse']) {
			expect(PERSONAL.test(bad), bad).toBe(true);
		}
		for (const ok of ['alias', 'selector', 'secret_hash', 'age_band', 'starts_at', 'offer_slug', 'place_slug']) {
			expect(PERSONAL.test(ok), ok).toBe(false);
		}
	});
});
