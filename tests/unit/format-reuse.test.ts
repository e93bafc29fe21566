import { describe, it, expect } from 'vitest';
import { formatDateTime, formatDay, formatShortDate, formatTime, dayKey } from '$lib/ui/citizen/format';
import * as staff from '$lib/ui/staff/format';

/** Issue 14: formatters are made once and reused; each locale and kind must still get its own. */
describe('date formatting reuses its formatters without mixing them up', () => {
	const winter = new Date('2026-11-30T09:00:00Z'); // 10.00 in Copenhagen (CET)
	const summer = new Date('2026-06-29T08:00:00Z'); // 10.00 in Copenhagen (CEST)

	it('each locale and kind keeps its own form, in Danish time, however often and in whatever order it is asked', () => {
		for (let i = 0; i < 3; i++) {
			expect(formatTime(winter, 'da')).toBe('10.00');
			expect(formatTime(summer, 'en')).toBe('10:00');
			expect(formatDay(winter, 'da')).toBe('mandag 30. november');
			expect(formatDay(winter, 'en')).toBe('Monday 30 November');
			expect(formatShortDate(winter, 'da')).toBe('30. nov.');
			expect(formatDateTime(summer, 'en')).toMatch(/^Monday 29 June( at|,) 10:00$/);
			expect(dayKey(new Date('2026-11-30T23:30:00Z'))).toBe('2026-12-01');
			expect(staff.formatTime(summer, 'da')).toBe('10.00');
			expect(staff.formatDay(winter, 'en')).toBe('Monday 30 November');
		}
	});
});
