import { test as base, expect } from '@playwright/test';
import { join } from 'node:path';
import postgres from 'postgres';
import { startPortal, withDatabase } from './portal-process';

export { expect };

/** Marks the tests' own database connections in pg_stat_activity (tests/e2e/trust-db-role.spec.ts). */
const TESTS_APPLICATION_NAME = 'anon-booking-tests';

export interface WorkerPortal {
	/** The portal's address, e.g. http://127.0.0.1:41234 (also every test's baseURL). */
	url: string;
	/** Every line this worker's portal wrote (tests/e2e/privacy.spec.ts reads it). */
	log: string;
	/** This worker's database, as its owner, marked as the tests' own connection. */
	databaseUrl: string;
}

/**
 * Every spec imports `test` from here. Each Playwright worker gets a portal of its own (src/start.js on a free
 * loopback port) on a database of its own, copied from the migrated and seeded template that global-setup.ts
 * made: what one worker's tests book, edit or rate-limit, another worker never sees. A worker that is replaced
 * after a failure starts from a fresh copy.
 *
 * The helpers in portal.ts read the worker's portal from PORTAL_URL, PORTAL_DATABASE_URL and PORTAL_LOG, which
 * are set here in the worker's own process.
 */
export const test = base.extend<object, { portal: WorkerPortal }>({
	portal: [
		// eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern; it has none
		async ({}, use, workerInfo) => {
			const { E2E_RUN_DIR: runDir, E2E_OWNER_URL: ownerUrl, E2E_APP_URL: appUrl, E2E_TEMPLATE: template } = process.env;
			if (!runDir || !ownerUrl || !appUrl || !template)
				throw new Error('tests/e2e/global-setup.ts did not run (see playwright.config.ts)');
			const name = `${template}_w${workerInfo.workerIndex}`;
			const admin = postgres(ownerUrl, { max: 1, onnotice: () => {} });
			try {
				await admin.unsafe(`create database ${name} template ${template}`);
				const dir = join(runDir, `w${workerInfo.workerIndex}`);
				const portal = await startPortal({
					appUrl: withDatabase(appUrl, name),
					ownerUrl: withDatabase(ownerUrl, name),
					dataDir: join(dir, 'data'),
					log: join(dir, 'server.log'),
					runDir
				});
				const tests = new URL(withDatabase(ownerUrl, name));
				tests.searchParams.set('application_name', TESTS_APPLICATION_NAME);
				process.env.PORTAL_URL = portal.url;
				process.env.PORTAL_LOG = portal.log;
				process.env.PORTAL_DATABASE_URL = tests.toString();
				try {
					await use({ url: portal.url, log: portal.log, databaseUrl: tests.toString() });
				} finally {
					await portal.stop();
				}
			} finally {
				await admin.unsafe(`drop database if exists ${name} with (force)`).catch(() => {});
				await admin.end({ timeout: 5 });
			}
		},
		{ scope: 'worker', auto: true, timeout: 120_000 }
	],
	baseURL: async ({ portal }, use) => {
		await use(portal.url);
	}
});
