import type { Sql, Tx } from '../platform/db';

/**
 * Who did what, when, to which alias (issue 4, "Audit"). Never a code, a person's identity or free text
 * about them: the action is a closed list (checked by migrations/010) and `detail` holds only ids, statuses
 * and counts chosen by the caller's code, never typed text.
 */

export type AuditAction =
	| 'login'
	| 'login_failed'
	/** Only in rows written before issue 9: a throttled sign-in writes nothing now (finding 9). */
	| 'login_throttled'
	| 'logout'
	| 'totp_enabled'
	| 'totp_failed'
	| 'totp_verified'
	| 'password_changed'
	| 'password_reset'
	| 'totp_reset'
	| 'slot_created'
	| 'series_created'
	| 'slot_cancelled'
	| 'phone_booking'
	| 'attendance'
	| 'decision'
	| 'parental_consent'
	| 'course_ended'
	| 'staff_created'
	| 'staff_updated'
	| 'staff_sessions_revoked'
	| 'place_updated'
	| 'hours_updated'
	| 'offer_updated';

/** Values only; never a string a person typed. */
export type AuditDetail = Record<string, string | number | boolean | null>;

export interface AuditEntry {
	staffId: string | null;
	/** Whose record this is: the municipality of the offer acted on, else the staff member's own. */
	municipalitySlug: string;
	action: AuditAction;
	alias?: string | null;
	detail?: AuditDetail;
}

export async function audit(sql: Sql | Tx, entry: AuditEntry): Promise<void> {
	await sql`
		insert into portal.audit (staff_id, municipality_slug, action, alias, detail)
		values (${entry.staffId}, ${entry.municipalitySlug}, ${entry.action}, ${entry.alias ?? null},
			${sql.json((entry.detail ?? {}) as never)})`;
}

export interface AuditRow {
	/** bigint, which postgres.js hands over as a string. */
	id: string;
	at: Date;
	staffName: string | null;
	action: AuditAction;
	alias: string | null;
	detail: AuditDetail;
}

/** A coordinator's view: their municipality only, newest first, paged by id. */
export async function auditOfMunicipality(
	sql: Sql,
	municipalitySlug: string,
	options: { before?: string; limit?: number; action?: AuditAction } = {}
): Promise<AuditRow[]> {
	return sql<AuditRow[]>`
		select a.id, a.at, s.display_name as staff_name, a.action, a.alias, a.detail
		from portal.audit a left join portal.staff s on s.id = a.staff_id
		where a.municipality_slug = ${municipalitySlug}
			${options.before ? sql`and a.id < ${options.before}` : sql``}
			${options.action ? sql`and a.action = ${options.action}` : sql``}
		order by a.id desc
		limit ${options.limit ?? 100}`;
}
