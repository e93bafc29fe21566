import type { Tx } from '../platform/db';

/**
 * Who did what, when, to which alias (issue 4, "Audit"). Never a code, a person's identity or free text
 * about them: the action is a closed list (checked by migrations/010) and `detail` holds only ids, statuses
 * and counts chosen by the caller's code, never typed text.
 *
 * Written only by the server function that does the action, inside that action's transaction, so an action
 * never commits without its row (routes never import this module; tests/unit/audit-only-in-server.test.ts).
 * Coordinators read the trail through audit-trail.ts.
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
	/** Staff wrote to a code's thread (issue 15): the alias only, never the text. */
	| 'message_sent'
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

export async function audit(tx: Tx, entry: AuditEntry): Promise<void> {
	await tx`
		insert into portal.audit (staff_id, municipality_slug, action, alias, detail)
		values (${entry.staffId}, ${entry.municipalitySlug}, ${entry.action}, ${entry.alias ?? null},
			${tx.json((entry.detail ?? {}) as never)})`;
}
