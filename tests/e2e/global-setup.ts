import { mkdtempSync, rmSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { startEmbeddedPostgres } from '../../src/lib/server/platform/embedded-postgres.js';
import { startPortal, stopLeftoverPortals, withDatabase } from './portal-process';

/**
 * One PostgreSQL for the whole run, one database per Playwright worker (tests/e2e/fixtures.ts):
 *
 * 1. an embedded PostgreSQL in a temporary folder (or DATABASE_URL's server, below);
 * 2. a template database, migrated and seeded by starting the portal on it once, exactly as `npm start` does
 *    (src/start.js), and stopping it again;
 * 3. each worker then copies the template (`create database … template …`, well under a second) and starts its own
 *    portal on it, on a port of its own, serving as the application role (anon_booking_app).
 *
 * So tests in different workers share no row, no rate-limit bucket and no log, and run in parallel.
 * On DATABASE_URL's server (an owner's login that may create databases) the databases are made there and dropped
 * afterwards; the portal serves as APP_DATABASE_URL's role when that is set, else as DATABASE_URL's own.
 *
 * What the workers need is handed to them in E2E_* variables (never DATABASE_URL, which the specs read as "an
 * operator's server").
 */
export default async function globalSetup() {
	const runDir = mkdtempSync(join(tmpdir(), 'anon-booking-e2e-'));
	// As root, PostgreSQL runs as the system user `postgres`, which must be able to enter the folder.
	chmodSync(runDir, 0o755);
	let stopDatabase = async () => {};
	let ownerUrl: string;
	let appUrl: string;
	if (process.env.DATABASE_URL) {
		ownerUrl = process.env.DATABASE_URL;
		appUrl = process.env.APP_DATABASE_URL ?? process.env.DATABASE_URL;
	} else {
		const db = await startEmbeddedPostgres({ dataDir: join(runDir, 'pg') });
		ownerUrl = db.url;
		appUrl = db.appUrl;
		stopDatabase = db.stop;
	}
	const admin = postgres(ownerUrl, { max: 1, onnotice: () => {} });
	const template = `e2e_template_${Date.now().toString(36)}`;
	const made: string[] = [];
	const teardown = async () => {
		stopLeftoverPortals(runDir);
		for (const name of made) await admin.unsafe(`drop database if exists ${name} with (force)`).catch(() => {});
		// Databases a worker made and could not drop (it was killed): they carry the template's name.
		const left = await admin<
			{ datname: string }[]
		>`select datname from pg_database where datname like ${`${template}_w%`}`.catch(() => []);
		for (const { datname } of left)
			await admin.unsafe(`drop database if exists ${datname} with (force)`).catch(() => {});
		await admin.end({ timeout: 5 });
		await stopDatabase();
		rmSync(runDir, { recursive: true, force: true });
	};
	try {
		if (!process.env.DATABASE_URL) {
			// The tests' database is thrown away afterwards: commits need not wait for the disk.
			await admin.unsafe(`alter system set synchronous_commit = off`);
			await admin.unsafe(`select pg_reload_conf()`);
		}
		await admin.unsafe(`create database ${template}`);
		made.push(template);
		const portal = await startPortal({
			appUrl: withDatabase(appUrl, template),
			ownerUrl: withDatabase(ownerUrl, template),
			dataDir: join(runDir, 'template'),
			log: join(runDir, 'template.log'),
			runDir
		});
		await portal.stop();
		// Nobody may connect to the template any more: a copy needs it untouched and without sessions.
		await admin`select pg_terminate_backend(pid) from pg_stat_activity where datname = ${template} and pid <> pg_backend_pid()`;
		await admin.unsafe(`alter database ${template} with allow_connections false`);
	} catch (e) {
		await teardown();
		throw e;
	}
	process.env.E2E_RUN_DIR = runDir;
	process.env.E2E_OWNER_URL = ownerUrl;
	process.env.E2E_APP_URL = appUrl;
	process.env.E2E_TEMPLATE = template;
	return teardown;
}
