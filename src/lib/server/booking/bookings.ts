import type { Sql, Tx } from '../platform/db';
import { PG, pgConstraint, pgErrorCode } from '../platform/db';
import type { AgeBand, Offer, PhaseKind } from '$lib/domain/model';
import { insertCode, prepareCode } from './codes';
import { bookingVerdict, type Refusal as RuleRefusal } from '$lib/domain/sessions';

/**
 * Booking, cancelling and rescheduling: each one transaction that locks the code's row, applies the domain
 * rules to what the database holds at that moment, and writes. Seats are enforced by the database itself
 * (anon.slot.booked and its check constraint), so no interleaving of requests can overbook a slot.
 */

export type BookingRefusal =
	| RuleRefusal
	| 'no_code'
	| 'slot_not_found'
	| 'slot_cancelled'
	| 'slot_past'
	| 'full'
	| 'already_booked'
	| 'booking_not_found';

export type BookingResult = { ok: true; bookingId: string } | { ok: false; reason: BookingRefusal };

class Refused extends Error {
	constructor(readonly reason: BookingRefusal) {
		super(reason);
	}
}

interface LockedCode {
	id: string;
	offerSlug: string;
	ageBand: AgeBand | null;
	decision: 'none' | 'pending' | 'granted' | 'not_granted';
	parentalConsent: boolean;
	courseEnded: boolean;
	offer: Offer;
}

interface SlotRow {
	id: string;
	offerSlug: string;
	phase: PhaseKind;
	startsAt: Date;
	seats: number;
	booked: number;
	cancelledAt: Date | null;
}

const ACTIVE = ['booked', 'attended', 'no_show'] as const;

async function lockCode(tx: Tx, codeId: string): Promise<LockedCode> {
	const [code] = await tx<LockedCode[]>`
		select c.id, c.offer_slug, c.age_band, c.decision, c.parental_consent, c.course_ended, o.config as offer
		from anon.code c join portal.offer o on o.slug = c.offer_slug
		where c.id = ${codeId}
		for update of c`;
	if (!code) throw new Refused('no_code');
	return code;
}

/** Slots are locked in id order, so two reschedules in opposite directions cannot deadlock. */
async function lockSlots(tx: Tx, ids: string[]): Promise<Map<string, SlotRow>> {
	const rows = await tx<SlotRow[]>`
		select id, offer_slug, phase, starts_at, seats, booked, cancelled_at
		from anon.slot where id = any(${ids}::uuid[]) order by id for update`;
	return new Map(rows.map((r) => [r.id, r]));
}

async function activeBookings(tx: Tx, codeId: string, except?: string) {
	return tx<{ id: string; phase: PhaseKind; startsAt: Date }[]>`
		select id, phase, starts_at from anon.booking
		where code_id = ${codeId} and status = any(${ACTIVE as unknown as string[]}) and id <> ${except ?? '00000000-0000-0000-0000-000000000000'}`;
}

async function insertBooking(tx: Tx, code: LockedCode, slot: SlotRow | undefined, now: Date, except?: string): Promise<string> {
	if (!slot || slot.offerSlug !== code.offerSlug) throw new Refused('slot_not_found');
	if (slot.cancelledAt) throw new Refused('slot_cancelled');
	if (slot.startsAt.getTime() <= now.getTime()) throw new Refused('slot_past');
	if (slot.booked >= slot.seats) throw new Refused('full');
	const existing = await activeBookings(tx, code.id, except);
	const verdict = bookingVerdict(
		code.offer,
		{
			ageBand: code.ageBand,
			decision: code.decision,
			parentalConsent: code.parentalConsent,
			courseEnded: code.courseEnded
		},
		existing.map((b) => ({ phase: b.phase, startsAt: b.startsAt })),
		{ phase: slot.phase, startsAt: slot.startsAt }
	);
	if (!verdict.ok) throw new Refused(verdict.reason);
	const [row] = await tx<{ id: string }[]>`
		insert into anon.booking (code_id, slot_id, phase, starts_at)
		values (${code.id}, ${slot.id}, ${slot.phase}, ${slot.startsAt})
		returning id`;
	await tx`update anon.code set last_activity_at = now() where id = ${code.id}`;
	return row!.id;
}

