import type { Sql } from '../platform/db';
import type { AuditAction, AuditDetail } from './audit';

/** The audit trail as a coordinator reads it (issue 4); rows are written by audit.ts only. */

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
