// `npm run bench:compression`: should the app compress its pages, and how? (issue 10, point 4)
// Starts an embedded PostgreSQL and the built portal once per COMPRESSION value given (default `on off`), then sends
// a bounded load on loopback: REQUESTS (2000) requests at CONCURRENCY (32) connections to the landing page and a
// quarter as many to a free-times page, asking for `br, gzip` as a browser does. Prints requests/s, p50/p99, the
// portal's CPU per request and the bytes on the wire; then brotli alone on the two pages, done three ways.
// Everything started is stopped again, also on an error or Ctrl-C.
import http from 'node:http';
import { promisify } from 'node:util';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpus } from 'node:os';
import { Duplex } from 'node:stream';
import zlib from 'node:zlib';
import postgres from 'postgres';
import { startEmbeddedPostgres } from '../../src/lib/server/platform/embedded-postgres.js';
import { onCleanup, percentile, run, startPortal, tempDir } from './lib.js';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 2000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const OFFER = 'gladsaxe-raadgivning-foer-behandling';
const variants = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['on', 'off'];

/**
 * CPU time (user + system, ms) the portal's process has used so far: on a shared machine a steadier measure of
 * what a variant costs than wall-clock time (Linux /proc; clock ticks of 10 ms).
 * @param {number} pid
 */
function cpuMs(pid) {
	const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
	return (Number(fields[11]) + Number(fields[12])) * 10;
}

/**
 * `requests` GETs of `path`, at most CONCURRENCY at a time over kept-alive connections; bytes are the body as sent.
 * @param {string} base @param {string} path
 */
async function load(base, path, requests = REQUESTS) {
	const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
	const url = new URL(path, base);
	/** @type {number[]} */
	const latencies = [];
	let bytes = 0;
	let failures = 0;
	let next = 0;
	const one = () =>
		new Promise((done) => {
			const t = performance.now();
			const req = http.get(url, { agent, headers: { accept: 'text/html', 'accept-encoding': 'br, gzip' } }, (res) => {
				let size = 0;
				res.on('data', (chunk) => (size += chunk.length));
				res.on('end', () => {
					latencies.push(performance.now() - t);
					if (res.statusCode !== 200) failures++;
					bytes = size;
					done(undefined);
				});
			});
			req.on('error', () => {
				failures++;
				done(undefined);
			});
		});
	const worker = async () => {
		while (next < requests) {
			next++;
			await one();
		}
	};
	const started = performance.now();
	await Promise.all(Array.from({ length: CONCURRENCY }, worker));
	const seconds = (performance.now() - started) / 1000;
	agent.destroy();
	return { rps: requests / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), bytes, failures };
}

const BROTLI = { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5 } };

const brotliAsync = promisify(zlib.brotliCompress);

/**
 * The compression alone, in this process, on a page's HTML, three ways: CPU per page (the thread pool's
 * included), and how long the event loop was held per page (the mean time one synchronous call takes; a zlib
 * stream or the callback form work on libuv's thread pool, the loop only hands the data over).
 * @param {Buffer} html
 */
async function compressionAlone(html) {
	const runs = 300;
	/** @param {() => Promise<number>} once */
	const measure = async (once) => {
		for (let i = 0; i < 20; i++) await once(); // warm-up
		const cpu = process.cpuUsage();
		let held = 0;
		let bytes = 0;
		for (let i = 0; i < runs; i++) {
			const t = performance.now();
			const pending = once();
			held += performance.now() - t;
			bytes = await pending;
		}
		const used = process.cpuUsage(cpu);
		return { cpu: (used.user + used.system) / 1000 / runs, held: held / runs, bytes };
	};
	return {
		sync: await measure(async () => zlib.brotliCompressSync(html, BROTLI).length),
		async: await measure(async () => (await brotliAsync(html, BROTLI)).length),
		stream: await measure(async () => {
			const body = /** @type {ReadableStream<Uint8Array>} */ (new Response(html).body).pipeThrough(
				/** @type {any} */ (Duplex.toWeb(zlib.createBrotliCompress(BROTLI)))
			);
			let bytes = 0;
			for await (const chunk of /** @type {AsyncIterable<Uint8Array>} */ (/** @type {unknown} */ (body)))
				bytes += chunk.length;
			return bytes;
		})
	};
}

async function main() {
	const dir = tempDir('anon-booking-compression-');
	const pg = await startEmbeddedPostgres({ dataDir: join(dir, 'pg') });
	onCleanup(pg.stop);
	console.log(
		`${new Date().toISOString().slice(0, 10)}, ${cpus().length} × ${cpus()[0]?.model}, Node ${process.version}`
	);
	console.log(`${CONCURRENCY} connections, Accept-Encoding: br, gzip\n`);
	console.log('| variant | page | requests | requests/s | p50 | p99 | portal CPU per request | bytes per answer |');
	console.log('|---|---|---|---|---|---|---|---|');
	/** @type {Map<string, Buffer>} */
	const raw = new Map();
	for (const variant of variants) {
		const portal = await startPortal({
			env: { DATABASE_URL: pg.appUrl, MIGRATION_DATABASE_URL: pg.url, COMPRESSION: variant },
			dataDir: dir
		});
		const sql = postgres(pg.url, { max: 1, onnotice: () => {} });
		const [demo] = await sql`
			select place_slug from anon.slot where offer_slug = ${OFFER} and cancelled_at is null and starts_at > now() + interval '1 day'
			order by starts_at limit 1`;
		await sql.end();
		if (!demo) throw new Error(`No demo slot for ${OFFER}`);
		// The times page takes ~10 times the landing page's work to render: a quarter of the requests.
		const pages = /** @type {const} */ ([
			['landing', '/', REQUESTS],
			['times', `/tilbud/${OFFER}/tid?sted=${demo.place_slug}&alder=25plus`, Math.ceil(REQUESTS / 4)]
		]);
		for (const [name, path, requests] of pages) {
			await load(portal.url, path, Math.ceil(requests / 10)); // warm-up: JIT, caches, the pool's connections
			const cpuBefore = cpuMs(portal.proc.pid ?? 0);
			const r = await load(portal.url, path, requests);
			const cpu = (cpuMs(portal.proc.pid ?? 0) - cpuBefore) / requests;
			if (!raw.has(name)) raw.set(name, Buffer.from(await (await fetch(new URL(path, portal.url))).arrayBuffer()));
			if (r.failures > 0) throw new Error(`${variant} ${name}: ${r.failures} failed requests`);
			console.log(
				`| ${variant} | ${name} | ${requests} | ${r.rps.toFixed(0)} | ${r.p50.toFixed(1)} ms | ${r.p99.toFixed(1)} ms | ${cpu.toFixed(1)} ms | ${r.bytes} |`
			);
		}
		await portal.stop();
	}
	console.log('\nBrotli (quality 5) alone, per page: CPU / event loop held');
	console.log('| page | HTML → brotli | synchronous | callback (thread pool) | zlib stream |');
	console.log('|---|---|---|---|---|');
	for (const [name, html] of raw) {
		const r = await compressionAlone(html);
		const text = (/** @type {{ cpu: number; held: number }} */ x) => `${x.cpu.toFixed(2)} / ${x.held.toFixed(2)} ms`;
		console.log(
			`| ${name} | ${html.length} → ${r.sync.bytes} bytes | ${text(r.sync)} | ${text(r.async)} | ${text(r.stream)} |`
		);
	}
}

run(main, 20 * 60 * 1000);
