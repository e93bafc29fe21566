// How long sessions live, and the sweep of those past it. Plain JavaScript so that the daily job (purge.js), which
// `npm run purge` runs with node alone, shares the lifetimes with session.ts instead of copying them.

/**
 * @typedef {object} SessionExpiry
 * @property {'portal.staff_session' | 'anon.code_session'} table
 * @property {number} idleMs the session dies after this long unused
 * @property {number} absoluteMs and at this age whatever happens
 */

/** @type {SessionExpiry} */
export const STAFF_SESSION_EXPIRY = {
	table: 'portal.staff_session',
	idleMs: 60 * 60 * 1000,
	absoluteMs: 12 * 60 * 60 * 1000
};

/**
 * Short, because a code holder may sit at a shared or borrowed computer (DESIGN.md: about 30 min idle).
 * @type {SessionExpiry}
 */
export const CODE_SESSION_EXPIRY = {
	table: 'anon.code_session',
	idleMs: 30 * 60 * 1000,
	absoluteMs: 3 * 60 * 60 * 1000
};

/**
 * Removes sessions past their lifetime, so the tables do not keep traces of old visits (issue 9, finding 12).
 * @param {import('postgres').Sql<any> | import('postgres').TransactionSql<any>} sql
 * @param {SessionExpiry} kind
 * @param {Date} [now]
 * @returns {Promise<number>} how many were deleted
 */
export async function deleteExpiredSessions(sql, kind, now = new Date()) {
	const result = await sql`
		delete from ${sql(kind.table)}
		where last_used_at <= ${new Date(now.getTime() - kind.idleMs)} or created_at <= ${new Date(now.getTime() - kind.absoluteMs)}`;
	return result.count;
}
