import type { Handle } from '@sveltejs/kit';

/**
 * Our only POSTs are HTML forms (and the quick exit's empty beacon); what else arrives is answered here, before
 * SvelteKit, each with a plain-text 4xx (all found by tests/e2e/fuzz.spec.ts):
 * - another content type → 415. SvelteKit lets text/plain through to form actions, where request.formData()
 *   throws (a 500); for other types it answers without reading the body, which can reset the connection before
 *   the client reads the answer. So the body is read first, and the connection ends cleanly.
 * - `?/default` → 404. SvelteKit throws a plain Error (a 500) for it; no form of ours asks for it by name.
 * - a NUL character → 400. No form of ours takes one, and PostgreSQL refuses it in text (a 500).
 * - a body that is not a form after all (a multipart body cut off before its last boundary) → 400; the action's
 *   request.formData() threw a 500 (outside review of issue 9).
 */
export const formGuard: Handle = async ({ event, resolve }) => {
	const { request, url } = event;
	if (request.method !== 'POST') return resolve(event);
	if (url.pathname !== '/exit' && !FORM_ENCODINGS.test(request.headers.get('content-type') ?? '')) {
		await request.arrayBuffer().catch(() => undefined);
		return plain(415, 'Unsupported form encoding');
	}
	if (namesDefaultAction(url)) {
		await request.arrayBuffer().catch(() => undefined);
		return plain(404, 'No such form action');
	}
	if (await containsNul(request)) return plain(400, 'Invalid characters in the form');
	if (url.pathname !== '/exit' && !(await parses(request))) return plain(400, 'The form could not be read');
	return resolve(event);
};

const FORM_ENCODINGS = /^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i;

const plain = (status: number, text: string) =>
	new Response(text, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });

/** The action a POST names, as SvelteKit reads it: the first query key that starts with `/` (`?/create`). */
function namesDefaultAction(url: URL): boolean {
	for (const key of url.searchParams.keys()) if (key.startsWith('/')) return key === '/default';
	return false;
}

/** Whether the body reads as the form its content type says (read from a copy; the action reads it again). */
async function parses(request: Request): Promise<boolean> {
	try {
		await request.clone().formData();
		return true;
	} catch {
		return false;
	}
}

/** A NUL in a posted form: a raw 0 byte (multipart) or its URL encoding (%00). */
async function containsNul(request: Request): Promise<boolean> {
	const raw = new Uint8Array(
		await request
			.clone()
			.arrayBuffer()
			.catch(() => new ArrayBuffer(0))
	);
	return raw.includes(0) || /%00/i.test(new TextDecoder().decode(raw));
}
