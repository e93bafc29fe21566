import type { Sql } from '../platform/db';
import type { PhaseKind } from '$lib/domain/model';
import { slotVisibleTo, type Staff } from './staff';
import type { NoShowOffer } from '$lib/views/staff';
export type { NoShowOffer } from '$lib/views/staff';

/**
 * A declared default, not from the sources: how many days back the follow-up list of no-shows reaches. A
 * counsellor acts on a missed session within days (SEL §101a: a person who missed the clarifying conversation
 * must be able to get a new one, 002); older ones are in the course pages.
 */
export const NO_SHOW_DAYS = 14;

/**
 * The no-shows of the last days per offer, by alias and day (issue 13, item 8): for the staff of the offer's own
 * municipality only, at the places they see; a partner's staff follow up through the municipality. Only the day
 * is shown, as the audit keeps it (migrations/045): enough to act on, nothing to match to a phone log.
 */
export async function recentNoShows(sql: Sql, viewer: Staff, now = new Date()): Promise<NoShowOffer[]> {
	if (viewer.role === 'partner') return [];
	const rows = await sql<
		{
			offerSlug: string;
			offerTitle: { da: string; en: string };
			codeId: string;
			alias: string;
			phase: PhaseKind;
			day: string;
			placeName: string;
			rebooked: boolean;
		}[]
	>`
		select o.slug as offer_slug, o.config->'title' as offer_title, b.code_id, c.alias, b.phase, p.name as place_name,
			to_char(s.starts_at at time zone 'Europe/Copenhagen', 'YYYY-MM-DD') as day,
			exists (select 1 from anon.booking nb where nb.code_id = b.code_id and nb.status = 'booked' and nb.starts_at > ${now}) as rebooked
		from anon.booking b
			join anon.code c on c.id = b.code_id
			join anon.slot s on s.id = b.slot_id
			join portal.offer o on o.slug = s.offer_slug
			join portal.place p on p.slug = s.place_slug
		where b.status = 'no_show' and o.municipality_slug = ${viewer.municipalitySlug} and ${slotVisibleTo(sql, viewer)}
			and s.starts_at <= ${now} and s.starts_at > ${new Date(now.getTime() - NO_SHOW_DAYS * 86_400_000)}
		order by o.slug, s.starts_at desc, c.alias`;
	const offers = new Map<string, NoShowOffer>();
	for (const { offerSlug, offerTitle, ...row } of rows) {
		const offer = offers.get(offerSlug) ?? { offerSlug, offerTitle, noShows: [] };
		offer.noShows.push(row);
		offers.set(offerSlug, offer);
	}
	return [...offers.values()];
}
