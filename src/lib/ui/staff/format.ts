// Not imported from $lib/domain/hours: that module loads the holiday tables, which the browser does not need.
const TIME_ZONE = 'Europe/Copenhagen';

/** Staff read times as the centre's clocks show them, whatever the device's time zone (Europe/Copenhagen). */
// Made once per locale and kind and reused (making one costs ~0.1 ms, using one ~1 µs; issue 14).
const made = new Map<string, Intl.DateTimeFormat>();
function fmt(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
	const key = `${locale} ${JSON.stringify(options)}`;
	let f = made.get(key);
	if (!f) made.set(key, (f = new Intl.DateTimeFormat(locale === 'da' ? 'da-DK' : 'en-GB', { timeZone: TIME_ZONE, ...options })));
	return f;
}

export const formatTime = (d: Date, locale: string) => fmt(locale, { hour: '2-digit', minute: '2-digit' }).format(d);
export const formatDay = (d: Date, locale: string) => fmt(locale, { weekday: 'long', day: 'numeric', month: 'long' }).format(d);
export const formatDayShort = (d: Date, locale: string) => fmt(locale, { weekday: 'short', day: 'numeric', month: 'short' }).format(d);
export const formatDateTime = (d: Date, locale: string) =>
	fmt(locale, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' }).format(d);

/** A 'YYYY-MM-DD' calendar date: noon UTC is the same date in Copenhagen all year. */
export const dayToDate = (day: string) => new Date(`${day}T12:00:00Z`);
