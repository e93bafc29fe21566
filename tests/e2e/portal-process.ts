import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { freePort } from '../../src/lib/server/platform/embedded-postgres.js';

/**
 * One portal process for the browser tests: `src/start.js`, exactly as `npm start` runs it, on a free loopback
 * port, against a database it is given (DATABASE_URL the application role's login, MIGRATION_DATABASE_URL the
 * owner's), every line it writes kept in a log file. Used by global-setup.ts (once, to migrate and seed the
 * template database) and by fixtures.ts (one per Playwright worker).
 */

export const ROOT = resolve(import.meta.dirname, '../..');

export interface PortalProcess {
	url: string;
	/** Every line the portal wrote (stdout and stderr), for tests that read the log (privacy, trust-http-edges). */
	log: string;
	stop: () => Promise<void>;
}

/**
 * The pids of every portal started in this run, one a line, in the run's folder: global teardown stops any that
 * a worker could not stop itself (a worker killed after a timeout leaves its child running).
 */
const pidFile = (runDir: string) => join(runDir, 'portal.pids');

interface PortalOptions {
	appUrl: string;
	ownerUrl: string;
	dataDir: string;
	log: string;
	runDir: string;
}

export async function startPortal(opts: PortalOptions): Promise<PortalProcess> {
	// A port found free can be taken by another worker's portal before ours listens on it: then try another.
	for (let attempt = 1; ; attempt++) {
		try {
			return await startOn(await freePort(), opts);
		} catch (e) {
			if (attempt >= 3 || !String(e).includes('EADDRINUSE')) throw e;
		}
	}
}

async function startOn(port: number, opts: PortalOptions): Promise<PortalProcess> {
	const url = `http://127.0.0.1:${port}`;
	mkdirSync(opts.dataDir, { recursive: true });
	writeFileSync(opts.log, '');
	const env: NodeJS.ProcessEnv = {
		...process.env,
		PORT: String(port),
		HOST: '127.0.0.1',
		ORIGIN: url,
		DATA_DIR: opts.dataDir,
		DATABASE_URL: opts.appUrl,
		MIGRATION_DATABASE_URL: opts.ownerUrl
	};
	const child: ChildProcess = spawn(process.execPath, [join(ROOT, 'src', 'start.js')], {
		cwd: ROOT,
		env,
		stdio: ['ignore', 'pipe', 'pipe']
	});
	if (child.pid) appendFileSync(pidFile(opts.runDir), `${child.pid}\n`);
	let output = '';
	const record = (d: Buffer) => {
		output += d;
		appendFileSync(opts.log, d);
	};
	child.stdout?.on('data', record);
	child.stderr?.on('data', record);
	const exited = new Promise<void>((done) => child.once('exit', () => done()));
	const stop = async () => {
		if (child.exitCode !== null || child.signalCode !== null) return;
		child.kill('SIGTERM');
		const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
		await exited;
		clearTimeout(timer);
	};
	try {
		await new Promise<void>((ready, reject) => {
			const timer = setTimeout(() => reject(new Error(`The portal did not start within 120 s:\n${output}`)), 120_000);
			const onExit = (code: number | null) =>
				reject(new Error(`The portal exited (${code}) before it was ready:\n${output}`));
			child.once('exit', onExit);
			const poll = setInterval(() => {
				if (!output.includes('The portal is ready')) return;
				clearInterval(poll);
				clearTimeout(timer);
				child.off('exit', onExit);
				ready();
			}, 50);
		});
	} catch (e) {
		await stop();
		throw e;
	}
	return { url, log: opts.log, stop };
}

/** Stops every portal of this run that is still running (global teardown). */
export function stopLeftoverPortals(runDir: string): void {
	if (!existsSync(pidFile(runDir))) return;
	for (const pid of readFileSync(pidFile(runDir), 'utf8')
		.split('\n')
		.map(Number)
		.filter((n) => Number.isInteger(n) && n > 0)) {
		try {
			// Only our own start.js: a pid may have been reused by now.
			if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(join('src', 'start.js'))) continue;
			process.kill(pid, 'SIGKILL');
		} catch {
			// already gone
		}
	}
}

/** url with its database (the path) replaced by name. */
export function withDatabase(url: string, name: string): string {
	const u = new URL(url);
	u.pathname = `/${name}`;
	return u.toString();
}
