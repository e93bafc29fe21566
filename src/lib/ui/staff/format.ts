/** Staff read times as the centre's clocks show them, whatever the device's time zone (ui/format.ts). */
import { dateFormat as fmt } from '../format';

export { formatDay, formatTime } from '../format';

export const formatDayShort = (d: Date, locale: string) => fmt(locale, { weekday: 'short', day: 'numeric', month: 'short' }).format(d);
export const formatDateTime = (d: Date, locale: string) =>
	fmt(locale, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' }).format(d);

/** A 'YYYY-MM-DD' calendar date: noon UTC is the same date in Copenhagen all year. */
export const dayToDate = (day: string) => new Date(`${day}T12:00:00Z`);
