import type { Sql } from './db';
import type { Known, Municipality, Offer, Place } from '$lib/domain/model';

/**
 * The offers, places and municipalities as the database holds them (seeded from the configuration files,
 * later edited by coordinators). Read-only here.
 */

export interface CatalogueMunicipality extends Municipality {
	offers: Offer[];
}

const known = <T>(value: T | null): Known<T> => (value === null ? { known: false } : { known: true, value });

export async function municipalitiesWithOffers(sql: Sql): Promise<CatalogueMunicipality[]> {
	const rows = await sql<{ slug: string; name: string; phone: string | null; retentionMonths: number; offers: Offer[] }[]>`
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
const SLUG = /^[a-z0-9-]{1,100}$/;

export async function offerBySlug(sql: Sql, slug: string): Promise<Offer | null> {
	if (!SLUG.test(slug)) return null;
	const [row] = await sql<{ config: Offer }[]>`select config from portal.offer where slug = ${slug}`;
	return row?.config ?? null;
}

export async function places(sql: Sql, slugs?: string[]): Promise<Place[]> {
	const rows = await sql<{ slug: string; municipalitySlug: string; name: string; address: string | null; phone: string | null; outsideHoursByAgreement: boolean }[]>`
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
export async function partnerPlaces(sql: Sql): Promise<{ municipality: string; place: string; servesMunicipalities: string[] }[]> {
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
