import { afterAll, inject } from 'vitest';
import postgres from 'postgres';
import { randomBytes } from 'node:crypto';
import { connect, type Sql } from '$lib/server/platform/db';
import { migrate } from '$lib/server/platform/migrate';

/**
 * A new, migrated database for one test file, dropped again by `drop()`. `sql` and `url` are the owner's (it
 * migrated); `appUrl` is the application role's login to the same database (null on DATABASE_URL's server
 * without APP_DATABASE_URL), for tests of what the portal's own role may do.
 */
export async function freshDatabase(options: { migrate?: boolean; max?: number } = {}): Promise<{
	sql: Sql;
	url: string;
	appUrl: string | null;
	drop: () => Promise<void>;
}> {
	const adminUrl = inject('adminUrl');
	const name = `test_${randomBytes(6).toString('hex')}`;
	const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
	await admin.unsafe(`create database ${name}`);
	const url = new URL(adminUrl);
	url.pathname = `/${name}`;
	const sql = connect(url.toString(), options.max ?? 60);
	const appBase = inject('appUrl');
	const appUrl = appBase ? new URL(appBase) : null;
	if (appUrl) appUrl.pathname = url.pathname;
	if (options.migrate !== false) await migrate(sql);
	return {
		sql,
		url: url.toString(),
		appUrl: appUrl?.toString() ?? null,
		drop: async () => {
			await sql.end({ timeout: 5 });
			await admin.unsafe(`drop database if exists ${name} with (force)`);
			await admin.end();
		}
	};
}

/**
 * A fresh database for the whole test file, dropped when the file is done. Call it once at the file's top level:
 * `const { sql } = await databaseForFile();` (the set-up most database test files otherwise repeat).
 */
export async function databaseForFile(options: { migrate?: boolean; max?: number } = {}) {
	const db = await freshDatabase(options);
	afterAll(() => db.drop());
	return db;
}
