// Automatic deletion (issue 5): a code is deleted for good once its municipality's retention period has passed
// since its last activity; its bookings, sessions and message thread go with it (on delete cascade), audit entries lose its
// alias, and its counts are folded into portal.stats_folded (its interpreter requests into portal.interpreter_folded)
// first, so a month's statistics do not change.
// Plain JavaScript with JSDoc types: `npm run purge` runs it with node alone, before or without a build.
// The same daily job runs every other clean-up too (issue 9): codes that never got a booking, expired staff and
// code sessions, and rate-limit buckets of earlier days or full again.
import { CODE_SESSION_EXPIRY, STAFF_SESSION_EXPIRY, deleteExpiredSessions } from '../auth/session-expiry.js';

/** @typedef {import('postgres').Sql<any>} Sql */
/** @typedef {import('postgres').TransactionSql<any>} Tx */

/**
 * @typedef {object} PurgeResult
 * @property {number} codes codes deleted (past retention, or never booked)
 * @property {number} neverBooked of those, codes that never got a booking
 * @property {number} bookings their bookings, deleted with them
 * @property {number} sessions their open code sessions, deleted with them
 * @property {number} auditEntries audit entries whose alias was cleared
 */

/**
 * How long a code that never got a booking is kept after it was made or last typed in. A first booking on the web
 * makes its code in the same transaction as the booking, so such codes are the ones staff hand a caller to book
 * with later (codes.ts issueCode), or whose slot was removed under them. A week is time enough to book the first
 * time; after it the code goes, so neither forgotten codes nor a script's leftovers wait out a year's retention.
 */
export const UNBOOKED_CODE_GRACE_DAYS = 7;

/**
 * The codes to delete: past retention, or never booked and past the grace period. A booking still ahead, or
 * changed later than the code was used, counts as activity: a person with a session next week is not deleted
 * because they have not typed their code for a year. So does a message in its thread: a question asked with a
 * fresh code (issue 15) waits a week from the centre's last answer, not from the day it was asked.
 * @param {Sql | Tx} sql
 * @param {Date} now
 * @returns {Promise<{ id: string; alias: string; municipality: string; since: Date; neverBooked: boolean }[]>}
 */
async function expiredCodes(sql, now) {
	const rows = await sql`
		select c.id, c.alias, o.municipality_slug as municipality, c.created_at as since,
			not exists (select 1 from anon.booking b where b.code_id = c.id) as unbooked
		from anon.code c
			join portal.offer o on o.slug = c.offer_slug
			join portal.municipality m on m.slug = o.municipality_slug
		where greatest(c.last_activity_at,
				(select max(greatest(b.starts_at, b.changed_at)) from anon.booking b where b.code_id = c.id),
				(select max(msg.created_at) from anon.message msg where msg.code_id = c.id))
				< ${now}::timestamptz - make_interval(months => m.retention_months)
			or (not exists (select 1 from anon.booking b where b.code_id = c.id)
				and greatest(c.created_at, c.last_activity_at,
					(select max(msg.created_at) from anon.message msg where msg.code_id = c.id))
					< ${now}::timestamptz - make_interval(days => ${UNBOOKED_CODE_GRACE_DAYS}))
		order by c.id
		for update of c skip locked`;
	return rows.map((r) => ({
		id: r.id,
		alias: r.alias,
		municipality: r.municipality,
		since: r.since,
		neverBooked: r.unbooked
	}));
}

/**
 * Folds, scrubs and deletes inside the caller's transaction.
 * @param {Tx} tx
 * @param {Date} [now]
 * @returns {Promise<PurgeResult>}
 */
