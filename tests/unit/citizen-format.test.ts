import { describe, expect, it } from 'vitest';
import { formatDateTime, formatDay } from '../../src/lib/ui/citizen/format';

describe('dates as a person reads them (issue 12, item 10)', () => {
	const now = new Date('2026-12-01T10:00:00Z');

	it('issue 12 item 10: a date in another year shows its year, in Danish and English', () => {
		const march = new Date('2027-03-30T08:00:00Z');
		expect(formatDateTime(march, 'da', now)).toBe('tirsdag den 30. marts 2027 kl. 10.00');
		expect(formatDay(march, 'en', now)).toContain('2027');
	});

	it('issue 12 item 10: a date this year shows no year', () => {
		const later = new Date('2026-12-14T09:00:00Z');
		expect(formatDateTime(later, 'da', now)).toBe('mandag 14. december kl. 10.00');
		expect(formatDay(later, 'en', now)).not.toContain('2026');
	});

	it('issue 12 item 10: the year is Copenhagen’s: 23:30Z on 31 December is already next year', () => {
		expect(formatDay(new Date('2026-12-31T23:30:00Z'), 'da', now)).toContain('2027');
	});
});
