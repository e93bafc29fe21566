import Holidays from 'date-holidays';
import { TZDate } from '@date-fns/tz';
import type { ClosedDays, OpeningInterval, Wall, Weekday } from './model';
import { TIME_ZONE, WALL_TIME } from './values';

export { TIME_ZONE } from './values';

/** A Copenhagen calendar date, 'YYYY-MM-DD'. */
export type IsoDate = string;

export type HolidayAnswer = { holiday: true; name: string } | { holiday: false };

const danish = new Holidays('DK');
const publicByYear = new Map<number, Map<IsoDate, string>>();

/**
 * The days date-holidays types 'public' (Danish helligdage: Nytårsdag, Easter, Kristi Himmelfart, Pinse, Jul)
 * and 'bank', should a later version add any for DK (3.37 has none). Store Bededag is gone from 2024 by the law
 * that abolished it as a holiday; the library knows this.
 */
function publicHolidays(year: number): Map<IsoDate, string> {
	let days = publicByYear.get(year);
	if (!days) {
		days = new Map();
		for (const h of danish.getHolidays(year)) {
			if (h.type === 'public' || h.type === 'bank') days.set(h.date.slice(0, 10), h.name);
		}
		publicByYear.set(year, days);
	}
	return days;
}

export type { ClosedDay, ClosedDays } from './model';

/** A declared default, not from the documents: the public holidays and nothing else (000–004 are silent). */
export const DEFAULT_CLOSED_DAYS: ClosedDays = { publicHolidays: true, days: [] };

/** A Danish public holiday (helligdag) on the Copenhagen calendar date of `date`. */
export function isPublicHoliday(date: Date): HolidayAnswer {
	return publicHolidayOn(copenhagenDate(date));
}

function publicHolidayOn(day: IsoDate): HolidayAnswer {
	const name = publicHolidays(Number(day.slice(0, 4))).get(day);
	return name === undefined ? { holiday: false } : { holiday: true, name };
}

/** A day closed all day for the municipality: a public holiday (unless configured off) or a configured day without `from`. */
export function isClosedDay(date: Date, rules: ClosedDays = DEFAULT_CLOSED_DAYS): HolidayAnswer {
	return closedOn(copenhagenDate(date), rules);
}

function closedOn(day: IsoDate, rules: ClosedDays): HolidayAnswer {
	if (rules.publicHolidays) {
		const holiday = publicHolidayOn(day);
		if (holiday.holiday) return holiday;
	}
	const configured = rules.days.find((c) => c.monthDay === day.slice(5) && c.from === undefined);
	return configured ? { holiday: true, name: configured.name } : { holiday: false };
}

/**
 * Whether a session meets a closed time: a whole closed day, or a half day whose closing time falls before the
 * session ends (closed from 12:00: 11:00–11:45 is open, 11:30–12:15 is not).
 */