/** Maps what the database refused to what a person is told; anything else is a real fault. */
function refusalFromDatabase(e: unknown): BookingRefusal | null {
	const code = pgErrorCode(e);
	const constraint = pgConstraint(e);
	if (code === PG.checkViolation && constraint === 'slot_not_overbooked') return 'full';
	if (code === PG.uniqueViolation && constraint === 'booking_one_per_code_and_slot') return 'already_booked';
	if (code === PG.raiseException && String((e as Error).message).includes('phase cap')) return 'cap';
	return null;
}

async function inTransaction<T>(sql: Sql, work: (tx: Tx) => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; reason: BookingRefusal }> {
	for (let attempt = 0; ; attempt++) {
		try {
			const value = (await sql.begin((tx) => work(tx as unknown as Tx))) as T;
			return { ok: true, value };
		} catch (e) {
			if (e instanceof Refused) return { ok: false, reason: e.reason };
			const refusal = refusalFromDatabase(e);
			if (refusal) return { ok: false, reason: refusal };
			const code = pgErrorCode(e);
			if ((code === PG.deadlock || code === PG.serializationFailure) && attempt < 3) continue;
			throw e;
		}
	}
}

async function bookingTransaction(sql: Sql, work: (tx: Tx) => Promise<string>): Promise<BookingResult> {
	const result = await inTransaction(sql, work);
	return result.ok ? { ok: true, bookingId: result.value } : result;
}

export function book(sql: Sql, codeId: string, slotId: string, now = new Date()): Promise<BookingResult> {
	return bookingTransaction(sql, async (tx) => {
		const code = await lockCode(tx, codeId);
		const slots = await lockSlots(tx, [slotId]);
		return insertBooking(tx, code, slots.get(slotId), now);
	});
}

/** A citizen may cancel their own future booking; the seat is free again at once. */
export function cancel(sql: Sql, codeId: string, bookingId: string, now = new Date()): Promise<BookingResult> {
	return bookingTransaction(sql, async (tx) => {
		await lockCode(tx, codeId);
		// Locks in the one order every writer uses (code → slot → booking): the seat trigger below updates the
		// slot, and a staff member cancelling the same slot locks slot then bookings; the other order deadlocks.
		const [held] = await tx<{ slotId: string }[]>`select slot_id from anon.booking where id = ${bookingId} and code_id = ${codeId}`;
		if (!held) throw new Refused('booking_not_found');
		await lockSlots(tx, [held.slotId]);
		const [row] = await tx<{ id: string }[]>`
			update anon.booking set status = 'cancelled', changed_at = now()
			where id = ${bookingId} and code_id = ${codeId} and status = 'booked' and starts_at > ${now}
			returning id`;
		if (!row) throw new Refused('booking_not_found');
		await tx`update anon.code set last_activity_at = now() where id = ${codeId}`;
		return row.id;
	});
}

/** Moves a booking to another slot in one transaction: if the new one is refused, the old one stands. */
export function reschedule(sql: Sql, codeId: string, bookingId: string, newSlotId: string, now = new Date()): Promise<BookingResult> {
	return bookingTransaction(sql, async (tx) => {
		const code = await lockCode(tx, codeId);
		const [old] = await tx<{ slotId: string }[]>`
			select slot_id from anon.booking
			where id = ${bookingId} and code_id = ${codeId} and status = 'booked' and starts_at > ${now}`;
		if (!old) throw new Refused('booking_not_found');
		const slots = await lockSlots(tx, [old.slotId, newSlotId]);
		const oldSlot = slots.get(old.slotId)!;
		const newSlot = slots.get(newSlotId);
		if (newSlot && newSlot.phase !== oldSlot.phase) throw new Refused('slot_not_found');
		// Cancelled first so the cap counts it out; a refusal below rolls the cancellation back with it.
		await tx`update anon.booking set status = 'cancelled', changed_at = now() where id = ${bookingId}`;
		return insertBooking(tx, code, newSlot, now, bookingId);
	});
}

