import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, chmodSync, appendFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { embeddedUrls, freePort } from '../../src/lib/server/platform/embedded-postgres.js';

/** Marks the tests' own database connections in pg_stat_activity (tests/e2e/trust-db-role.spec.ts). */
const TESTS_APPLICATION_NAME = 'anon-booking-tests';

/**
 * Starts the portal exactly as `npm start` does (src/start.js), on a free port, with an embedded PostgreSQL
 * in a temporary data folder (or a fresh database on DATABASE_URL's server), and stops both afterwards.
 * The portal serves as the application role; the tests read and count rows as the owner (PORTAL_DATABASE_URL).
 * On DATABASE_URL's server (an owner's login that may create databases) the portal serves as APP_DATABASE_URL's
 * role when that is set, else as DATABASE_URL's own.
 */
export default async function globalSetup() {
	const root = resolve(import.meta.dirname, '../..');
	const dataDir = mkdtempSync(join(tmpdir(), 'anon-booking-e2e-'));
	chmodSync(dataDir, 0o755);
	const port = await freePort();
	const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir };
	env.ORIGIN = `http://127.0.0.1:${port}`;
	if (process.env.DATABASE_URL) {
		env.MIGRATION_DATABASE_URL = await freshDatabaseUrl(process.env.DATABASE_URL);
		env.DATABASE_URL = process.env.APP_DATABASE_URL ? withDatabase(process.env.APP_DATABASE_URL, env.MIGRATION_DATABASE_URL) : env.MIGRATION_DATABASE_URL;
	}
	const server: ChildProcess = spawn(process.execPath, [join(root, 'src', 'start.js')], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
	let output = '';
	// Every line the server writes, kept in a file for the privacy test (tests/e2e/privacy.spec.ts).
	const logFile = join(mkdtempSync(join(tmpdir(), 'anon-booking-log-')), 'server.log');
	writeFileSync(logFile, '');
	const record = (d: Buffer) => {
		output += d;
		appendFileSync(logFile, d);
	};
	server.stdout?.on('data', record);
	server.stderr?.on('data', record);
	const url = `http://127.0.0.1:${port}`;
	await new Promise<void>((resolveReady, reject) => {
		const timer = setTimeout(() => reject(new Error(`The portal did not start within 120 s:\n${output}`)), 120_000);
		server.on('exit', (code) => reject(new Error(`The portal exited (${code}) before it was ready:\n${output}`)));
		const poll = setInterval(() => {
			if (output.includes('The portal is ready')) {
				clearInterval(poll);
				clearTimeout(timer);
				resolveReady();
			}
		}, 100);
	});
	process.env.PORTAL_URL = url;
	process.env.PORTAL_LOG = logFile;
	// The tests read ids and count rows in the portal's own database (headers, fuzz, privacy), as its owner: on the
	// embedded server the superuser, whose random password start.js's server keeps in its data folder.
	const embedded = /Embedded PostgreSQL is running \(data in (.*), port (\d+)\)/.exec(output);
	const ownerUrl = process.env.DATABASE_URL ? env.MIGRATION_DATABASE_URL : embedded ? embeddedUrls(embedded[1]!, Number(embedded[2])).url : undefined;
	if (!ownerUrl) throw new Error(`The portal did not say where its database is:\n${output}`);
	const tests = new URL(ownerUrl);
	tests.searchParams.set('application_name', TESTS_APPLICATION_NAME);
	process.env.PORTAL_DATABASE_URL = tests.toString();
	return async () => {
		await new Promise<void>((done) => {
			server.once('exit', () => done());
			server.kill('SIGTERM');
			setTimeout(() => {
				server.kill('SIGKILL');
				done();
			}, 15_000).unref();
		});
		rmSync(dataDir, { recursive: true, force: true });
		rmSync(dirname(logFile), { recursive: true, force: true });
	};
}

/** url with the database of other (its path). */
function withDatabase(url: string, other: string): string {
	const u = new URL(url);
	u.pathname = new URL(other).pathname;
	return u.toString();
}

async function freshDatabaseUrl(adminUrl: string): Promise<string> {
	const { default: postgres } = await import('postgres');
	const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
	const name = `e2e_${Date.now().toString(36)}`;
	await admin.unsafe(`create database ${name}`);
	await admin.end();
	const url = new URL(adminUrl);
	url.pathname = `/${name}`;
	return url.toString();
}
