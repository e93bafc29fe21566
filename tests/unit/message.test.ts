import { describe, it, expect } from 'vitest';
import { plainMessageText } from '$lib/domain/message';

describe('a message is short plain text (issue 15)', () => {
	it('keeps the words and line breaks a person typed, trimmed', () => {
		expect(plainMessageText('  Hej\r\nJeg har et spørgsmål.\r\n  ')).toBe('Hej\nJeg har et spørgsmål.');
	});

	it('drops control and direction characters that could hide or reorder text in a list or an export', () => {
		expect(plainMessageText('a\u0000b\u0007c\u202Ed\u200Be')).toBe('abcde');
		expect(plainMessageText('\t tab stays')).toBe('tab stays');
		expect(plainMessageText('x\ty')).toBe('x\ty');
	});

	it('folds runs of blank lines, so a message cannot push the rest of the thread off the screen', () => {
		expect(plainMessageText('a\n\n\n\n\n\nb')).toBe('a\n\nb');
	});

	it('a message of only blanks is empty: nothing to send', () => {
		expect(plainMessageText(' \r\n \u0000 ')).toBe('');
	});
});
