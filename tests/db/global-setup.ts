import type { TestProject } from 'vitest/node';
import { mkdtempSync, rmSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres } from '../../src/lib/server/platform/embedded-postgres.js';

declare module 'vitest' {
	export interface ProvidedContext {
		/** The owner (here: superuser) URL: makes, migrates and drops each test file's database. */
		adminUrl: string;
		/** The application role's URL (database part replaced per test database), or null on DATABASE_URL's server. */
		appUrl: string | null;
		/** Whether the tests run on their own embedded PostgreSQL (then dataDir is its data folder). */
		embedded: boolean;
		dataDir: string;
	}
}

/**
 * Database tests run against a real PostgreSQL: DATABASE_URL's server when set, otherwise an embedded one in a
 * temporary folder that is removed afterwards. Each test file then makes its own database (tests/db/fresh.ts).
 * On DATABASE_URL's server, APP_DATABASE_URL may name the application role's login (for tests that use it).
 */
export default async function setup(project: TestProject) {
	if (process.env.DATABASE_URL) {
		project.provide('adminUrl', process.env.DATABASE_URL);
		project.provide('appUrl', process.env.APP_DATABASE_URL ?? null);
		project.provide('embedded', false);
		project.provide('dataDir', '');
		return;
	}
	const dir = mkdtempSync(join(tmpdir(), 'anon-booking-db-'));
	chmodSync(dir, 0o755);
	const db = await startEmbeddedPostgres({ dataDir: join(dir, 'pg') });
	project.provide('adminUrl', db.url);
	project.provide('appUrl', db.appUrl ?? null);
	project.provide('embedded', true);
	project.provide('dataDir', join(dir, 'pg'));
	return async () => {
		await db.stop();
		rmSync(dir, { recursive: true, force: true });
	};
}
