import type { Sql } from '../platform/db';
import { shownShare, SMALL_MAX, suppressTable, type Shown } from '$lib/domain/suppression';
import { INTERPRETER_LANGUAGES } from '$lib/domain/interpreter';

/**
 * Monthly statistics for a coordinator (issue 5): per offer and place, counts only, from portal.stats_month —
 * the live codes' facts plus those folded in by the purge (migrations/020), so deleting codes changes nothing
 * here. Every count goes through small-cell suppression before it leaves this module for a page or a CSV file.
 */

/** A Copenhagen month, 'YYYY-MM'. */
export type Month = string;
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isMonth(value: string | null): value is Month {
	return value !== null && MONTH.test(value);
}

export const CODE_COLUMNS = [
	'codesIssued',
	'capsReached',
	'decisionsGranted',
	'decisionsNotGranted',
	'consentSteps'
] as const;
export const SESSION_COLUMNS = [
	'sessionsBooked',
	'sessionsAttended',
	'sessionsNoShow',
	'seatsTaken',
	'sessionsCancelled'
] as const;
export const GUARANTEE_COLUMNS = ['guaranteeDue', 'guaranteeMet', 'guaranteeMissed'] as const;
export type CodeColumn = (typeof CODE_COLUMNS)[number];
export type SessionColumn = (typeof SESSION_COLUMNS)[number];
export type GuaranteeColumn = (typeof GUARANTEE_COLUMNS)[number];
type Column = CodeColumn | SessionColumn | GuaranteeColumn;

export interface StatsRow {
	offerSlug: string;
	offerTitle: { da: string; en: string };
	guarantee: boolean;
	/** null: codes that have had no session yet, so belong to no place. */
	placeSlug: string | null;
	placeName: string | null;
	counts: Record<Column, number>;
	/** Seats in the month's open times: not about people, so never suppressed. */
	seatsOffered: number;
}

interface RawRow extends Omit<StatsRow, 'counts'>, Record<Exclude<Column, 'seatsTaken' | 'guaranteeMissed'>, number> {}

export async function monthlyStats(sql: Sql, municipalitySlug: string, month: Month): Promise<StatsRow[]> {
	const first = `${month}-01`;
	const rows = await sql<RawRow[]>`
		with facts as (
			select * from portal.stats_month where municipality_slug = ${municipalitySlug} and month = ${first}::date
		), seats as (
			select s.offer_slug, s.place_slug, sum(s.seats)::int as seats_offered
			from anon.slot s join portal.offer o on o.slug = s.offer_slug
			where o.municipality_slug = ${municipalitySlug} and s.cancelled_at is null
				and portal.copenhagen_month(s.starts_at) = ${first}::date
			group by s.offer_slug, s.place_slug
		)
		select o.slug as offer_slug, o.config -> 'title' as offer_title, o.guarantee_14_days as guarantee,
			p.slug as place_slug, p.name as place_name, coalesce(s.seats_offered, 0) as seats_offered,
			coalesce(f.codes_issued, 0) as codes_issued, coalesce(f.caps_reached, 0) as caps_reached,
			coalesce(f.decisions_granted, 0) as decisions_granted, coalesce(f.decisions_not_granted, 0) as decisions_not_granted,
			coalesce(f.consent_steps, 0) as consent_steps, coalesce(f.guarantee_due, 0) as guarantee_due,
			coalesce(f.guarantee_met, 0) as guarantee_met, coalesce(f.sessions_booked, 0) as sessions_booked,
			coalesce(f.sessions_attended, 0) as sessions_attended, coalesce(f.sessions_no_show, 0) as sessions_no_show,
			coalesce(f.sessions_cancelled, 0) as sessions_cancelled
		from facts f
			full join seats s on s.offer_slug = f.offer_slug and s.place_slug is not distinct from f.place_slug
			join portal.offer o on o.slug = coalesce(f.offer_slug, s.offer_slug)
			left join portal.place p on p.slug = coalesce(f.place_slug, s.place_slug)
		order by o.slug, p.name nulls last`;
	return rows.map((r) => ({
		offerSlug: r.offerSlug,
		offerTitle: r.offerTitle,
		guarantee: r.guarantee,
		placeSlug: r.placeSlug,
		placeName: r.placeName,
		seatsOffered: r.seatsOffered,
		counts: {
			codesIssued: r.codesIssued,
			capsReached: r.capsReached,
			decisionsGranted: r.decisionsGranted,
			decisionsNotGranted: r.decisionsNotGranted,
			consentSteps: r.consentSteps,
			sessionsBooked: r.sessionsBooked,
			sessionsAttended: r.sessionsAttended,
			sessionsNoShow: r.sessionsNoShow,
			seatsTaken: r.sessionsBooked + r.sessionsAttended + r.sessionsNoShow,
			sessionsCancelled: r.sessionsCancelled,
			guaranteeDue: r.guaranteeDue,
			guaranteeMet: r.guaranteeMet,
			guaranteeMissed: r.guaranteeDue - r.guaranteeMet
		}
	}));
}

