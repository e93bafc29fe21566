import { wallTimeToInstant } from '$lib/domain/hours';

/** Calendar months by Copenhagen clocks, as 'YYYY-MM'. */

export function addMonths(month: string, n: number): string {
	const [y, m] = month.split('-').map(Number) as [number, number];
	const index = y * 12 + (m - 1) + n;
	return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The instant a month begins in Copenhagen (midnight on the 1st, CET or CEST). */
export function monthStart(month: string): Date {
	return wallTimeToInstant(`${month}-01`, '00:00');
}