/**
 * A first booking made with no code yet (web or phone): the code is created in the same transaction, so a
 * refused booking leaves no code behind, and the person is never handed a code without a time.
 */
export async function issueCodeAndBook(
	sql: Sql,
	input: { offerSlug: string; ageBand: AgeBand | null; slotId: string },
	now = new Date()
): Promise<{ ok: true; display: string; codeId: string; bookingIds: string[] } | { ok: false; reason: BookingRefusal }> {
	// A look before the slow argon2 hash: when hundreds try for the last seats, those who cannot get one hear so
	// at once. Only a shortcut; the transaction below decides, under the slot's lock.
	const [slot] = await sql<{ full: boolean }[]>`select booked >= seats as full from anon.slot where id = ${input.slotId}`;
	if (slot?.full) return { ok: false, reason: 'full' };
	let prepared = await prepareCode();
	const result = await inTransaction(sql, async (tx) => {
		const inserted = await insertCode(tx, prepared, input.offerSlug, input.ageBand);
		prepared = inserted.prepared;
		const code = await lockCode(tx, inserted.id);
		const ids = await bookSlotOrSeries(tx, code, input.slotId, now);
		return { codeId: inserted.id, bookingIds: ids };
	});
	return result.ok ? { ok: true, display: prepared.display, ...result.value } : result;
}

/**
 * Books a slot; when the slot belongs to a group series, joins the series from that session on, booking
 * each following session up to the phase's cap (rolling intake: a person may join any week; 003).
 */
async function bookSlotOrSeries(tx: Tx, code: LockedCode, slotId: string, now: Date): Promise<string[]> {
	const [first] = await tx<{ seriesId: string | null; startsAt: Date }[]>`select series_id, starts_at from anon.slot where id = ${slotId}`;
	if (!first?.seriesId) {
		const slots = await lockSlots(tx, [slotId]);
		return [await insertBooking(tx, code, slots.get(slotId), now)];
	}
	const ids = (
		await tx<{ id: string }[]>`
			select id from anon.slot where series_id = ${first.seriesId} and starts_at >= ${first.startsAt} and cancelled_at is null
			order by starts_at`
	).map((r) => r.id);
	const slots = await lockSlots(tx, ids);
	const booked: string[] = [];
	for (const id of ids) {
		try {
			booked.push(await insertBooking(tx, code, slots.get(id), now));
		} catch (e) {
			// The first session must be bookable; later ones stop at the cap, or are skipped when that week is full.
			if (!(e instanceof Refused) || booked.length === 0) throw e;
			if (e.reason === 'full') continue;
			break;
		}
	}
	return booked;
}

/** Joins a group series (or books a single slot) for a code that already exists. */
export async function bookSlotOrJoinSeries(sql: Sql, codeId: string, slotId: string, now = new Date()) {
	return inTransaction(sql, async (tx) => {
		const code = await lockCode(tx, codeId);
		return bookSlotOrSeries(tx, code, slotId, now);
	});
}

export interface BookingView {
	id: string;
	phase: PhaseKind;
	status: 'booked' | 'attended' | 'no_show' | 'cancelled' | 'cancelled_by_centre';
	startsAt: Date;
	endsAt: Date;
	placeSlug: string;
	placeName: string;
}

export async function bookingsOfCode(sql: Sql, codeId: string): Promise<BookingView[]> {
	return sql<BookingView[]>`
		select b.id, b.phase, b.status, b.starts_at, s.ends_at, s.place_slug, p.name as place_name
		from anon.booking b join anon.slot s on s.id = b.slot_id join portal.place p on p.slug = s.place_slug
		where b.code_id = ${codeId}
		order by b.starts_at`;
}
