import { describe, it, expect, afterAll, beforeAll } from 'vitest';
import { freshDatabase } from './fresh';
import { migrate, bundledMigrations, type Migration } from '$lib/server/platform/migrate';
import type { Sql } from '$lib/server/platform/db';

describe('migrations', () => {
	let db: Awaited<ReturnType<typeof freshDatabase>>;
	let sql: Sql;
	beforeAll(async () => {
		db = await freshDatabase({ migrate: false });
		sql = db.sql;
	});
	afterAll(() => db.drop());

	it('applies every numbered file once, in order, and records it', async () => {
		const first = await migrate(sql);
		expect(first).toEqual(bundledMigrations().map((m) => m.name));
		expect(await migrate(sql)).toEqual([]);
		const rows = await sql<{ version: number }[]>`select version from public.schema_migration order by version`;
		expect(rows.map((r) => r.version)).toEqual(bundledMigrations().map((m) => m.version));
	});

	it('two instances migrating at once take turns under the advisory lock', async () => {
		const extra: Migration[] = [
			...bundledMigrations(),
			{ version: 9001, name: '9001_slow.sql', sql: 'select pg_sleep(0.3); create table public.once (x int);' }
		];
		const results = await Promise.all([migrate(sql, extra), migrate(sql, extra), migrate(sql, extra)]);
		// Exactly one of the three applied it; had two raced, the second "create table" would have failed.
		expect(results.flat()).toEqual(['9001_slow.sql']);
	});

	it('a failing migration leaves nothing half-applied', async () => {
		const broken: Migration[] = [
			...bundledMigrations(),
			{ version: 9002, name: '9002_broken.sql', sql: 'create table public.half (x int); select 1/0;' }
		];
		await expect(migrate(sql, broken)).rejects.toThrow(/division by zero/);
		const [row] = await sql<{ exists: boolean }[]>`select to_regclass('public.half') is not null as exists`;
		expect(row?.exists).toBe(false);
	});
});