/** Months with anything to show, newest first, always including the current one. */
export async function statsMonths(sql: Sql, municipalitySlug: string, now = new Date()): Promise<Month[]> {
	const rows = await sql<{ month: string }[]>`
		select to_char(m, 'YYYY-MM') as month from (
			select month as m from portal.stats_month where municipality_slug = ${municipalitySlug}
			union select portal.copenhagen_month(${now}::timestamptz)
		) months order by m desc`;
	return rows.map((r) => r.month);
}

export interface SuppressedTable<C extends string> {
	rows: { label: RowLabel; cells: Record<C, Shown> }[];
	total: Record<C, Shown>;
}

export interface RowLabel {
	offerTitle: { da: string; en: string };
	placeName: string | null;
	/** Whole per cent where both counts may be shown, else null. */
	share?: number | null;
}

export interface SuppressedStats {
	codes: SuppressedTable<CodeColumn>;
	sessions: SuppressedTable<SessionColumn> & {
		seatsOffered: number[];
		capacity: (number | null)[];
		totalSeatsOffered: number;
		totalCapacity: number | null;
	};
	guarantee: SuppressedTable<GuaranteeColumn> & { totalShare: number | null };
}

/**
 * What may be published of a month. Seats taken is booked + attended + no-show in every row, and guarantee due is
 * met + missed, so those sums are declared to the suppression as well: a shown sum must not give a "<5" part away.
 */
export function suppressedStats(rows: StatsRow[]): SuppressedStats {
	const label = (r: StatsRow): RowLabel => ({ offerTitle: r.offerTitle, placeName: r.placeName });
	const codes = suppressTable(
		rows.map((r) => r.counts),
		CODE_COLUMNS
	);
	const sessions = suppressTable(
		rows.map((r) => r.counts),
		SESSION_COLUMNS,
		[{ members: ['sessionsBooked', 'sessionsAttended', 'sessionsNoShow'], total: 'seatsTaken' }]
	);
	const guaranteeRows = rows.filter((r) => r.guarantee);
	const guarantee = suppressTable(
		guaranteeRows.map((r) => r.counts),
		GUARANTEE_COLUMNS,
		[{ members: ['guaranteeMet', 'guaranteeMissed'], total: 'guaranteeDue' }]
	);
	const offered = rows.map((r) => r.seatsOffered);
	const totalSeatsOffered = offered.reduce((a, b) => a + b, 0);
	const seatsShown = (n: number): Shown => ({ kind: 'count', n });
	return {
		codes: { rows: rows.map((r, i) => ({ label: label(r), cells: codes.rows[i]! })), total: codes.total },
		sessions: {
			rows: rows.map((r, i) => ({ label: label(r), cells: sessions.rows[i]! })),
			total: sessions.total,
			seatsOffered: offered,
			capacity: sessions.rows.map((cells, i) => shownShare(cells.seatsTaken, seatsShown(offered[i]!))),
			totalSeatsOffered,
			totalCapacity: shownShare(sessions.total.seatsTaken, seatsShown(totalSeatsOffered))
		},
		guarantee: {
			rows: guaranteeRows.map((r, i) => {
				const cells = guarantee.rows[i]!;
				return { label: { ...label(r), share: shownShare(cells.guaranteeMet, cells.guaranteeDue) }, cells };
			}),
			total: guarantee.total,
			totalShare: shownShare(guarantee.total.guaranteeMet, guarantee.total.guaranteeDue)
		}
	};
}

