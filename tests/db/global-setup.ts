import type { TestProject } from 'vitest/node';
import { mkdtempSync, rmSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres } from '../../src/lib/server/embedded-postgres.js';

declare module 'vitest' {
	export interface ProvidedContext {
		adminUrl: string;
	}
}

/**
 * Database tests run against a real PostgreSQL: DATABASE_URL's server when set, otherwise an embedded one in a
 * temporary folder that is removed afterwards. Each test file then makes its own database (tests/db/fresh.ts).
 */
export default async function setup(project: TestProject) {
	if (process.env.DATABASE_URL) {
		project.provide('adminUrl', process.env.DATABASE_URL);
		return;
	}
	const dir = mkdtempSync(join(tmpdir(), 'anon-booking-db-'));
	chmodSync(dir, 0o755);
	const db = await startEmbeddedPostgres({ dataDir: join(dir, 'pg') });
	project.provide('adminUrl', db.url);
	return async () => {
		await db.stop();
		rmSync(dir, { recursive: true, force: true });
	};
}
