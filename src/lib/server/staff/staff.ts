import type { Sql, Tx } from '../platform/db';
import { PG, pgErrorCode } from '../platform/db';
import { hashSecret, passwordProblem, type PasswordProblem } from '../auth/password';
import { invalidateAllSessions, STAFF_SESSION } from '../auth/session';
import { audit } from '../operations/audit';

/**
 * Staff are identified employees (portal schema). What one may see is decided here and nowhere else:
 * a coordinator sees their municipality; a counsellor and a partner's staff (Brydehuset) see the places
 * they work at (SEL §101a stk. 2 and 5; issue 4), and there an offer only when the offer or the place is their
 * own municipality's (`reachesAtPlace`): Ballerup's Brydehuset staff see every municipality's offers at
 * Brydehuset, but a partner account Gladsaxe's coordinator creates there sees Gladsaxe's only.
 */

export type StaffRole = 'counsellor' | 'coordinator' | 'partner';
export const STAFF_ROLES: readonly StaffRole[] = ['counsellor', 'coordinator', 'partner'];

export interface Staff {
	id: string;
	username: string;
	displayName: string;
	role: StaffRole;
	municipalitySlug: string;
	municipalityName: string;
	/** Places the person works at (staff_place); a coordinator's are all their municipality's places. */
	places: string[];
	totpEnabled: boolean;
	totpRequired: boolean;
	/** The password was chosen by somebody else (a coordinator): it must be changed at the next sign-in. */
	mustChangePassword: boolean;
	disabled: boolean;
}

/** A staff member's columns (staff `s`, municipality `m`): for staff.ts's reads and the session's join. */
export const STAFF_COLUMNS = (sql: Sql | Tx) => sql`
	s.id, s.username, s.display_name, s.role, s.municipality_slug, m.name as municipality_name,
	s.totp_key is not null as totp_enabled, s.totp_required, s.must_change_password, s.disabled_at is not null as disabled,
	case when s.role = 'coordinator'
		then array(select slug from portal.place where municipality_slug = s.municipality_slug order by slug)
		else array(select place_slug from portal.staff_place where staff_id = s.id order by place_slug)
	end as places`;

export async function staffById(sql: Sql | Tx, id: string): Promise<Staff | null> {
	if (!isUuid(id)) return null;
	const [row] = await sql<Staff[]>`
		select ${STAFF_COLUMNS(sql)} from portal.staff s join portal.municipality m on m.slug = s.municipality_slug
		where s.id = ${id}`;
	return row ?? null;
}

/** Usernames compare without case, so "Anne" and "anne" are one account and one throttling bucket. */
export function normaliseUsername(username: string): string {
	return username.trim().toLowerCase();
}

export async function staffForLogin(sql: Sql, username: string): Promise<(Staff & { passwordHash: string }) | null> {
	const [row] = await sql<(Staff & { passwordHash: string })[]>`
		select ${STAFF_COLUMNS(sql)}, s.password_hash
		from portal.staff s join portal.municipality m on m.slug = s.municipality_slug
		where s.username = ${normaliseUsername(username)}`;
	return row ?? null;
}

/** Colleagues a coordinator manages: their own municipality only. */
export async function staffOfMunicipality(sql: Sql, municipalitySlug: string): Promise<Staff[]> {
	return sql<Staff[]>`
		select ${STAFF_COLUMNS(sql)} from portal.staff s join portal.municipality m on m.slug = s.municipality_slug
		where s.municipality_slug = ${municipalitySlug}
		order by s.disabled_at is not null, s.display_name`;
}

/** A colleague as a coordinator may see them; null (→ 404) for anyone else's staff or for non-coordinators. */
export async function colleagueFor(sql: Sql, viewer: Staff, id: string): Promise<Staff | null> {
	if (viewer.role !== 'coordinator') return null;
	const staff = await staffById(sql, id);
	return staff && staff.municipalitySlug === viewer.municipalitySlug ? staff : null;
}

/** Counsellors whose calendars the viewer may open (themselves, or their municipality's for a coordinator). */
export async function counsellorsVisibleTo(sql: Sql, viewer: Staff): Promise<{ id: string; displayName: string }[]> {
	if (viewer.role !== 'coordinator') return [{ id: viewer.id, displayName: viewer.displayName }];
	return sql<{ id: string; displayName: string }[]>`
		select id, display_name from portal.staff
		where municipality_slug = ${viewer.municipalitySlug} and role <> 'partner' and disabled_at is null
		order by display_name`;
}

export interface NewStaff {
	municipalitySlug: string;
	username: string;
	displayName: string;
	password: string;
	role: StaffRole;
	places: string[];
	totpRequired: boolean;
	/**
	 * Whoever sets a password for somebody else knows it, so by default the new colleague must choose their own at
	 * the first sign-in (ASVS 5.0 6.4). Only the demo accounts, whose password is public anyway, skip it.
	 */
	mustChangePassword?: boolean;
	/**
	 * Only for the demo accounts, whose password is published in the README and which never exist in production:
	 * that password is refused for every real account (it is the first a guesser tries).
	 */
	publishedDemoPassword?: true;
}