/** Times that needed an interpreter in one language (a language code or 'other'), in the month. */
export interface InterpreterRow {
	language: string;
	requests: number;
}

/** The listed languages in the list's order, then any other code, then 'other' (migrations/078 allows all three). */
function languageOrder(language: string): number {
	const listed = (INTERPRETER_LANGUAGES as readonly string[]).indexOf(language);
	return language === 'other' ? INTERPRETER_LANGUAGES.length + 1 : listed < 0 ? INTERPRETER_LANGUAGES.length : listed;
}

/**
 * Interpreter requests per language (issue 15, part 4) from portal.interpreter_month, live and folded, so the purge
 * changes nothing here either (migrations/087). Languages nobody asked for are left out, as offers without figures are.
 */
export async function monthlyInterpreterRequests(
	sql: Sql,
	municipalitySlug: string,
	month: Month
): Promise<InterpreterRow[]> {
	const rows = await sql<InterpreterRow[]>`
		select language, requests from portal.interpreter_month
		where municipality_slug = ${municipalitySlug} and month = ${`${month}-01`}::date and requests > 0`;
	return rows.toSorted(
		(a, b) => languageOrder(a.language) - languageOrder(b.language) || a.language.localeCompare(b.language)
	);
}

export const INTERPRETER_COLUMNS = ['interpreterRequests'] as const;
export type InterpreterColumn = (typeof INTERPRETER_COLUMNS)[number];

export interface SuppressedInterpreters {
	rows: { language: string; cells: Record<InterpreterColumn, Shown> }[];
	total: Record<InterpreterColumn, Shown>;
}

/** The row that gathers the 'other' answers and every language asked for 1–4 times, unnamed ("andre sprog"). */
export const OTHER_LANGUAGES = 'other';

/**
 * A language is named only when it was asked for at least 5 times in the month: even a "<5" row tells that somebody
 * needed, say, Tigrinya, and in a small municipality that singles a person out by a sensitive attribute. The
 * languages asked for 1–4 times are folded with the 'other' answers into one row (OTHER_LANGUAGES), whose sum is
 * suppressed like any count ("<5" when it is 1–4); the total follows rule 4 as in every other table.
 */
export function suppressedInterpreterRequests(rows: InterpreterRow[]): SuppressedInterpreters {
	const named = rows.filter((r) => r.language !== OTHER_LANGUAGES && r.requests > SMALL_MAX);
	const folded = rows.filter((r) => !named.includes(r)).reduce((sum, r) => sum + r.requests, 0);
	const shown = folded > 0 ? [...named, { language: OTHER_LANGUAGES, requests: folded }] : named;
	const table = suppressTable(
		shown.map((r) => ({ interpreterRequests: r.requests })),
		INTERPRETER_COLUMNS
	);
	return { rows: shown.map((r, i) => ({ language: r.language, cells: table.rows[i]! })), total: table.total };
}

/** Waits for a full group (issue 15, part 2): joined the line, offered a freed seat, got a seat from it. */
export const WAIT_COLUMNS = ['joined', 'offered', 'accepted'] as const;
export type WaitColumn = (typeof WAIT_COLUMNS)[number];

/**
 * The month's waits per offer and place, from portal.waitlist_month (counts kept apart from the codes, so a purge
 * changes nothing), suppressed like every other table. The three are not parts of one another (a person may be
 * offered a seat in another month than they joined), so no row sums are declared.
 */
export async function monthlyWaits(
	sql: Sql,
	municipalitySlug: string,
	month: Month
): Promise<SuppressedTable<WaitColumn>> {
	const rows = await sql<
		({ offerTitle: { da: string; en: string }; placeName: string } & Record<WaitColumn, number>)[]
	>`
		select o.config -> 'title' as offer_title, p.name as place_name, w.joined, w.offered, w.accepted
		from portal.waitlist_month w join portal.offer o on o.slug = w.offer_slug join portal.place p on p.slug = w.place_slug
		where o.municipality_slug = ${municipalitySlug} and w.month = ${`${month}-01`}::date
		order by o.slug, p.name`;
	const shown = suppressTable(rows, WAIT_COLUMNS);
	return {
		rows: rows.map((r, i) => ({ label: { offerTitle: r.offerTitle, placeName: r.placeName }, cells: shown.rows[i]! })),
		total: shown.total
	};
}