export async function purgeInTransaction(tx, now = new Date()) {
	const codes = await expiredCodes(tx, now);
	if (codes.length === 0) return { codes: 0, neverBooked: 0, bookings: 0, sessions: 0, auditEntries: 0 };
	const ids = codes.map((c) => c.id);

	await tx`
		insert into portal.stats_folded (municipality_slug, offer_slug, place_slug, month, codes_issued, caps_reached,
			decisions_granted, decisions_not_granted, consent_steps, guarantee_due, guarantee_met, sessions_booked,
			sessions_attended, sessions_no_show, sessions_cancelled)
		select * from portal.code_facts(${ids}::uuid[])
		on conflict on constraint stats_folded_cell do update set
			codes_issued = stats_folded.codes_issued + excluded.codes_issued,
			caps_reached = stats_folded.caps_reached + excluded.caps_reached,
			decisions_granted = stats_folded.decisions_granted + excluded.decisions_granted,
			decisions_not_granted = stats_folded.decisions_not_granted + excluded.decisions_not_granted,
			consent_steps = stats_folded.consent_steps + excluded.consent_steps,
			guarantee_due = stats_folded.guarantee_due + excluded.guarantee_due,
			guarantee_met = stats_folded.guarantee_met + excluded.guarantee_met,
			sessions_booked = stats_folded.sessions_booked + excluded.sessions_booked,
			sessions_attended = stats_folded.sessions_attended + excluded.sessions_attended,
			sessions_no_show = stats_folded.sessions_no_show + excluded.sessions_no_show,
			sessions_cancelled = stats_folded.sessions_cancelled + excluded.sessions_cancelled`;
	await tx`
		insert into portal.interpreter_folded (municipality_slug, month, language, requests)
		select * from portal.interpreter_facts(${ids}::uuid[])
		on conflict on constraint interpreter_folded_cell do update set
			requests = interpreter_folded.requests + excluded.requests`;

	const bookingIds = (await tx`select id from anon.booking where code_id = any(${ids}::uuid[])`).map((r) =>
		String(r.id)
	);
	const [counted] =
		await tx`select count(*)::int as sessions from anon.code_session where code_id = any(${ids}::uuid[])`;

	// The alias is the only trace of a citizen in the audit; booking ids in `detail` would point at nothing, but
	// are removed too, so no row anywhere still carries something of the deleted code. An alias is unique only among
	// live codes (migrations/045): a later code may draw a deleted one's alias again, and an entry of that code
	// since then may lose its alias too: the safe side to err on.
	const audited = await tx`
		update portal.audit a set alias = null,
			detail = case when a.detail ->> 'booking' = any(${bookingIds}::text[]) then a.detail - 'booking' else a.detail end
		where exists (
				select 1 from unnest(${codes.map((c) => c.municipality)}::text[], ${codes.map((c) => c.alias)}::text[],
					${codes.map((c) => new Date(c.since).toISOString())}::timestamptz[]) as gone(municipality, alias, since)
				where gone.municipality = a.municipality_slug and gone.alias = a.alias and a.at >= gone.since)
			or a.detail ->> 'booking' = any(${bookingIds}::text[])
		returning a.id`;

	await tx`delete from anon.code where id = any(${ids}::uuid[])`;
	return {
		codes: codes.length,
		neverBooked: codes.filter((c) => c.neverBooked).length,
		bookings: bookingIds.length,
		sessions: Number(counted?.sessions ?? 0),
		auditEntries: audited.length
	};
}

/**
 * Deletes what is past retention now, in one transaction.
 * @param {Sql} sql
 * @param {Date} [now]
 * @returns {Promise<PurgeResult>}
 */
export async function purgeExpiredCodes(sql, now = new Date()) {
	return /** @type {Promise<PurgeResult>} */ (sql.begin((tx) => purgeInTransaction(tx, now)));
}

/**
 * @typedef {PurgeResult & { staffSessions: number; codeSessions: number; buckets: number }} CleanUpResult
 */

/**
 * Every clean-up, inside the caller's transaction: codes (past retention or never booked), sessions past their
 * lifetime, and rate-limit buckets of earlier days (their key is gone with the day) or full again. Throttled
 * requests write no rows (rate-limit.ts), so there are no throttled-attempt aggregates to forget.
 * @param {Tx} tx
 * @param {Date} [now]
 * @returns {Promise<CleanUpResult>}
 */
export async function cleanUpInTransaction(tx, now = new Date()) {
	const codes = await purgeInTransaction(tx, now);
	const staffSessions = await deleteExpiredSessions(tx, STAFF_SESSION_EXPIRY, now);
	const codeSessions = await deleteExpiredSessions(tx, CODE_SESSION_EXPIRY, now);
	const buckets = await tx`
		delete from portal.rate_limit
		where day < (${now}::timestamptz at time zone 'Europe/Copenhagen')::date or full_at <= ${now}::timestamptz`;
	return { ...codes, staffSessions, codeSessions, buckets: buckets.count };
}

/**
 * Every clean-up now, whether or not today's run has happened (`npm run purge`).
 * @param {Sql} sql
 * @param {Date} [now]
 * @returns {Promise<CleanUpResult>}
 */
export async function cleanUpNow(sql, now = new Date()) {
	return /** @type {Promise<CleanUpResult>} */ (sql.begin((tx) => cleanUpInTransaction(tx, now)));
}

/**
 * The daily run, safe with any number of app instances: the claim and the clean-up share one transaction, so the
 * instance that moves last_run to today (Copenhagen) holds the row until it is done; another instance's claim
 * waits, then finds the day taken. Should the clean-up fail, the claim rolls back and the next attempt runs it.
 * @param {Sql} sql
 * @param {Date} [now]
 * @returns {Promise<CleanUpResult | null>} null when another run already took today
 */
export async function runDailyPurge(sql, now = new Date()) {
	return /** @type {Promise<CleanUpResult | null>} */ (
		sql.begin(async (tx) => {
			const claimed = await tx`
				update portal.job_run set last_run = (${now}::timestamptz at time zone 'Europe/Copenhagen')::date
				where name = 'purge' and last_run < (${now}::timestamptz at time zone 'Europe/Copenhagen')::date
				returning name`;
			if (claimed.length === 0) return null;
			const result = await cleanUpInTransaction(tx, now);
			await tx`update portal.job_run set finished_at = now() where name = 'purge'`;
			return result;
		})
	);
}

/**
 * @param {CleanUpResult} r
 * @returns {string} counts only: never an alias or an id
 */
export function describePurge(r) {
	return (
		`Deleted ${r.codes} codes (${r.neverBooked} never booked; ${r.bookings} bookings, ${r.sessions} code sessions); ` +
		`cleared the alias of ${r.auditEntries} audit entries; deleted ${r.staffSessions} expired staff sessions, ` +
		`${r.codeSessions} expired code sessions and ${r.buckets} rate-limit buckets.`
	);
}