export type CreateStaffResult =
	| { ok: true; id: string }
	| { ok: false; reason: 'username_taken' | 'foreign_place' | 'place_role' }
	| { ok: false; reason: 'weak_password'; problem: PasswordProblem };

/**
 * A new staff account. `by` is the coordinator who creates it, audited in the same transaction; null only for
 * accounts nobody creates through the portal (the demo staff, tests' fixtures).
 */
export async function createStaff(sql: Sql, input: NewStaff, by: Staff | null): Promise<CreateStaffResult> {
	const problem = input.publishedDemoPassword ? null : passwordProblem(input.password, { username: input.username });
	const fit = await placesFitRole(sql, input.municipalitySlug, input.role, input.places);
	if (fit !== 'fit') return { ok: false, reason: fit };
	if (problem) return { ok: false, reason: 'weak_password', problem };
	const passwordHash = await hashSecret(input.password);
	try {
		const id = await sql.begin(async (tx) => {
			const [row] = await tx<{ id: string }[]>`
				insert into portal.staff (municipality_slug, username, display_name, password_hash, role, totp_required, must_change_password)
				values (${input.municipalitySlug}, ${normaliseUsername(input.username)}, ${input.displayName}, ${passwordHash},
					${input.role}, ${input.totpRequired}, ${input.mustChangePassword ?? true})
				returning id`;
			await setPlaces(tx, row!.id, input.places);
			if (by)
				await audit(tx, {
					staffId: by.id,
					municipalitySlug: by.municipalitySlug,
					action: 'staff_created',
					detail: { staff: row!.id }
				});
			return row!.id;
		});
		return { ok: true, id };
	} catch (e) {
		if (pgErrorCode(e) === PG.uniqueViolation) return { ok: false, reason: 'username_taken' };
		throw e;
	}
}

async function setPlaces(tx: Tx, staffId: string, places: string[]): Promise<void> {
	await tx`delete from portal.staff_place where staff_id = ${staffId}`;
	for (const place of places) {
		await tx`insert into portal.staff_place (staff_id, place_slug) values (${staffId}, ${place})`;
	}
}

/**
 * Which places a coordinator may give which role (issue 13, item 9). Their own municipality's places go to their
 * colleagues; a partner place (another municipality's place that provides one of their offers, SEL §101a stk. 2:
 * Gladsaxe's Brydehuset in Ballerup, 001) goes only to a partner's staff, who work at one place at least. So a
 * coordinator can neither reach a place their municipality has no agreement with nor give a partner's employee a
 * counsellor's rights (the §101a decision, stk. 4) or a coordinator's.
 */
async function placesFitRole(
	sql: Sql,
	municipalitySlug: string,
	role: StaffRole,
	places: readonly string[]
): Promise<'fit' | 'foreign_place' | 'place_role'> {
	const wanted = new Set(places);
	const assignable = await assignablePlaces(sql, municipalitySlug);
	if (![...wanted].every((slug) => assignable.some((p) => p.slug === slug))) return 'foreign_place';
	if (role === 'partner' && wanted.size === 0) return 'place_role';
	const partnerPlace = (slug: string) => assignable.find((p) => p.slug === slug)!.partner;
	return role === 'partner' || ![...wanted].some(partnerPlace) ? 'fit' : 'place_role';
}

/**
 * A coordinator's changes to a colleague, audited; the caller has checked the colleague is theirs. Nobody locks
 * themselves out: a coordinator's own account is never disabled here, whatever the form says.
 */
export async function updateStaff(
	sql: Sql,
	by: Staff,
	id: string,
	requested: { places: string[]; totpRequired: boolean; disabled: boolean }
): Promise<{ ok: true } | { ok: false; reason: 'foreign_place' | 'place_role' }> {
	const [colleague] = await sql<{ role: StaffRole }[]>`select role from portal.staff where id = ${id}`;
	if (!colleague) return { ok: false, reason: 'foreign_place' };
	const fit = await placesFitRole(sql, by.municipalitySlug, colleague.role, requested.places);
	if (fit !== 'fit') return { ok: false, reason: fit };
	const change = { ...requested, disabled: requested.disabled && id !== by.id };
	await sql.begin(async (tx) => {
		await tx`
			update portal.staff set totp_required = ${change.totpRequired},
				disabled_at = case when ${change.disabled} then coalesce(disabled_at, now()) else null end
			where id = ${id}`;
		await setPlaces(tx, id, change.places);
		if (change.disabled) await tx`delete from portal.staff_session where staff_id = ${id}`;
		await audit(tx, {
			staffId: by.id,
			municipalitySlug: by.municipalitySlug,
			action: 'staff_updated',
			detail: { staff: id, totpRequired: change.totpRequired, disabled: change.disabled, places: change.places.length }
		});
	});
	return { ok: true };
}

