// A primary and a streaming standby made of two embedded PostgreSQL servers on loopback, with synchronous
// replication, for the failover test (tests/db/failover.test.ts) and `npm run faults` (issue 14). The standby is a
// copy of the primary's data folder taken while the primary is stopped cleanly, so nothing but the embedded
// binaries is needed (no pg_basebackup). Plain JavaScript: faults.js runs it with node alone.
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import postgres from 'postgres';
import { embeddedUrls, freePort, startEmbeddedPostgres } from '../../src/lib/server/platform/embedded-postgres.js';

const STANDBY_NAME = 'standby1';
/** @param {number} ms */
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The uid/gid PostgreSQL runs as when we are root (startEmbeddedPostgres made the user). */
function serverUser() {
	if (process.getuid?.() !== 0) return {};
	const id = (/** @type {string} */ flag) =>
		Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());
	return { uid: id('-u'), gid: id('-g') };
}

/** @param {string} dataDir */
function postmasterPid(dataDir) {
	const file = join(dataDir, 'postmaster.pid');
	return existsSync(file) ? Number(readFileSync(file, 'utf8').split('\n')[0]) : null;
}

/**
 * Starts a server on an existing data folder with the embedded binary itself (startEmbeddedPostgres would make
 * its roles, which a standby refuses), with the flags the portal's own server gets.
 * @param {string} dataDir @param {number} port
 */
async function startServer(dataDir, port) {
	const { postgres: bin } = await import(`@embedded-postgres/${process.platform}-${process.arch}`);
	const child = spawn(
		bin,
		[
			'-D',
			dataDir,
			'-p',
			String(port),
			'-c',
			'listen_addresses=127.0.0.1',
			'-c',
			'unix_socket_directories=',
			'-c',
			'fsync=on',
			'-c',
			'track_commit_timestamp=off',
			'-c',
			'max_connections=200'
		],
		{ ...serverUser(), stdio: 'ignore', detached: false }
	);
	child.unref();
	for (let i = 0; i < 200; i++) {
		if (postmasterPid(dataDir)) {
			const { url } = embeddedUrls(dataDir, port);
			const sql = postgres(url, { max: 1, connect_timeout: 2, onnotice: () => {} });
			const ok = await sql`select 1`.then(
				() => true,
				() => false
			);
			await sql.end({ timeout: 1 });
			if (ok) return;
		}
		await sleep(100);
	}
	throw new Error(`The standby in ${dataDir} did not start`);
}

/**
 * @param {string} dir an empty folder (PostgreSQL's user may enter it)
 * @param {(ownerUrl: string) => Promise<void>} prepare migrates and seeds the primary before the copy
 */
export async function startPrimaryAndStandby(dir, prepare) {
	const primaryDir = join(dir, 'primary');
	const standbyDir = join(dir, 'standby');
	const [p1, p2] = [await freePort(), await freePort()];
	const first = await startEmbeddedPostgres({ dataDir: primaryDir, port: p1, replication: true });
	await prepare(first.url);
	await first.stop();
	// A copy of a cleanly stopped primary is a consistent base backup; with standby.signal it follows the primary.
	const copied = spawnSync('cp', ['-a', primaryDir, standbyDir]);
	if (copied.status !== 0) throw new Error(`copying the data folder failed: ${copied.stderr}`);
	rmSync(join(standbyDir, 'postmaster.pid'), { force: true });
	const superPassword = readFileSync(join(primaryDir, 'superuser.password'), 'utf8').trim();
	appendFileSync(
		join(standbyDir, 'postgresql.auto.conf'),
		`primary_conninfo = 'host=127.0.0.1 port=${p1} user=postgres password=${superPassword} application_name=${STANDBY_NAME}'\n`
	);
	writeFileSync(join(standbyDir, 'standby.signal'), '');
	const primary = await startEmbeddedPostgres({ dataDir: primaryDir, port: p1, replication: true });
	await startServer(standbyDir, p2);
	const primaryUrls = embeddedUrls(primaryDir, p1);
	const standbyUrls = embeddedUrls(standbyDir, p2);
	const admin = postgres(primaryUrls.url, { max: 1, onnotice: () => {} });
	// Synchronous from now on (not before the standby is there, or the primary's own start-up writes would wait for
	// it): a commit returns only when the standby has its WAL on disk, so nothing confirmed to a person is lost
	// with the primary.
	await admin.unsafe(`alter system set synchronous_standby_names = '${STANDBY_NAME}'`);
	await admin`select pg_reload_conf()`;
	for (let i = 0; ; i++) {
		const [r] = await admin`select sync_state from pg_stat_replication where application_name = ${STANDBY_NAME}`;
		if (r?.sync_state === 'sync') break;
		if (i > 300) throw new Error('The standby did not become a synchronous standby within 30 s');
		await sleep(100);
	}
	await admin.end({ timeout: 2 });
	const appPassword = readFileSync(join(primaryDir, 'app.password'), 'utf8').trim();
	const hosts = `127.0.0.1:${p1},127.0.0.1:${p2}/postgres?target_session_attrs=primary`;
	return {
		ports: [p1, p2],
		/** The owner's (superuser's) login on whichever of the two is the primary: migrations, checks. */
		ownerUrl: `postgres://postgres:${superPassword}@${hosts}`,
		/** The application role's URL naming both hosts, as an operator sets DATABASE_URL for a failover pair. */
		appUrl: `postgres://anon_booking_app:${appPassword}@${hosts}`,
		primaryUrl: primaryUrls.url,
		standbyUrl: standbyUrls.url,
		/** The primary dies at once (power cut): SIGKILL to its postmaster; its backends go with it. */
		killPrimary: () => {
			const pid = postmasterPid(primaryDir);
			if (pid) process.kill(pid, 'SIGKILL');
			// The orphaned backends notice the dead postmaster and exit; wait until none holds the port.
			return primary;
		},
		/** Promotes the standby, as Patroni or CloudNativePG would; resolves when it takes writes. */
		promote: async () => {
			const sql = postgres(standbyUrls.url, { max: 1, onnotice: () => {} });
			try {
				await sql`select pg_promote(true, 30)`;
			} finally {
				await sql.end({ timeout: 2 });
			}
		},
		stop: async () => {
			for (const d of [standbyDir, primaryDir]) {
				const pid = postmasterPid(d);
				if (!pid) continue;
				try {
					process.kill(pid, 'SIGINT');
				} catch {
					continue;
				}
				for (let i = 0; i < 100; i++) {
					try {
						process.kill(pid, 0);
					} catch {
						break;
					}
					await sleep(100);
				}
			}
		}
	};
}
