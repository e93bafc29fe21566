import type { Sql } from '../platform/db';
import { isUuid, slotVisibleTo, type Staff } from './staff';
import type { CalendarBooking, CalendarSlot } from '$lib/views/staff';
export type { CalendarBooking, CalendarSlot } from '$lib/views/staff';

/**
 * Pseudonymous calendars (issue 4): slots with the aliases booked into them, never a code. What a viewer
 * sees is `slotVisibleTo`, so a query here cannot forget the tenancy rule.
 */

export interface CalendarQuery {
	from: Date;
	to: Date;
	placeSlug?: string;
	counsellorId?: string;
	includeCancelled?: boolean;
}

function slotQuery(sql: Sql, viewer: Staff) {
	return sql`
		select s.id, s.place_slug, p.name as place_name, s.offer_slug, o.config->'title' as offer_title,
			o.municipality_slug, o.law, s.phase, s.counsellor_id, st.display_name as counsellor_name, s.series_id,
			s.starts_at, s.ends_at, s.seats, s.booked, s.outside_hours, s.cancelled_at,
			(select (ph -> 'format' ->> 'minParticipants')::int from jsonb_array_elements(o.config -> 'phases') ph
				where ph ->> 'kind' = s.phase) as min_participants
		from anon.slot s
			join portal.offer o on o.slug = s.offer_slug
			join portal.place p on p.slug = s.place_slug
			left join portal.staff st on st.id = s.counsellor_id
		where ${slotVisibleTo(sql, viewer)}`;
}

export async function calendar(sql: Sql, viewer: Staff, q: CalendarQuery): Promise<CalendarSlot[]> {
	const slots = await sql<Omit<CalendarSlot, 'bookings'>[]>`
		${slotQuery(sql, viewer)}
			and s.starts_at >= ${q.from} and s.starts_at < ${q.to}
			${q.placeSlug ? sql`and s.place_slug = ${q.placeSlug}` : sql``}
			${q.counsellorId ? sql`and s.counsellor_id = ${q.counsellorId}` : sql``}
			${q.includeCancelled ? sql`` : sql`and s.cancelled_at is null`}
		order by s.starts_at, p.name
		limit 2000`;
	return withBookings(sql, slots, false);
}

/** One slot with every booking (cancelled ones too); null when it does not exist or is not the viewer's. */
export async function slotFor(sql: Sql, viewer: Staff, id: string): Promise<CalendarSlot | null> {
	if (!isUuid(id)) return null;
	const [slot] = await sql<Omit<CalendarSlot, 'bookings'>[]>`${slotQuery(sql, viewer)} and s.id = ${id}`;
	if (!slot) return null;
	return (await withBookings(sql, [slot], true))[0]!;
}

async function withBookings(
	sql: Sql,
	slots: Omit<CalendarSlot, 'bookings'>[],
	includeCancelled: boolean
): Promise<CalendarSlot[]> {
	if (slots.length === 0) return [];
	const bookings = await sql<CalendarBooking[]>`
		select b.id, b.slot_id, b.code_id, c.alias, b.status, c.age_band, b.interpreter, ph.max_sessions as session_max,
			(select count(*)::int from anon.booking b2
				where b2.code_id = b.code_id and b2.phase = b.phase and b2.starts_at <= b.starts_at
					and anon.booking_counts_seat(b2.status)) as session_number
		from anon.booking b
			join anon.code c on c.id = b.code_id
			join portal.offer_phase ph on ph.offer_slug = c.offer_slug and ph.phase = b.phase
		where b.slot_id = any(${slots.map((s) => s.id)}::uuid[])
			${includeCancelled ? sql`` : sql`and anon.booking_counts_seat(b.status)`}
		order by c.alias`;
	const bySlot = new Map<string, CalendarBooking[]>();
	for (const b of bookings) bySlot.set(b.slotId, [...(bySlot.get(b.slotId) ?? []), b]);
	return slots.map((s) => ({ ...s, bookings: bySlot.get(s.id) ?? [] }));
}

/** A booking the viewer may act on, with its slot; null (→ 404) otherwise. */
export async function bookingFor(
	sql: Sql,
	viewer: Staff,
	slotId: string,
	bookingId: string
): Promise<{ slot: CalendarSlot; booking: CalendarBooking } | null> {
	if (!isUuid(bookingId)) return null;
	const slot = await slotFor(sql, viewer, slotId);
	const booking = slot?.bookings.find((b) => b.id === bookingId);
	return slot && booking ? { slot, booking } : null;
}
