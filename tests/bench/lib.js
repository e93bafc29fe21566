// Shared by tests/bench/bench.js and tests/bench/faults.js: start and stop what they need (an embedded
// PostgreSQL in a temporary folder, the built portal through src/start.js), on loopback only, and make sure
// everything started is stopped again, also on an error or Ctrl-C.
import { spawn } from 'node:child_process';
import { mkdtempSync, chmodSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '../../src/lib/server/platform/embedded-postgres.js';

export const ROOT = resolve(import.meta.dirname, '../..');

/** @type {(() => Promise<void>)[]} */
const cleanups = [];

/** @param {() => Promise<void> | void} fn */
export function onCleanup(fn) {
	cleanups.push(async () => {
		await fn();
	});
}

export async function cleanupAll() {
	while (cleanups.length > 0) {
		const fn = cleanups.pop();
		await fn?.().catch((e) => console.error('cleanup:', e instanceof Error ? e.message : e));
	}
}

/**
 * Runs main() with a hard time limit; whatever happens, everything registered with onCleanup is stopped.
 * @param {() => Promise<void>} main
 * @param {number} limitMs
 */
export function run(main, limitMs) {
	let exiting = false;
	/** @param {number} code */
	const finish = async (code) => {
		if (exiting) return;
		exiting = true;
		await cleanupAll();
		process.exit(code);
	};
	const watchdog = setTimeout(() => {
		console.error(`\nStopped: over the time limit of ${Math.round(limitMs / 1000)} s.`);
		void finish(2);
	}, limitMs);
	process.on('SIGINT', () => void finish(130));
	process.on('SIGTERM', () => void finish(143));
	main().then(
		() => {
			clearTimeout(watchdog);
			void finish(0);
		},
		(e) => {
			clearTimeout(watchdog);
			console.error('\nFailed:', e instanceof Error ? (e.stack ?? e.message) : e);
			void finish(1);
		}
	);
}

/** A temporary folder the embedded PostgreSQL may use (it runs as another user when we are root). */
export function tempDir(prefix) {
	const dir = mkdtempSync(join(tmpdir(), prefix));
	chmodSync(dir, 0o755);
	onCleanup(() => rmSync(dir, { recursive: true, force: true }));
	return dir;
}

/** @param {number} ms */
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts `node src/start.js` (what `npm start` runs) and waits for "The portal is ready".
 * NODE_ENV is left unset, so the demo data is seeded. Pass an embedded server's appUrl as DATABASE_URL and its
 * url (the owner) as MIGRATION_DATABASE_URL, as start.js does for its own.
 * @param {{ env?: Record<string, string>; dataDir: string; port?: number; timeoutMs?: number; register?: boolean; nodeArgs?: string[] }} options
 */
export async function startPortal({ env = {}, dataDir, port, timeoutMs = 180_000, register = true, nodeArgs = [] }) {
	const chosen = port ?? (await freePort());
	// Each simulated person comes from an address of their own (client() below), as behind a proxy: otherwise all
	// of them would be one client on 127.0.0.1, and the first-booking limit (issue 9) would refuse the fourth.
	const childEnv = {
		...process.env,
		PORT: String(chosen),
		HOST: '127.0.0.1',
		ORIGIN: `http://127.0.0.1:${chosen}`,
		DATA_DIR: dataDir,
		ADDRESS_HEADER: 'x-forwarded-for',
		XFF_DEPTH: '1',
		...env
	};
	delete childEnv.NODE_ENV;
	if (!env.DATABASE_URL) delete childEnv.DATABASE_URL;
	if (!env.MIGRATION_DATABASE_URL) delete childEnv.MIGRATION_DATABASE_URL;
	const started = performance.now();
	const proc = spawn(process.execPath, [...nodeArgs, join(ROOT, 'src', 'start.js')], {
		cwd: ROOT,
		env: childEnv,
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let output = '';
	proc.stdout.on('data', (d) => (output += d));
	proc.stderr.on('data', (d) => (output += d));
	let exited = false;
	proc.once('exit', () => (exited = true));
	const portal = {
		proc,
		port: chosen,
		url: `http://127.0.0.1:${chosen}`,
		output: () => output,
		readyMs: 0,
		/** SIGTERM (start.js then stops its own database), SIGKILL after 20 s. */
		stop: async () => {
			if (exited) return;
			await new Promise((done) => {
				proc.once('exit', () => done(undefined));
				proc.kill('SIGTERM');
				setTimeout(() => {
					if (!exited) proc.kill('SIGKILL');
				}, 20_000).unref();
			});
		},
		kill: async () => {
			if (exited) return;
			await new Promise((done) => {
				proc.once('exit', () => done(undefined));
				proc.kill('SIGKILL');
			});
		}
	};
	if (register) onCleanup(portal.stop);
	const deadline = Date.now() + timeoutMs;
	while (!output.includes('The portal is ready')) {
		if (exited) throw new Error(`The portal exited before it was ready:\n${output}`);
		if (Date.now() > deadline) {
			await portal.stop();
			throw new Error(`The portal was not ready within ${timeoutMs / 1000} s:\n${output}`);
		}
		await sleep(20);
	}
	portal.readyMs = performance.now() - started;
	return portal;
}

/**
 * A plain HTTP client for one person: keeps the session cookie, sends the portal's own Origin (SvelteKit refuses
 * a cross-site form post) and the person's own address (X-Forwarded-For), never follows redirects.
 * @param {string} base
 */
let people = 0;
export function client(base) {
	const origin = new URL(base).origin;
	const n = ++people;
	const address = `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
	/** @type {Map<string, string>} */
	const cookies = new Map();
	return {
		cookies,
		/** @param {string} path @param {{ method?: string; form?: Record<string, string>; signal?: AbortSignal }} [o] */
		async request(path, o = {}) {
			const headers = { origin, accept: 'text/html', 'x-forwarded-for': address };
			if (cookies.size > 0) headers.cookie = [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
			let body;
			if (o.form) {
				headers['content-type'] = 'application/x-www-form-urlencoded';
				body = new URLSearchParams(o.form).toString();
			}
			const res = await fetch(base + path, {
				method: o.method ?? (o.form ? 'POST' : 'GET'),
				headers,
				body,
				redirect: 'manual',
				signal: o.signal
			});
			for (const c of res.headers.getSetCookie()) {
				const [pair] = c.split(';');
				const i = pair.indexOf('=');
				const name = pair.slice(0, i).trim();
				const value = pair.slice(i + 1).trim();
				if (value === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(c)) cookies.delete(name);
				else cookies.set(name, value);
			}
			return res;
		}
	};
}

/** A first booking that made a code: POST/redirect/GET to the receipt, which shows the code (issue 12). */
export function issuedCode(res) {
	return res.status === 303 && res.headers.get('location') === '/kvittering';
}

/** A booking's id on /mine-tider: the link to its cancel step (/mine-tider/aflys/<id>). */
export function bookingIn(html) {
	return /\/mine-tider\/aflys\/([0-9a-f-]{36})/.exec(html)?.[1];
}

/** The code shown on the receipt (data-testid="code"), without spaces and tags. */
export function codeIn(html) {
	return /data-testid="code"[^>]*>([\s\S]*?)<\/[a-z]+>/.exec(html)?.[1]?.replace(/<[^>]+>|\s/g, '') ?? null;
}

/** @param {number[]} xs @param {number} p 0..100 */
export function percentile(xs, p) {
	if (xs.length === 0) return NaN;
	const sorted = [...xs].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
