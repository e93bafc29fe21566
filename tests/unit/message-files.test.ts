import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';

/**
 * The Danish and English message files are written by hand and merged by git. A key written twice is still valid
 * JSON, and the later text silently wins: a sentence someone checked against the sources is lost without a trace.
 */
const files = ['da', 'en'].map((lang) => ({ lang, text: readFileSync(`src/lib/i18n/messages/${lang}.json`, 'utf8') }));
const keysOf = (text: string) => [...text.matchAll(/^\s*"([^"]+)"\s*:/gm)].map((m) => m[1]!);

describe('the message files', () => {
	for (const { lang, text } of files) {
		it(`${lang}: every key is written once`, () => {
			const keys = keysOf(text);
			expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
		});
	}

	it('Danish and English have the same keys', () => {
		const [da, en] = files.map((f) => new Set(keysOf(f.text)));
		expect([...da!].filter((k) => !en!.has(k))).toEqual([]);
		expect([...en!].filter((k) => !da!.has(k))).toEqual([]);
	});
});
