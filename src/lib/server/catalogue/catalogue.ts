import type { Sql, Tx } from '../platform/db';
import type { ClosedDays, Municipality, Offer, Phase, Place } from '$lib/domain/model';
import { known, SLUG } from '$lib/domain/values';
import { noShowUsesSession } from '$lib/domain/sessions';
import { DEFAULT_CLOSED_DAYS } from '$lib/domain/hours';

/**
 * The offers, places and municipalities as the database holds them (seeded from the configuration files,
 * later edited by coordinators). `writeOffer` is the one writer of an offer, used by seeding and settings alike.
 */

/**
 * Writes one offer everywhere the database keeps it, from one Offer value, inside the caller's transaction:
 * the whole validated offer as JSON (what the pages read), the typed columns the database's own rules read
 * (law, audience, guarantee, minimum age, youth gate: migrations/046), one row per phase (caps, seats and length,
 * which slots reference; whether a no-show uses a session, migrations/055) and one per provider (the hours staff
 * open times within, and whether the §101a decision is delegated to it, SEL §101a stk. 5: migrations/051).
 *
 * `seed`: from the configuration files at every start; an offer a coordinator has edited is left as edited, all
 * of it (its JSON and its rows can then never disagree). `edit`: a coordinator's change, marked as edited.
 * A phase the offer no longer has is removed unless times were already made for it.
 */
export async function writeOffer(tx: Tx, offer: Offer, mode: 'seed' | 'edit'): Promise<boolean> {
	const o = offer;
	const youth = o.youth ? { anonymousMax: o.youth.anonymousMax, withConsentMax: o.youth.withConsentMax } : null;
	const edited = mode === 'edit' ? tx`now()` : tx`null`;
	const written = await tx`
		insert into portal.offer (slug, municipality_slug, law, audience, guarantee_14_days, min_age,
			youth_anonymous_max, youth_with_consent_max, config, edited_at)
		values (${o.slug}, ${o.municipality}, ${o.law}, ${o.audience}, ${o.guarantee14Days}, ${o.minAge},
			${youth?.anonymousMax ?? null}, ${youth?.withConsentMax ?? null}, ${tx.json(o as never)}, ${edited})
		on conflict (slug) do update set law = excluded.law, audience = excluded.audience,
			guarantee_14_days = excluded.guarantee_14_days, min_age = excluded.min_age,
			youth_anonymous_max = excluded.youth_anonymous_max, youth_with_consent_max = excluded.youth_with_consent_max,
			config = excluded.config, edited_at = coalesce(excluded.edited_at, portal.offer.edited_at)
		where ${mode === 'edit' ? tx`portal.offer.municipality_slug = excluded.municipality_slug` : tx`portal.offer.edited_at is null`}`;
	if (written.count !== 1) return false;
	for (const phase of o.phases) {
		await tx`
			insert into portal.offer_phase (offer_slug, phase, max_sessions, requires_decision, seats, minutes, no_show_uses_session)
			values (${o.slug}, ${phase.kind}, ${phase.max}, ${phase.requiresDecision}, ${seatsOf(phase)}, ${phase.format.minutes},
				${noShowUsesSession(phase)})
			on conflict (offer_slug, phase) do update set max_sessions = excluded.max_sessions,
				requires_decision = excluded.requires_decision, seats = excluded.seats, minutes = excluded.minutes,
				no_show_uses_session = excluded.no_show_uses_session`;
	}
	await tx`
		delete from portal.offer_phase p where p.offer_slug = ${o.slug} and p.phase <> all(${o.phases.map((p) => p.kind)}::text[])
			and not exists (select 1 from anon.slot s where s.offer_slug = p.offer_slug and s.phase = p.phase)`;
	for (const provider of o.providers) {
		await tx`
			insert into portal.offer_provider (offer_slug, place_slug, hours, decision_delegated, edited_at)
			values (${o.slug}, ${provider.place}, ${provider.hours.known ? tx.json(provider.hours.value as never) : null},
				${provider.decisionDelegated === true}, ${edited})
			on conflict (offer_slug, place_slug) do update set hours = excluded.hours,
				decision_delegated = excluded.decision_delegated,
				edited_at = coalesce(excluded.edited_at, portal.offer_provider.edited_at)`;
	}
	return true;
}

function seatsOf(phase: Phase): number {
	return phase.format.kind === 'group' ? phase.format.seats : 1;
}

export interface CatalogueMunicipality extends Municipality {
	offers: Offer[];
}

export async function municipalitiesWithOffers(sql: Sql): Promise<CatalogueMunicipality[]> {
	const rows = await sql<
		{ slug: string; name: string; phone: string | null; retentionMonths: number; offers: Offer[] }[]
	>`
		select m.slug, m.name, m.phone, m.retention_months,
			coalesce(jsonb_agg(o.config order by o.slug) filter (where o.slug is not null), '[]') as offers
		from portal.municipality m left join portal.offer o on o.municipality_slug = m.slug
		group by m.slug order by m.name`;
	return rows.map((r) => ({
		slug: r.slug,
		name: r.name,
		phone: known(r.phone),
		retentionMonths: r.retentionMonths,
		offers: r.offers
	}));
}

/** Slugs come from addresses; one PostgreSQL cannot even compare (a NUL byte) must be "not found", not a 500. */
export async function offerBySlug(sql: Sql, slug: string): Promise<Offer | null> {
	if (!SLUG.test(slug)) return null;
	const [row] = await sql<{ config: Offer }[]>`select config from portal.offer where slug = ${slug}`;
	return row?.config ?? null;
}

export async function places(sql: Sql, slugs?: string[]): Promise<Place[]> {
	const rows = await sql<
		{
			slug: string;
			municipalitySlug: string;
			name: string;
			address: string | null;
			phone: string | null;
			outsideHoursByAgreement: boolean;
		}[]
	>`
		select slug, municipality_slug, name, address, phone, outside_hours_by_agreement from portal.place
		${slugs ? sql`where slug = any(${slugs})` : sql``}
		order by name`;
	return rows.map((r) => ({
		slug: r.slug,
		municipality: r.municipalitySlug,
		name: r.name,
		address: known(r.address),
		phone: known(r.phone),
		outsideHoursByAgreement: r.outsideHoursByAgreement
	}));
}

/**
 * Places that provide another municipality's offer (SEL §101a stk. 2: at least one provider outside the
 * municipality), e.g. Brydehuset in Ballerup for Gladsaxe.
 */
export async function partnerPlaces(
	sql: Sql
): Promise<{ municipality: string; place: string; servesMunicipalities: string[] }[]> {
	return sql<{ municipality: string; place: string; servesMunicipalities: string[] }[]>`
		select p.municipality_slug as municipality, p.name as place,
			array_agg(distinct m.name order by m.name) as serves_municipalities
		from portal.place p
		join portal.offer_provider op on op.place_slug = p.slug
		join portal.offer o on o.slug = op.offer_slug and o.municipality_slug <> p.municipality_slug
		join portal.municipality m on m.slug = o.municipality_slug
		group by p.municipality_slug, p.name
		order by p.name`;
}

/** A municipality's closed days as seeded from its file (migrations/052); the declared default if none is known. */
export async function closedDaysOf(sql: Sql, municipalitySlug: string): Promise<ClosedDays> {
	const [row] = await sql<
		{ closedDays: ClosedDays }[]
	>`select closed_days from portal.municipality where slug = ${municipalitySlug}`;
	return row?.closedDays ?? DEFAULT_CLOSED_DAYS;
}
