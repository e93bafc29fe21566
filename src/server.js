// The portal's HTTP server in production: adapter-node's request handler (build/handler.js, the documented
// "custom server" way) on a plain Node server, so that every answer carries the security headers. adapter-node
// serves the built assets (/_app/immutable/*), the files in static/ and a missing asset's 404 before SvelteKit's
// hooks run, so the `headers` handle in src/hooks.server.ts never sees them (issue 9 #15).
//
// It stands in for build/index.js and keeps what that did for us: HOST and PORT, the keep-alive and header
// timeouts (KEEP_ALIVE_TIMEOUT, HEADERS_TIMEOUT, in seconds; src/start.js sets them), and a graceful shutdown on
// SIGINT/SIGTERM that ends with the 'sveltekit:shutdown' event hooks.server.ts listens for (SHUTDOWN_TIMEOUT,
// default 30 s). Not kept: systemd socket activation and SOCKET_PATH, which the portal does not use.
import cluster from 'node:cluster';
import http from 'node:http';
import { join, resolve } from 'node:path';
import { env } from './lib/server/platform/env.js';

const root = resolve(import.meta.dirname, '..');
/** @type {{ handler: (req: http.IncomingMessage, res: http.ServerResponse, next: () => void) => void }} */
// The handler's import runs the app's init, which checks the environment first (lib/server/platform/env.js).
const { handler } = await import(join(root, 'build', 'handler.js')).catch((e) => {
	console.error(e instanceof Error && e.name === 'EnvError' ? e.message : e);
	process.exit(1);
});
const config = env();

/**
 * Set before the handler runs, so anything it answers has them; a page's own headers (its CSP from kit.csp, the
 * same values below from the `headers` handle) replace these, and the assets' own Cache-Control stays.
 * tests/e2e/trust-static-headers.spec.ts checks they equal what pages get.
 */
const SECURITY_HEADERS = Object.entries({
	'X-Content-Type-Options': 'nosniff',
	'Referrer-Policy': 'no-referrer',
	'Cross-Origin-Opener-Policy': 'same-origin',
	'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), interest-cohort=()',
	// A script, a stylesheet, the favicon or a plain-text 404 loads nothing itself; opened on its own (an SVG can
	// carry script), it may run and load nothing, and no other site may frame it.
	'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
	...(config.ORIGIN?.startsWith('https:') ? { 'Strict-Transport-Security': 'max-age=63072000; includeSubDomains' } : {})
});

const FILE_CSP = /** @type {string} */ (SECURITY_HEADERS.find(([name]) => name === 'Content-Security-Policy')?.[1]);

const server = http.createServer((req, res) => {
	for (const [name, value] of SECURITY_HEADERS) res.setHeader(name, value);
	// A 304 updates the headers the browser keeps with what it revalidated. A page's 304 (SvelteKit's, from its
	// ETag) has no CSP of its own, and ours for files would replace the page's: its form-action 'self' would become
	// 'none' and every form on it dead. The first answer already brought the right CSP, so a 304 brings none.
	const writeHead = res.writeHead;
	/** @type {any} */ (res).writeHead = function (/** @type {number} */ status, /** @type {any[]} */ ...rest) {
		if (status === 304 && res.getHeader('Content-Security-Policy') === FILE_CSP)
			res.removeHeader('Content-Security-Policy');
		return writeHead.call(res, status, ...rest);
	};
	handler(req, res, () => {
		res.statusCode = 404;
		res.setHeader('Content-Type', 'text/plain; charset=utf-8');
		res.end('Not found');
	});
});
server.keepAliveTimeout = config.KEEP_ALIVE_TIMEOUT * 1000;
server.headersTimeout = config.HEADERS_TIMEOUT * 1000;

server.listen({ host: config.HOST, port: config.PORT }, () =>
	console.log(`Listening on http://${config.HOST}:${config.PORT}`)
);

let closing = false;
/** @param {NodeJS.Signals} signal */
function shutdown(signal) {
	if (closing) return;
	closing = true;
	// A kept-alive idle connection would hold close() open until it times out: close those first.
	server.closeIdleConnections();
	server.close(() => {
		// @ts-expect-error Node's types know only its own events; SvelteKit documents this one for adapter-node.
		process.emit('sveltekit:shutdown', signal);
		// One of several app processes (src/start.js, WORKERS): its channel to the primary would keep it alive.
		if (cluster.isWorker) cluster.worker?.disconnect();
	});
	setTimeout(() => server.closeAllConnections(), config.SHUTDOWN_TIMEOUT * 1000).unref();
}
// While shutting down, a connection is closed as soon as its request is answered, so it takes no new ones.
server.on('request', (/** @type {http.IncomingMessage} */ req) =>
	req.on('close', () => closing && server.closeIdleConnections())
);
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