export function closedDuring(startsAt: Date, endsAt: Date, rules: ClosedDays = DEFAULT_CLOSED_DAYS): HolidayAnswer {
	const day = copenhagenDate(startsAt);
	const whole = closedOn(day, rules);
	if (whole.holiday) return whole;
	const half = rules.days.find((c) => c.monthDay === day.slice(5) && c.from !== undefined);
	if (half?.from && endsAt.getTime() > wallTimeToInstant(day, half.from).getTime())
		return { holiday: true, name: half.name };
	return { holiday: false };
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function parseIsoDate(day: IsoDate): { year: number; month: number; date: number } {
	const m = ISO_DATE.exec(day);
	if (!m) throw new Error(`Not a YYYY-MM-DD date: ${day}`);
	return { year: Number(m[1]), month: Number(m[2]), date: Number(m[3]) };
}

/** Minutes after midnight of a wall time; '24:00' is allowed as the end of a day. */
export function wallMinutes(wall: Wall | string): number {
	if (wall === '24:00') return 24 * 60;
	const m = WALL_TIME.exec(wall);
	if (!m) throw new Error(`Not an HH:MM wall time: ${wall}`);
	return Number(m[1]) * 60 + Number(m[2]);
}

/**
 * The instant at which Copenhagen clocks show `wall` on `day`: 09:00 is 08:00Z in winter (CET) and 07:00Z in
 * summer (CEST).
 */
export function wallTimeToInstant(day: IsoDate, wall: Wall | string): Date {
	const { year, month, date } = parseIsoDate(day);
	const minutes = wallMinutes(wall);
	const local = new TZDate(year, month - 1, date, Math.floor(minutes / 60), minutes % 60, TIME_ZONE);
	return new Date(local.getTime());
}

/** The Copenhagen calendar date of an instant: 23:30Z on 31 January is already 1 February in Copenhagen. */
export function copenhagenDate(instant: Date): IsoDate {
	const local = new TZDate(instant.getTime(), TIME_ZONE);
	const mm = String(local.getMonth() + 1).padStart(2, '0');
	const dd = String(local.getDate()).padStart(2, '0');
	return `${local.getFullYear()}-${mm}-${dd}`;
}

/** The Copenhagen wall time of an instant, "HH:MM" (what a time's page offers to change). */
export function copenhagenWallTime(instant: Date): Wall {
	const local = new TZDate(instant.getTime(), TIME_ZONE);
	return `${String(local.getHours()).padStart(2, '0')}:${String(local.getMinutes()).padStart(2, '0')}` as Wall;
}

/** ISO weekday (1 = Monday) of a Copenhagen calendar date. */
export function weekdayOf(day: IsoDate): Weekday {
	const { year, month, date } = parseIsoDate(day);
	const sundayZero = new Date(Date.UTC(year, month - 1, date)).getUTCDay();
	return (sundayZero === 0 ? 7 : sundayZero) as Weekday;
}

/** The calendar date `days` after `day` (pure calendar arithmetic, no clock involved). */
export function addCalendarDays(day: IsoDate, days: number): IsoDate {
	const { year, month, date } = parseIsoDate(day);
	return new Date(Date.UTC(year, month - 1, date + days)).toISOString().slice(0, 10);
}

/**
 * A session lies wholly inside one opening interval of its Copenhagen day, and that day is not closed
 * (DOMAIN.md: "Danish public holidays: centres are closed"; other closed and half days per municipality,
 * `rules`). Times outside hours are by individual agreement (000, 001), which staff arrange; this rule does not
 * open them.
 */
export function isWithinOpeningHours(
	hours: OpeningInterval[],
	startsAt: Date,
	endsAt: Date,
	rules: ClosedDays = DEFAULT_CLOSED_DAYS
): boolean {
	if (endsAt.getTime() <= startsAt.getTime()) return false;
	const day = copenhagenDate(startsAt);
	if (closedDuring(startsAt, endsAt, rules).holiday) return false;
	const weekday = weekdayOf(day);
	return hours.some(
		(h) =>
			h.weekday === weekday &&
			wallTimeToInstant(day, h.from).getTime() <= startsAt.getTime() &&
			endsAt.getTime() <= wallTimeToInstant(day, h.to).getTime()
	);
}

/**
 * Start times, `minutes` apart, at which a session of `minutes` fits inside the hours, on `days` Copenhagen
 * calendar days from the date of `from` (the whole of that first day, also times before `from`), skipping closed
 * days. Sorted, without duplicates where intervals overlap.
 */
export function candidateStarts(
	hours: OpeningInterval[],
	from: Date,
	days: number,
	minutes: number,
	rules: ClosedDays = DEFAULT_CLOSED_DAYS
): Date[] {
	if (!(minutes > 0)) throw new Error(`A session lasts a positive number of minutes, not ${minutes}`);
	const first = copenhagenDate(from);
	const starts = new Map<number, Date>();
	for (let i = 0; i < days; i++) {
		const day = addCalendarDays(first, i);
		if (closedOn(day, rules).holiday) continue;
		const weekday = weekdayOf(day);
		for (const h of hours) {
			if (h.weekday !== weekday) continue;
			const end = wallMinutes(h.to);
			for (let start = wallMinutes(h.from); start + minutes <= end; start += minutes) {
				const instant = wallTimeToInstant(day, formatWall(start));
				if (closedDuring(instant, new Date(instant.getTime() + minutes * 60_000), rules).holiday) continue;
				starts.set(instant.getTime(), instant);
			}
		}
	}
	return [...starts.values()].sort((a, b) => a.getTime() - b.getTime());
}

function formatWall(minutes: number): Wall {
	const hh = String(Math.floor(minutes / 60)).padStart(2, '0');
	const mm = String(minutes % 60).padStart(2, '0');
	return `${hh}:${mm}` as Wall;
}