/** Ends every session of a colleague (a lost or shared device), audited; the caller has checked they are theirs. */
export async function revokeStaffSessions(sql: Sql, by: Staff, colleagueId: string): Promise<void> {
	await sql.begin(async (tx) => {
		await invalidateAllSessions(tx as unknown as Sql, STAFF_SESSION, colleagueId);
		await audit(tx, {
			staffId: by.id,
			municipalitySlug: by.municipalitySlug,
			action: 'staff_sessions_revoked',
			detail: { staff: colleagueId }
		});
	});
}

export interface PlaceOption {
	slug: string;
	name: string;
	municipalitySlug: string;
	outsideHoursByAgreement: boolean;
}

export interface AssignablePlace extends PlaceOption {
	/** Another municipality's place that provides one of this municipality's offers (SEL §101a stk. 2). */
	partner: boolean;
}

/**
 * The places a coordinator may assign colleagues to: their municipality's own, then the partner places their
 * offers are provided at (Brydehuset for Gladsaxe, 001), whose staff they create as partner staff.
 */
export async function assignablePlaces(sql: Sql, municipalitySlug: string): Promise<AssignablePlace[]> {
	return sql<AssignablePlace[]>`
		select p.slug, p.name, p.municipality_slug, p.outside_hours_by_agreement, p.municipality_slug <> ${municipalitySlug} as partner
		from portal.place p
		where p.municipality_slug = ${municipalitySlug}
			or exists (
				select 1 from portal.offer_provider op join portal.offer o on o.slug = op.offer_slug
				where op.place_slug = p.slug and o.municipality_slug = ${municipalitySlug})
		order by p.municipality_slug <> ${municipalitySlug}, p.name`;
}

/** Places the viewer works at, for filters and slot forms. */
export async function placesOf(sql: Sql, viewer: Staff): Promise<PlaceOption[]> {
	return sql<PlaceOption[]>`
		select slug, name, municipality_slug, outside_hours_by_agreement from portal.place
		where slug = any(${viewer.places}::text[]) order by name`;
}

export interface OfferAtPlace {
	offerSlug: string;
	offerTitle: { da: string; en: string };
	municipalitySlug: string;
	placeSlug: string;
	placeName: string;
}

/**
 * Whether the viewer may reach an offer `o` at a place `p` they work at, as a SQL condition: the offer is their
 * municipality's, or the place is (its own staff serve every municipality that refers people there, SEL §101a
 * stk. 2). A coordinator may create a partner account at another municipality's place that provides one of their
 * offers (placesFitRole) and chooses its first password, so that account must not reach the offers, times,
 * people or threads other municipalities have at the same place (security review F3).
 */
export function reachesAtPlace(sql: Sql | Tx, viewer: Staff) {
	return sql`(o.municipality_slug = ${viewer.municipalitySlug} or p.municipality_slug = ${viewer.municipalitySlug})`;
}

/**
 * The (offer, place) pairs the viewer may open times and book callers for: offers provided at their places that
 * they reach (`reachesAtPlace`); never a contact-only offer, which has no phases.
 */
export async function offersAtPlacesOf(sql: Sql, viewer: Staff): Promise<OfferAtPlace[]> {
	return sql<OfferAtPlace[]>`
		select o.slug as offer_slug, o.config->'title' as offer_title, o.municipality_slug, p.slug as place_slug, p.name as place_name
		from portal.offer_provider op
			join portal.offer o on o.slug = op.offer_slug
			join portal.place p on p.slug = op.place_slug
		where p.slug = any(${viewer.places}::text[])
			and ${reachesAtPlace(sql, viewer)}
			-- An offer listed by contact only (the documents give too little to book it) has no times to open.
			and not coalesce((o.config->>'contactOnly')::boolean, false)
		order by o.municipality_slug, o.slug, p.name`;
}

/**
 * The one tenancy rule for slots, as a SQL condition over `anon.slot s`, `portal.offer o` and
 * `portal.place p`: a coordinator sees their municipality's offers and places; anyone else their own slots
 * and the slots at the places they work at of the offers they reach there (`reachesAtPlace`).
 */
export function slotVisibleTo(sql: Sql | Tx, viewer: Staff) {
	return viewer.role === 'coordinator'
		? reachesAtPlace(sql, viewer)
		: sql`(s.counsellor_id = ${viewer.id} or (s.place_slug = any(${viewer.places}::text[]) and ${reachesAtPlace(sql, viewer)}))`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids come from URLs and forms; anything that is not a uuid is simply not found (→ 404, not 500). */
export function isUuid(value: string): boolean {
	return UUID.test(value);
}
