import { describe, it, expect } from 'vitest';
import { withoutQuotedText } from '$lib/server/platform/log-text';

describe('error messages in the log keep no request data (DOMAIN.md: nothing personal in a log)', () => {
	it('drops what an error message quotes, keeps the sentence', () => {
		expect(withoutQuotedText('Invalid redirect location "/K7QF-3MZX-9T2H"')).toBe('Invalid redirect location "…"');
		expect(withoutQuotedText("invalid input syntax for type uuid: 'not-a-uuid'")).toBe(
			'invalid input syntax for type uuid: "…"'
		);
		expect(withoutQuotedText('Not found: /mine-tider')).toBe('Not found: /mine-tider');
	});

	it('keeps a log line short whatever the message', () => {
		expect(withoutQuotedText('x'.repeat(10_000))).toHaveLength(300);
	});
});
