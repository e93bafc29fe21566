// `npm start`: the portal on a laptop or a server in one command.
//   - checks the environment (lib/server/platform/env.js) and stops at once, naming every bad variable;
//   - builds the app if the build is missing or older than the sources (which needs the devDependencies);
//     `npm run serve` (--no-build) runs the build as it is and stops if there is none: the production start;
//   - without DATABASE_URL, runs an embedded PostgreSQL in ./data/pg (a server left by a killed run is
//     stopped first) and serves as its application role, migrating as its superuser; with DATABASE_URL
//     (and MIGRATION_DATABASE_URL, the owner's), uses that server;
//   - serves on http://localhost:3000 (PORT, HOST to change); the app migrates and seeds itself on start;
//   - with WORKERS above 1 (unset: 1, or one per core in production), runs that many app processes on the one
//     port (Node's cluster module): the first migrates, seeds and runs the daily job, then the others start.
// Ctrl-C stops the app and then the database.
import { spawnSync } from 'node:child_process';
import cluster from 'node:cluster';
import { availableParallelism } from 'node:os';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startEmbeddedPostgres } from './lib/server/platform/embedded-postgres.js';
import { EnvError, loadEnv, parseEnv } from './lib/server/platform/env.js';

const root = resolve(import.meta.dirname, '..');
const started = performance.now();

// Before a build or a database: a start that cannot work stops in a moment, with every reason at once.
const checked = parseEnv(process.env);
if (!checked.ok) {
	console.error(new EnvError(checked.problems).message);
	process.exit(1);
}
const config = checked.env;

/** @param {string} dir @returns {number} the newest modification time below dir */
function newest(dir) {
	let latest = 0;
	for (const entry of readdirSync(dir, { withFileTypes: true })) {
		const path = join(dir, entry.name);
		latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
	}
	return latest;
}

function buildIfNeeded() {
	const built = join(root, 'build', 'handler.js');
	if (process.argv.includes('--no-build')) {
		if (existsSync(built)) return;
		console.error('There is no build to serve: run `npm run build` first (it needs the devDependencies).');
		process.exit(1);
	}
	const sources = Math.max(newest(join(root, 'src')), newest(join(root, 'migrations')), newest(join(root, 'static')));
	if (existsSync(built) && statSync(built).mtimeMs >= sources) return;
	console.log('Building the portal (first start, or the sources changed)…');
	const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
	const result = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
	if (result.status !== 0) {
		console.error('The build failed; see the messages above.');
		process.exit(1);
	}
}

buildIfNeeded();

/** @type {(() => Promise<void>) | null} */
let stopDatabase = null;
if (!config.DATABASE_URL) {
	const dataDir = resolve(root, config.DATA_DIR, 'pg');
	const db = await startEmbeddedPostgres({ dataDir, quiet: false });
	process.env.DATABASE_URL = db.appUrl; // what the portal serves with: not a superuser, owns nothing
	process.env.MIGRATION_DATABASE_URL = db.url; // the owner, for the migrations at start only
	stopDatabase = db.stop;
	console.log(`Embedded PostgreSQL is running (data in ${dataDir}, port ${db.port}).`);
}

// The rate limiter's secret, when RATE_LIMIT_SECRET is not set: next to the database folder, never inside it.
process.env.RATE_LIMIT_SECRET_FILE ??= resolve(root, config.DATA_DIR, 'secrets', 'rate-limit.key');
process.env.PORT ??= '3000';
// Loopback unless told otherwise: a demo should not be reachable from the network by accident.
process.env.HOST ??= '127.0.0.1';
process.env.ORIGIN ??= `http://localhost:${process.env.PORT}`;
// Node closes an idle kept-alive connection after 5 s; a client (or load balancer, often 60 s) that reuses it at
// that moment gets a reset instead of an answer. Keep idle connections longer than the usual balancer timeout.
process.env.KEEP_ALIVE_TIMEOUT ??= '65';
process.env.HEADERS_TIMEOUT ??= '66'; // Node wants it above the keep-alive timeout
const { HOST, PORT } = loadEnv({ serve: true }); // what server.js reads, with the defaults above

// One app process per core in production (issue 14: Node's CPU, not PostgreSQL's, limited the portal; README,
// "Performance"); one for the demo and development, where a second would only double the start-up work.
const workers = config.WORKERS ?? (config.production ? availableParallelism() : 1);

let stopping = false;
/** @param {string} signal */
async function shutdown(signal) {
	if (stopping) return;
	stopping = true;
	console.log(`\n${signal}: stopping the portal…`);
	// adapter-node closes its HTTP server on the same signal and emits 'sveltekit:shutdown'.
	if (workers > 1) await stopWorkers(signal);
	else await new Promise((r) => setTimeout(r, 200));
	if (stopDatabase) await stopDatabase().catch(() => {});
	process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

/** Each app process's role, by cluster worker id: the first migrates and runs the daily job (env.js WORKER_ROLE). */
/** @type {Map<number, 'first' | 'serve'>} */
const roles = new Map();

/** @param {'first' | 'serve'} role @returns {Promise<import('node:cluster').Worker>} listening */
function fork(role) {
	const worker = cluster.fork({ WORKER_ROLE: role });
	roles.set(worker.id, role);
	return new Promise((resolve, reject) => {
		worker.once('listening', () => resolve(worker));
		worker.once('exit', (code) => reject(new Error(`An app process stopped while starting (exit code ${code}).`)));
	});
}

/** Several app processes on one port; one that dies is replaced (in its role), until the portal stops. */
async function startWorkers() {
	cluster.setupPrimary({ exec: join(import.meta.dirname, 'server.js') });
	cluster.on('exit', (worker, code, signal) => {
		const role = roles.get(worker.id) ?? 'serve';
		roles.delete(worker.id);
		if (stopping) return;
		console.error(`An app process stopped (${signal ?? `exit code ${code}`}); starting another.`);
		setTimeout(() => stopping || void fork(role).catch((e) => console.error(e instanceof Error ? e.message : e)), 1000);
	});
	// The first alone migrates and seeds; the others start once it listens, so they meet a ready database.
	await fork('first');
	await Promise.all(Array.from({ length: workers - 1 }, () => fork('serve')));
}

/** @param {string} signal */
async function stopWorkers(signal) {
	const running = Object.values(cluster.workers ?? {}).filter((w) => w !== undefined);
	await Promise.all(
		running.map(
			(w) =>
				new Promise((done) => {
					if (w.isDead()) return done(undefined);
					w.once('exit', () => done(undefined));
					w.process.kill(signal === 'SIGINT' ? 'SIGINT' : 'SIGTERM');
					setTimeout(() => w.isDead() || w.process.kill('SIGKILL'), (config.SHUTDOWN_TIMEOUT + 5) * 1000).unref();
				})
		)
	);
}

if (workers > 1)
	await startWorkers().catch((e) => {
		console.error(e instanceof Error ? e.message : e);
		void shutdown('SIGTERM');
	});
else await import('./server.js'); // adapter-node's handler behind our server: security headers on every answer
const url = `http://localhost:${PORT}`;
for (let i = 0; i < 200; i++) {
	const ok = await fetch(`http://${HOST === '0.0.0.0' ? '127.0.0.1' : HOST}:${PORT}/health`)
		.then((r) => r.ok)
		.catch(() => false);
	if (ok) break;
	await new Promise((r) => setTimeout(r, 50));
}
console.log(
	`\nThe portal is ready at ${url}${workers > 1 ? ` with ${workers} app processes` : ''}  (started in ${Math.round(performance.now() - started)} ms; Ctrl-C stops it)`
);
