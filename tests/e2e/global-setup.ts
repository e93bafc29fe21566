import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, chmodSync, appendFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { freePort } from '../../src/lib/server/embedded-postgres.js';

/**
 * Starts the portal exactly as `npm start` does (src/start.js), on a free port, with an embedded PostgreSQL
 * in a temporary data folder (or a fresh database on DATABASE_URL's server), and stops both afterwards.
 */
export default async function globalSetup() {
	const root = resolve(import.meta.dirname, '../..');
	const dataDir = mkdtempSync(join(tmpdir(), 'anon-booking-e2e-'));
	chmodSync(dataDir, 0o755);
	const port = await freePort();
	const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir };
	env.ORIGIN = `http://127.0.0.1:${port}`;
	if (process.env.DATABASE_URL) env.DATABASE_URL = await freshDatabaseUrl(process.env.DATABASE_URL);
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
	// The tests read ids and count rows in the portal's own database (headers, fuzz, privacy).
	const embedded = /Embedded PostgreSQL is running \(data in .*, port (\d+)\)/.exec(output);
	process.env.PORTAL_DATABASE_URL = env.DATABASE_URL ?? `postgres://postgres:embedded@127.0.0.1:${embedded?.[1]}/postgres`;
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
