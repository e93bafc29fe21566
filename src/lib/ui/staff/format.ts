/** Staff read times as the centre's clocks show them, whatever the device's time zone (ui/format.ts). */
import { dateFormat as fmt } from '../format';

export { formatDay, formatTime } from '../format';

export const formatDayShort = (d: Date, locale: string) =>
	fmt(locale, { weekday: 'short', day: 'numeric', month: 'short' }).format(d);
export const formatDateTime = (d: Date, locale: string) =>
	fmt(locale, {
		weekday: 'short',
		day: 'numeric',
		month: 'short',
		year: 'numeric',
		hour: '2-digit',
		minute: '2-digit'
	}).format(d);

/** A 'YYYY-MM-DD' calendar date: noon UTC is the same date in Copenhagen all year. */
export const dayToDate = (day: string) => new Date(`${day}T12:00:00Z`);

/** "Tirsdag 1. december": only the first letter up, as a Danish heading starts (CSS `capitalize` raised the month too). */
export const capitalFirst = (text: string) => text.charAt(0).toLocaleUpperCase() + text.slice(1);

/** Minutes after Copenhagen midnight of an instant, for placing it on a day's time grid. */
export function minuteOfDay(d: Date): number {
	const [h, m] = fmt('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
		.format(d)
		.split(':')
		.map(Number);
	return (h ?? 0) * 60 + (m ?? 0);
}
