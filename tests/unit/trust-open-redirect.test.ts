import { describe, expect, test } from 'vitest';
import { sameOriginPath } from '../../src/routes/sprog/return-path';

/**
 * Issue 9, finding 6: `/sprog?til=da&tilbage=/%5Cevil.example/x` answered `Location: /\evil.example/x`, which a
 * browser reads as `//evil.example/x`, another site. `tilbage` arrives decoded once (URLSearchParams); these are
 * the values the route sees. The browser side is in tests/e2e/trust-http-edges.spec.ts.
 */

const ORIGIN = 'https://portal.example';

/** How a browser resolves a Location header: the redirect stays on our origin. */
const staysHome = (location: string) => new URL(location, ORIGIN).origin === ORIGIN;

describe('attack: the language switch as an open redirect', () => {
	const offSite: [string, string][] = [
		['a backslash (the review’s)', '/\\evil.example/x'],
		['two backslashes', '\\\\evil.example'],
		['slash backslash', '/\\/evil.example'],
		['a protocol-relative address', '//evil.example/x'],
		['three slashes', '///evil.example'],
		['a percent-encoded backslash', '/%5Cevil.example'],
		['a double-encoded backslash', '/%255Cevil.example'],
		['a triple-encoded backslash', '/%25255Cevil.example'],
		['an encoded slash after the first', '/%2Fevil.example'],
		['a double-encoded slash', '/%252Fevil.example'],
		['a dot segment that leaves `//`', '/.//evil.example'],
		['an encoded dot segment', '/%2E//evil.example'],
		['a tab the browser drops', '/\t/evil.example'],
		['an encoded tab', '/%09/evil.example'],
		['a newline', '/\n/evil.example'],
		['CRLF header injection', '/\r\nSet-Cookie: planted=1'],
		['encoded CRLF', '/%0D%0ASet-Cookie:%20planted=1'],
		['a leading space', ' //evil.example'],
		['a NUL', '/x\u0000'],
		['DEL', '/x\u007f'],
		['a C1 control', '/x\u0085'],
		['a Unicode line separator', '/\u2028//evil.example'],
		['an absolute https address', 'https://evil.example/'],
		['a scheme without slashes', 'https:evil.example'],
		['javascript:', 'javascript:alert(1)'],
		['data:', 'data:text/html,<script>alert(1)</script>'],
		['userinfo', '//evil.example@portal.example/'],
		['a relative path', 'evil.example'],
		['malformed percent-encoding', '/%E0%A4%A'],
		['empty', ''],
		['far too long', '/' + 'a'.repeat(2001)]
	];

	for (const [name, value] of offSite) {
		test(`refuses ${name}`, () => {
			expect(sameOriginPath(value, ORIGIN)).toBeNull();
		});
	}

	const onSite: [string, string][] = [
		['/', '/'],
		['/kode', '/kode'],
		[
			'/tilbud/gladsaxe-anonym-stofbehandling/tjek?alder=25plus',
			'/tilbud/gladsaxe-anonym-stofbehandling/tjek?alder=25plus'
		],
		['/tilbud/%C3%A6ble', '/tilbud/%C3%A6ble'],
		['/tilbud/æble', '/tilbud/%C3%A6ble'],
		['/a/../kode', '/kode'],
		['/kode#top', '/kode']
	];
	for (const [value, expected] of onSite) {
		test(`keeps the page of this site ${value}`, () => {
			const path = sameOriginPath(value, ORIGIN);
			expect(path).toBe(expected);
			expect(staysHome(path!)).toBe(true);
			// Safe in a header: plain printable ASCII.
			expect(path).toMatch(/^[\x21-\x7e]+$/);
		});
	}
});
