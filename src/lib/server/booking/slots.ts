import type { Sql } from '../platform/db';
import type { PhaseKind } from '$lib/domain/model';

/** Open times a citizen can choose from: not cancelled, in the future, with a seat left. */

export interface FreeSlot {
	id: string;
	placeSlug: string;
	phase: PhaseKind;
	startsAt: Date;
	endsAt: Date;
	seats: number;
	seatsLeft: number;
	seriesId: string | null;
}

export async function freeSlots(
	sql: Sql,
	q: { offerSlug: string; phase: PhaseKind; placeSlug?: string; from: Date; to: Date; limit?: number }
): Promise<FreeSlot[]> {
	return sql<FreeSlot[]>`
		select id, place_slug, phase, starts_at, ends_at, seats, seats - booked as seats_left, series_id
		from anon.slot
		where offer_slug = ${q.offerSlug} and phase = ${q.phase}
			${q.placeSlug ? sql`and place_slug = ${q.placeSlug}` : sql``}
			and cancelled_at is null and booked < seats
			and starts_at > ${q.from} and starts_at < ${q.to}
		order by starts_at, place_slug
		limit ${q.limit ?? 500}`;
}

/** The earliest free time per place, for choosing between providers side by side (§101a stk. 2). */
export async function earliestFreePerPlace(
	sql: Sql,
	q: { offerSlug: string; phase: PhaseKind; from: Date }
): Promise<Map<string, Date>> {
	const rows = await sql<{ placeSlug: string; startsAt: Date }[]>`
		select place_slug, min(starts_at) as starts_at from anon.slot
		where offer_slug = ${q.offerSlug} and phase = ${q.phase} and cancelled_at is null and booked < seats
			and starts_at > ${q.from}
		group by place_slug`;
	return new Map(rows.map((r) => [r.placeSlug, r.startsAt]));
}

export interface SeriesView {
	seriesId: string;
	placeSlug: string;
	/** The sessions still ahead, each with its free seats: rolling intake joins at any of them. */
	sessions: { slotId: string; startsAt: Date; endsAt: Date; seatsLeft: number }[];
}

export async function openSeries(sql: Sql, q: { offerSlug: string; phase: PhaseKind; from: Date }): Promise<SeriesView[]> {
	const rows = await sql<{ seriesId: string; placeSlug: string; slotId: string; startsAt: Date; endsAt: Date; seatsLeft: number }[]>`
		select series_id, place_slug, id as slot_id, starts_at, ends_at, seats - booked as seats_left
		from anon.slot
		where offer_slug = ${q.offerSlug} and phase = ${q.phase} and series_id is not null
			and cancelled_at is null and starts_at > ${q.from}
		order by series_id, starts_at`;
	const bySeries = new Map<string, SeriesView>();
	for (const r of rows) {
		const series = bySeries.get(r.seriesId) ?? { seriesId: r.seriesId, placeSlug: r.placeSlug, sessions: [] };
		series.sessions.push({ slotId: r.slotId, startsAt: r.startsAt, endsAt: r.endsAt, seatsLeft: r.seatsLeft });
		bySeries.set(r.seriesId, series);
	}
	return [...bySeries.values()];
}
