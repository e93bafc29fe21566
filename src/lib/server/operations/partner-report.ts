import type { Sql } from '../platform/db';
import { suppress, type Shown } from '$lib/domain/suppression';
import type { Month } from './stats';
import type { Staff } from '../staff/staff';

/**
 * The monthly report of a place that treats other municipalities' citizens (SEL §101a stk. 2: Gladsaxe refers to
 * Brydehuset, run by Ballerup): attended sessions per referring municipality, enough to settle accounts between
 * municipalities and nothing about anyone. Read from portal.stats_month, so deleted codes still count.
 */

export interface PartnerLine {
	municipalitySlug: string;
	municipalityName: string;
	sessions: Shown;
}

export interface PartnerPlaceReport {
	placeSlug: string;
	placeName: string;
	lines: PartnerLine[];
	total: Shown;
}

interface Raw {
	placeSlug: string;
	placeName: string;
	municipalitySlug: string;
	municipalityName: string;
	sessions: number;
}

/**
 * Only the viewer's places (a partner's or a coordinator's own), and there only the referring municipalities they
 * reach (staff.ts `reachesAtPlace`): the place's own municipality's staff see every referring municipality, a partner
 * account another municipality created at the place sees its own municipality's line only. Suppressed per place.
 */
export async function partnerReport(
	sql: Sql,
	viewer: Pick<Staff, 'places' | 'municipalitySlug'>,
	month: Month
): Promise<PartnerPlaceReport[]> {
	const rows = await sql<Raw[]>`
		select p.slug as place_slug, p.name as place_name, m.slug as municipality_slug, m.name as municipality_name,
			sum(f.sessions_attended)::int as sessions
		from portal.stats_month f
			join portal.place p on p.slug = f.place_slug
			join portal.municipality m on m.slug = f.municipality_slug
		where f.place_slug = any(${viewer.places}::text[]) and f.month = ${`${month}-01`}::date
			and (f.municipality_slug = ${viewer.municipalitySlug} or p.municipality_slug = ${viewer.municipalitySlug})
		group by p.slug, p.name, m.slug, m.name
		having sum(f.sessions_attended) > 0
		order by p.name, m.name`;
	const places = new Map<string, Raw[]>();
	for (const r of rows) places.set(r.placeSlug, [...(places.get(r.placeSlug) ?? []), r]);
	return [...places.values()].map((lines) => {
		// One group per place: its referring municipalities add up to its total.
		const values = new Map<string, number>(lines.map((l) => [l.municipalitySlug, l.sessions]));
		values.set(
			'\u0000total',
			lines.reduce((s, l) => s + l.sessions, 0)
		);
		const shown = suppress(values, [{ members: lines.map((l) => l.municipalitySlug), total: '\u0000total' }]);
		return {
			placeSlug: lines[0]!.placeSlug,
			placeName: lines[0]!.placeName,
			lines: lines.map((l) => ({
				municipalitySlug: l.municipalitySlug,
				municipalityName: l.municipalityName,
				sessions: shown.get(l.municipalitySlug)!
			})),
			total: shown.get('\u0000total')!
		};
	});
}
