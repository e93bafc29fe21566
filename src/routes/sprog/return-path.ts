/**
 * Where the language switch may send a person back to: a page of this site, nothing else (issue 9 #6: an
 * open redirect lets another site borrow our address for phishing, and a person in trouble trusts it).
 *
 * Browsers read `\` as `/`, drop tabs and newlines inside an address, and decode `%xx` in more places than
 * one expects, so the value is checked in its fully decoded form and then resolved the way a browser resolves
 * a Location header; only a path whose result has our origin and does not begin with `//` is given back, in
 * the URL parser's own serialisation (plain ASCII, safe in a header). Anything else gives null.
 */
export function sameOriginPath(value: string, origin: string): string | null {
	if (value.length === 0 || value.length > 2000) return null;
	const decoded = fullyDecoded(value);
	if (decoded === null) return null;
	// Raw: no whitespace at all (a browser drops tabs and newlines, and trims the ends, before it resolves).
	if (/\s/u.test(value)) return null;
	for (const form of [value, decoded]) {
		if (!form.startsWith('/') || form.startsWith('//')) return null;
		// Backslashes, control characters (C0, DEL, C1) and the Unicode line separators, however encoded.
		// eslint-disable-next-line no-control-regex -- refusing control characters is the point
		if (/[\\\u0000-\u001f\u007f-\u009f\u2028\u2029]/u.test(form)) return null;
	}
	let resolved: URL;
	try {
		resolved = new URL(value, origin);
	} catch {
		return null;
	}
	if (resolved.origin !== new URL(origin).origin) return null;
	const path = resolved.pathname + resolved.search;
	// `/.//evil.example` resolves to the path `//evil.example`, which a browser reads as another host.
	if (!path.startsWith('/') || path.startsWith('//')) return null;
	return path;
}

/** `%xx` undone until nothing changes (an attacker may encode twice); null if it never settles or is malformed. */
function fullyDecoded(value: string): string | null {
	let current = value;
	for (let round = 0; round < 4; round++) {
		let next: string;
		try {
			next = decodeURIComponent(current);
		} catch {
			return null;
		}
		if (next === current) return current;
		current = next;
	}
	return null;
}
