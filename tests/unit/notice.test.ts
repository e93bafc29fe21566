import { describe, expect, it } from 'vitest';
import { bookableFrom, DEFAULT_MIN_NOTICE_MINUTES, minNoticeMinutes, tooSoon } from '../../src/lib/domain/notice';

describe('minimum notice for online booking (issue 12, item 6)', () => {
	const now = new Date('2026-12-01T10:05:00Z');

	it('issue 12 item 6: at 11:05 a time at 11:15 is too soon under the declared default of two hours', () => {
		expect(DEFAULT_MIN_NOTICE_MINUTES).toBe(120);
		expect(tooSoon({}, new Date('2026-12-01T10:15:00Z'), now)).toBe(true);
		expect(tooSoon({}, new Date('2026-12-01T12:05:00Z'), now)).toBe(false);
	});

	it('issue 12 item 6: an offer sets its own notice (minNoticeMinutes), zero included', () => {
		expect(minNoticeMinutes({ minNoticeMinutes: 30 })).toBe(30);
		expect(bookableFrom({ minNoticeMinutes: 30 }, now)).toEqual(new Date('2026-12-01T10:35:00Z'));
		expect(tooSoon({ minNoticeMinutes: 0 }, new Date('2026-12-01T10:06:00Z'), now)).toBe(false);
	});
});
