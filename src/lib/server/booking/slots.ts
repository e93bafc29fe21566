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
