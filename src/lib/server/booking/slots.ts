import type { Sql } from '../platform/db';
import type { PhaseKind } from '$lib/domain/model';
import { copenhagenDate } from '$lib/domain/hours';

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
			and not exists (select 1 from anon.waitlist w where w.offered_slot_id = anon.slot.id and w.offered_until > now())
		group by place_slug`;
	return new Map(rows.map((r) => [r.placeSlug, r.startsAt]));
}

export interface SlotToConfirm {
	id: string;
	offerSlug: string;
	placeSlug: string;
	phase: PhaseKind;
	startsAt: Date;
	endsAt: Date;
	seatsLeft: number;
	seriesId: string | null;
	cancelled: boolean;
}

export async function slotToConfirm(sql: Sql, id: string): Promise<SlotToConfirm | null> {
	const [row] = await sql<(SlotToConfirm & { cancelledAt: Date | null })[]>`
		select id, offer_slug, place_slug, phase, starts_at, ends_at, seats - booked as seats_left, series_id, cancelled_at
		from anon.slot where id = ${id}`;
	if (!row) return null;
	const { cancelledAt, ...slot } = row;
	return { ...slot, cancelled: cancelledAt !== null };
}

/** "The time was just taken — here are the nearest free ones": free times of the same phase, nearest first. */
export async function nearestFree(
	sql: Sql,
	q: { offerSlug: string; phase: PhaseKind; placeSlug: string; around: Date; now: Date; limit?: number }
): Promise<FreeSlot[]> {
	return sql<FreeSlot[]>`
		select id, place_slug, phase, starts_at, ends_at, seats, seats - booked as seats_left, series_id
		from anon.slot
		where offer_slug = ${q.offerSlug} and phase = ${q.phase} and place_slug = ${q.placeSlug}
			and cancelled_at is null and booked < seats and starts_at > ${q.now}
		order by abs(extract(epoch from starts_at - ${q.around}::timestamptz)), starts_at
		limit ${q.limit ?? 6}`;
}

export interface ChosenTime {
	slot: SlotToConfirm;
	/** Taken, cancelled or begun since the person chose it. */
	gone: boolean;
	/** When gone: the nearest free times of the same phase and place, to choose from instead. */
	nearest: FreeSlot[];
}

/**
 * A time a person chose, to confirm or to move to: one look-up for the three pages that confirm a time.
 * `notBefore`: the earliest start the person may book (a citizen: the offer's minimum notice, domain/notice.ts);
 * a time before it is gone for them, and the nearest free times start from it.
 */
export async function chosenTime(sql: Sql, id: string, now = new Date(), notBefore = now): Promise<ChosenTime | null> {
	const slot = await slotToConfirm(sql, id);
	if (!slot) return null;
	const gone = slot.cancelled || slot.seatsLeft <= 0 || slot.startsAt <= now || slot.startsAt < notBefore;
	const nearest = gone
		? await nearestFree(sql, {
				offerSlug: slot.offerSlug,
				phase: slot.phase,
				placeSlug: slot.placeSlug,
				around: slot.startsAt,
				now: notBefore
			})
		: [];
	return { slot, gone, nearest };
}

/** A day with free times, for choosing a day before a time (issue 13: no list of 80 times on the phone). */
export interface FreeDay {
	day: string;
	count: number;
}

/**
 * The free times of a window as days with their counts, and the times of one day: the chosen one when it has
 * free times, else none (the page asks for a day first).
 */
export async function freeByDay(
	sql: Sql,
	q: { offerSlug: string; phase: PhaseKind; placeSlug?: string; placeSlugs?: readonly string[]; from: Date; to: Date },
	day: string | null
): Promise<{ days: FreeDay[]; day: string | null; times: FreeSlot[] }> {
	const all = (await freeSlots(sql, q)).filter((s) => !q.placeSlugs || q.placeSlugs.includes(s.placeSlug));
	const days: FreeDay[] = [];
	for (const s of all) {
		const d = copenhagenDate(s.startsAt);
		if (days.at(-1)?.day === d) days.at(-1)!.count++;
		else days.push({ day: d, count: 1 });
	}
	const chosen = day && days.some((d) => d.day === day) ? day : null;
	return { days, day: chosen, times: chosen ? all.filter((s) => copenhagenDate(s.startsAt) === chosen) : [] };
}
