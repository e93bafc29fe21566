// Automatic deletion (issue 5): a code is deleted for good once its municipality's retention period has passed
// since its last activity; its bookings and sessions go with it (on delete cascade), audit entries lose its
// alias, and its counts are folded into portal.stats_folded first, so a month's statistics do not change.
// Plain JavaScript with JSDoc types: `npm run purge` runs it with node alone, before or without a build.

/** @typedef {import('postgres').Sql<any>} Sql */
/** @typedef {import('postgres').TransactionSql<any>} Tx */

/**
 * @typedef {object} PurgeResult
 * @property {number} codes codes deleted
 * @property {number} bookings their bookings, deleted with them
 * @property {number} sessions their open code sessions, deleted with them
 * @property {number} auditEntries audit entries whose alias was cleared
 */

/**
 * The codes past retention. A booking still ahead, or changed later than the code was used, counts as activity:
 * a person with a session next week is not deleted because they have not typed their code for a year.
 * @param {Sql | Tx} sql
 * @param {Date} now
 * @returns {Promise<{ id: string; alias: string; municipality: string; since: Date }[]>}
 */
async function expiredCodes(sql, now) {
	return sql`
		select c.id, c.alias, o.municipality_slug as municipality, c.created_at as since
		from anon.code c
			join portal.offer o on o.slug = c.offer_slug
			join portal.municipality m on m.slug = o.municipality_slug
		where greatest(c.last_activity_at,
				(select max(greatest(b.starts_at, b.changed_at)) from anon.booking b where b.code_id = c.id))
			< ${now}::timestamptz - make_interval(months => m.retention_months)
		order by c.id
		for update of c skip locked`;
}

/**
 * Folds, scrubs and deletes inside the caller's transaction.
 * @param {Tx} tx
 * @param {Date} [now]
 * @returns {Promise<PurgeResult>}
 */
export async function purgeInTransaction(tx, now = new Date()) {
	const codes = await expiredCodes(tx, now);
	if (codes.length === 0) return { codes: 0, bookings: 0, sessions: 0, auditEntries: 0 };
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

	const bookingIds = (await tx`select id from anon.booking where code_id = any(${ids}::uuid[])`).map((r) => String(r.id));
	const [counted] = await tx`select count(*)::int as sessions from anon.code_session where code_id = any(${ids}::uuid[])`;

	// The alias is the only trace of a citizen in the audit; booking ids in `detail` would point at nothing, but
	// are removed too, so no row anywhere still carries something of the deleted code. Aliases are not unique, so
	// an entry of a live code with the same alias since then may lose its alias too: the safe side to err on.
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
	return { codes: codes.length, bookings: bookingIds.length, sessions: Number(counted?.sessions ?? 0), auditEntries: audited.length };
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
 * The daily run, safe with any number of app instances: the claim and the purge share one transaction, so the
 * instance that moves last_run to today (Copenhagen) holds the row until it is done; another instance's claim
 * waits, then finds the day taken. Should the purge fail, the claim rolls back and the next attempt runs it.
 * @param {Sql} sql
 * @param {Date} [now]
 * @returns {Promise<PurgeResult | null>} null when another run already took today
 */
export async function runDailyPurge(sql, now = new Date()) {
	return /** @type {Promise<PurgeResult | null>} */ (
		sql.begin(async (tx) => {
			const claimed = await tx`
				update portal.job_run set last_run = (${now}::timestamptz at time zone 'Europe/Copenhagen')::date
				where name = 'purge' and last_run < (${now}::timestamptz at time zone 'Europe/Copenhagen')::date
				returning name`;
			if (claimed.length === 0) return null;
			const result = await purgeInTransaction(tx, now);
			await tx`update portal.job_run set finished_at = now() where name = 'purge'`;
			return result;
		})
	);
}

/**
 * @param {PurgeResult} r
 * @returns {string} counts only: never an alias or an id
 */
export function describePurge(r) {
	return `Deleted ${r.codes} codes past retention (${r.bookings} bookings, ${r.sessions} code sessions); cleared the alias of ${r.auditEntries} audit entries.`;
}
