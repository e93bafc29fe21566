import type { Handle } from '@sveltejs/kit';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { env } from '../platform/env.js';

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/**
 * adapter-node compresses only the static files; rendered pages would go out raw (a times page: 83 KB instead of
 * 11 KB), which matters on a phone with little signal. Measured (README, "Performance"; npm run
 * bench:compression): brotli costs a page 0.2–1.2 ms of CPU beside its 3–55 ms of rendering. The callback form
 * runs on libuv's thread pool, so the event loop is held ~0.1 ms instead of the 1–2 ms of brotliCompressSync; a
 * zlib stream cost twice the CPU and keeps nothing here, since SvelteKit hands our pages over whole.
 * COMPRESSION=off leaves it to a proxy in front.
 */
export const compression: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	if (env().COMPRESSION === 'off') return response;
	const type = response.headers.get('Content-Type') ?? '';
	if (!response.body || response.headers.has('Content-Encoding') || !COMPRESSIBLE.test(type)) return response;
	const accepts = event.request.headers.get('Accept-Encoding') ?? '';
	const encoding = /\bbr\b/.test(accepts) ? 'br' : /\bgzip\b/.test(accepts) ? 'gzip' : null;
	if (!encoding) return response;
	const raw = Buffer.from(await response.arrayBuffer());
	const body =
		encoding === 'br'
			? await brotli(raw, {
					params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length }
				})
			: await gzip(raw, { level: 6 });
	const headers = new Headers(response.headers);
	headers.set('Content-Encoding', encoding);
	headers.set('Content-Length', String(body.length));
	headers.append('Vary', 'Accept-Encoding');
	return new Response(body, { status: response.status, statusText: response.statusText, headers });
};

const COMPRESSIBLE = /^(text\/html|text\/csv|application\/json)/;
