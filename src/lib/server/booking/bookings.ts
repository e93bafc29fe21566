import type { Sql, Tx } from '../platform/db';
import type { AgeBand } from '$lib/domain/model';
import { mayChangeStatus, type AttendanceMark, type BookingStatus } from '$lib/domain/booking-status';
import { bookingVerdict } from '$lib/domain/sessions';
import type { InterpreterChoice } from '$lib/domain/interpreter';
import { audit, type AuditEntry } from '../operations/audit';
import { inHashingTurn, insertCode, prepareCode } from './codes';
import { consume, refund, type Bucket } from '../auth/rate-limit';
import { appendNotices } from './messages';
import {
	countAccepted,
	keptFromCode,
	linesOfTimes,
	settleTimeWaitlist,
	settleWaitlist,
	startOfLine,
	tookHeldTime,
	waitingAhead
} from './waitlist';
import {
	Refused,
	seatHolding,
	writeBookings,
	type Held,
	type BookingRefusal,
	type BookingRow,
	type LockedCode,
	type Locks,
	type SlotRow
} from './locks';
import type { BookingView } from '$lib/views/citizen';
export type { BookingView } from '$lib/views/citizen';

export type { BookingRefusal } from './locks';

/**
 * Every write to anon.booking happens here, with the slot and code writes that belong to it: booking (a slot or
 * a group series), a first booking with its new code, cancelling, rescheduling, a centre cancelling a time or
 * ending a course, and attendance. Each is one transaction that takes its locks through `Locks` (locks.ts),
 * applies the domain's rules (bookingVerdict, mayChangeStatus) to what the database holds at that moment,
 * writes, and writes the staff member's audit row inside the same transaction. Seats are enforced by the
 * database itself (anon.slot.booked and its check constraint), so no interleaving of requests can overbook.
 */

export type BookingResult = { ok: true; bookingId: string } | { ok: false; reason: BookingRefusal };

/** Who did it, for the audit row written in the write's own transaction; built from what the write did. */
type AuditOf<T> = (outcome: T) => AuditEntry;

/** Moves locked bookings to a status where the domain allows it; returns the ids that changed. */
async function changeStatus(tx: Tx, bookings: readonly BookingRow[], to: BookingStatus): Promise<string[]> {
	const ids = bookings.filter((b) => mayChangeStatus(b.status, to)).map((b) => b.id);
	if (ids.length > 0)
		await tx`update anon.booking set status = ${to}, changed_at = now() where id = any(${ids}::uuid[])`;
	return ids;
}

/**
 * Checks one booking against the domain's rules and what the database holds (`existing`, read under the code's
 * lock; the new booking is added to it) and inserts it, touching the code in the same statement.
 */
async function insertBooking(
	tx: Tx,
	code: LockedCode,
	slot: SlotRow | undefined,
	now: Date,
	existing: Held[]
): Promise<string> {
	if (!slot || slot.offerSlug !== code.offerSlug) throw new Refused('slot_not_found');
	if (slot.cancelledAt) throw new Refused('slot_cancelled');
	if (slot.startsAt.getTime() <= now.getTime()) throw new Refused('slot_past');
	if (slot.booked >= slot.seats) throw new Refused('full');
	// An individual time held for somebody from its waiting list is theirs while the hold lasts, and a freed one is
	// kept for those waiting ahead until it is offered (waitlist.ts).
	if (!slot.seriesId && (await keptFromCode(tx, code, slot, now))) throw new Refused('full');
	const verdict = bookingVerdict(
		code.offer,
		code, // a locked code carries its state (CodeState)
		existing,
		{ phase: slot.phase, startsAt: slot.startsAt },
		now
	);
	if (!verdict.ok) throw new Refused(verdict.reason);
	const [row] = await tx<{ id: string }[]>`
		with touched as (update anon.code set last_activity_at = now() where id = ${code.id})
		insert into anon.booking (code_id, slot_id, phase, starts_at)
		values (${code.id}, ${slot.id}, ${slot.phase}, ${slot.startsAt})
		returning id`;
	existing.push({ phase: slot.phase, startsAt: slot.startsAt, status: 'booked' });
	return row!.id;
}

/**
 * A code holder's own future booking, locked with the code, its slot (and `also`) and itself, in that order, in one
 * round trip (locks.ts); refused as not found for anyone else's, a past or an ended one. The booking's slot is
 * read by a sub-select of the slot lock: a booking never changes its slot.
 */
async function lockOwnBooking(
	tx: Tx,
	locks: Locks,
	codeId: string,
	bookingId: string,
	also: string[],
	now: Date,
	except?: string
) {
	const [code, slots, [booking], existing] = await Promise.all([
		locks.code(codeId),
		locks.slots(also, tx`select slot_id from anon.booking where id = ${bookingId} and code_id = ${codeId}`),
		locks.bookings([bookingId], codeId),
		except ? seatHolding(tx, codeId, except) : Promise.resolve([])
	]);
	if (
		!booking ||
		booking.codeId !== codeId ||
		!mayChangeStatus(booking.status, 'cancelled') ||
		booking.startsAt.getTime() <= now.getTime()
	)
		throw new Refused('booking_not_found');
	return { code, booking, slots, existing };
}

/**
 * A code holder may cancel their own future booking; the seat is free again at once. Staff doing it for a caller
 * who read the code out (issue 13) pass their audit row.
 */
export async function cancel(
	sql: Sql,
	codeId: string,
	bookingId: string,
	now = new Date(),
	record?: AuditOf<{ startsAt: Date }>
): Promise<BookingResult> {
	const result = await writeBookings(sql, async (tx, locks) => {
		const { booking, slots } = await lockOwnBooking(tx, locks, codeId, bookingId, [], now);
		await tx`
			with touched as (update anon.code set last_activity_at = now() where id = ${codeId})
			update anon.booking set status = 'cancelled', changed_at = now() where id = ${booking.id}`;
		if (record) await audit(tx, record({ startsAt: booking.startsAt }));
		return { bookingId: booking.id, seriesId: slots.get(booking.slotId)?.seriesId ?? null, slotId: booking.slotId };
	});
	if (!result.ok) return result;
	await offerFreedSeats(sql, [result.value.seriesId], now, [result.value.slotId]);
	return { ok: true, bookingId: result.value.bookingId };
}

/**
 * After a write that freed seats in group series has committed: each series' waiting list is settled, so the first
 * in line is offered the seat (waitlist.ts). In its own transaction, because the codes it writes to must be locked
 * before the series (code → slots). Should it fail, the seat stays kept for the line (bookSlotOrSeries) and the
 * periodic tick offers it (platform/daily-purge.ts); the write that freed it stands.
 */
async function offerFreedSeats(
	sql: Sql,
	seriesIds: readonly (string | null)[],
	now: Date,
	slotIds: readonly string[] = []
): Promise<void> {
	try {
		for (const seriesId of new Set(seriesIds)) if (seriesId) await settleWaitlist(sql, seriesId, now);
		// Freed individual times go to their offer-and-place line, where one is waiting.
		for (const line of await linesOfTimes(sql, slotIds))
			await settleTimeWaitlist(sql, line.offerSlug, line.placeSlug, now);
	} catch (e) {
		console.error('Offering a freed seat failed:', e instanceof Error ? e.message : 'unknown error');
	}
}

/**
 * A person says they need an interpreter for one of their own future bookings, and in which language, or takes it
 * back (null). No identity: the language is the appointment's need (issue 15, part 4).
 */
export async function setInterpreter(
	sql: Sql,
	codeId: string,
	bookingId: string,
	language: InterpreterChoice | null,
	now = new Date()
): Promise<BookingResult> {
	const result = await writeBookings(sql, async (tx, locks) => {
		const { booking } = await lockOwnBooking(tx, locks, codeId, bookingId, [], now);
		await tx`update anon.booking set interpreter = ${language} where id = ${booking.id}`;
		await tx`update anon.code set last_activity_at = now() where id = ${codeId}`;
		return booking.id;
	});
	return result.ok ? { ok: true, bookingId: result.value } : result;
}

/**
 * A declared default, not from the sources: a code holder's own bookings and moves, each of which writes a row
 * kept until the code is deleted (months). A person makes a few a day at most; a script cancelling and rebooking
 * in a loop grew the table and the statistics without bound (issue 9, outside review). Only a write that went
 * through spends one.
 */
export const CODE_BOOKINGS_PER_DAY: Bucket = { name: 'code-bookings', max: 12, refillPerSecond: 12 / 86_400 };

/** Spends one of the code's bookings for the day around `write`, giving it back when nothing was written. */
async function withinCodeBookings<T extends { ok: boolean }>(
	sql: Sql,
	codeId: string,
	write: () => Promise<T>
): Promise<T | { ok: false; reason: 'slow_down' }> {
	if (!(await consume(sql, CODE_BOOKINGS_PER_DAY, codeId))) return { ok: false, reason: 'slow_down' };
	const result = await write();
	if (!result.ok) await refund(sql, CODE_BOOKINGS_PER_DAY, codeId);
	return result;
}

/**
 * Moves a booking to another slot in one transaction: if the new one is refused, the old one stands. Staff moving
 * it for a caller pass their audit row; the move spends the code's bookings of the day all the same.
 */
export async function reschedule(
	sql: Sql,
	codeId: string,
	bookingId: string,
	newSlotId: string,
	now = new Date(),
	record?: AuditOf<{ from: Date; to: Date }>
): Promise<BookingResult> {
	return withinCodeBookings(sql, codeId, () => rescheduleNow(sql, codeId, bookingId, newSlotId, now, record));
}

async function rescheduleNow(
	sql: Sql,
	codeId: string,
	bookingId: string,
	newSlotId: string,
	now: Date,
	record?: AuditOf<{ from: Date; to: Date }>
): Promise<BookingResult> {
	const result = await writeBookings(sql, async (tx, locks) => {
		const { code, booking, slots, existing } = await lockOwnBooking(
			tx,
			locks,
			codeId,
			bookingId,
			[newSlotId],
			now,
			bookingId
		);
		const newSlot = slots.get(newSlotId);
		if (newSlot && newSlot.phase !== slots.get(booking.slotId)!.phase) throw new Refused('slot_not_found');
		// Cancelled first so the cap counts it out (`existing` leaves it out already); a refusal below rolls the
		// cancellation back with it.
		await changeStatus(tx, [booking], 'cancelled');
		const moved = await insertBooking(tx, code, newSlot, now, existing);
		// The old time says where it went ("Flyttet til …", issue 12 item 7).
		await tx`update anon.booking set moved_to = ${moved} where id = ${booking.id}`;
		if (record) await audit(tx, record({ from: booking.startsAt, to: newSlot!.startsAt }));
		return { moved, seriesId: slots.get(booking.slotId)?.seriesId ?? null, slotId: booking.slotId };
	});
	if (!result.ok) return result;
	await offerFreedSeats(sql, [result.value.seriesId], now, [result.value.slotId]);
	return { ok: true, bookingId: result.value.moved };
}

/**
 * A first booking made with no code yet (web or phone): the code is created in the same transaction, so a
 * refused booking leaves no code behind, and the person is never handed a code without a time. A phone booking
 * passes its audit row, written in that transaction too.
 */
export async function issueCodeAndBook(
	sql: Sql,
	input: { offerSlug: string; ageBand: AgeBand | null; slotId: string },
	now = new Date(),
	record?: AuditOf<{ bookingIds: string[] }>
): Promise<
	{ ok: true; display: string; codeId: string; bookingIds: string[] } | { ok: false; reason: BookingRefusal }
> {
	// A look before the slow argon2 hash, taken when this request's turn comes (codes.ts): when hundreds try for
	// the last seats, those who cannot get one hear so at once. Only a shortcut; the transaction decides, under the
	// slot's lock.
	return inHashingTurn(async () => {
		const [slot] = await sql<
			{ full: boolean }[]
		>`select booked >= seats as full from anon.slot where id = ${input.slotId}`;
		if (slot?.full) return { ok: false as const, reason: 'full' as const };
		let prepared = await prepareCode();
		const result = await writeBookings(sql, async (tx, locks) => {
			const inserted = await insertCode(tx, prepared, input.offerSlug, input.ageBand);
			prepared = inserted.prepared;
			const bookingIds = await bookSlotOrSeries(tx, locks, inserted.id, input.slotId, now);
			if (record) await audit(tx, record({ bookingIds }));
			return { codeId: inserted.id, bookingIds };
		});
		return result.ok ? { ok: true as const, display: prepared.display, ...result.value } : result;
	});
}

/**
 * Books a slot; when the slot belongs to a group series, joins the series from that session on, booking
 * each following session up to the phase's cap (rolling intake: a person may join any week; 003).
 */
async function bookSlotOrSeries(
	tx: Tx,
	locks: Locks,
	codeId: string,
	slotId: string,
	now: Date,
	heldFor = false
): Promise<string[]> {
	// One round trip: the code's lock, its seat-holding bookings read under it, the slot (or series) locked.
	const [code, existing, slots] = await Promise.all([
		locks.code(codeId),
		seatHolding(tx, codeId),
		locks.slotOrSeriesFrom(slotId)
	]);
	const chosen = slots.find((s) => s.id === slotId);
	if (!chosen?.seriesId) {
		const booked = await insertBooking(tx, code, chosen, now, existing);
		await tookHeldTime(tx, code.id, slotId);
		return [booked];
	}
	// Under the slots' locks: while people wait for this series, a freed seat is theirs, in the order they asked.
	if (chosen.seats - chosen.booked <= (await waitingAhead(tx, chosen.seriesId, code.id))) throw new Refused('full');
	// Taking a seat held for the person: only while the hold lasts; after it, the seat is the next person's.
	if (heldFor) {
		const [held] = await tx`
			select 1 from anon.waitlist where series_id = ${chosen.seriesId} and code_id = ${code.id} and offered_until > ${now}`;
		if (!held) throw new Refused('full');
	}
	const booked: string[] = [];
	for (const slot of slots) {
		try {
			booked.push(await insertBooking(tx, code, slot, now, existing));
		} catch (e) {
			// The first session must be bookable; later ones stop at the cap, or are skipped when that week is full.
			if (!(e instanceof Refused) || booked.length === 0) throw e;
			if (e.reason === 'full') continue;
			break;
		}
	}
	// A seat from the line: the person's place in it is used up, and it counts as a wait that ended in a seat.
	const [fromLine] = await tx`
		delete from anon.waitlist where series_id = ${chosen.seriesId} and code_id = ${code.id} returning 1`;
	if (fromLine) await countAccepted(tx, chosen.seriesId);
	return booked;
}

/**
 * "Tag pladsen": the person takes the seat held for them in a group series (waitlist.ts), from the session the line
 * starts at, through the same booking as any other (the cap and cadence rules, the code's bookings of the day).
 * Refused as full when the hold has run out or was never theirs; the list is then settled, so the seat passes on.
 */
export async function takeOfferedSeat(
	sql: Sql,
	codeId: string,
	seriesId: string,
	now = new Date()
): Promise<{ ok: true; bookingIds: string[] } | { ok: false; reason: BookingRefusal }> {
	const start = await startOfLine(sql, seriesId, now);
	if (!start) return { ok: false, reason: 'full' };
	const result = await withinCodeBookings(sql, codeId, async () => {
		const booked = await writeBookings(sql, (tx, locks) => bookSlotOrSeries(tx, locks, codeId, start.id, now, true));
		return booked.ok ? { ok: true as const, bookingIds: booked.value } : booked;
	});
	if (!result.ok) await offerFreedSeats(sql, [seriesId], now);
	return result;
}

/**
 * "Tag tiden": the person takes the individual time held for them from the place's line (waitlist.ts), through the
 * same booking as any other. Refused as full when the hold ran out or was never theirs; the line is then settled.
 */
export async function takeOfferedTime(
	sql: Sql,
	codeId: string,
	placeSlug: string,
	now = new Date()
): Promise<{ ok: true; bookingIds: string[] } | { ok: false; reason: BookingRefusal }> {
	const [held] = await sql<{ slotId: string; offerSlug: string }[]>`
		select offered_slot_id as slot_id, offer_slug from anon.waitlist
		where series_id is null and code_id = ${codeId} and place_slug = ${placeSlug}
			and offered_slot_id is not null and offered_until > ${now}`;
	if (!held) return { ok: false, reason: 'full' };
	const result = await withinCodeBookings(sql, codeId, async () => {
		const booked = await writeBookings(sql, (tx, locks) => bookSlotOrSeries(tx, locks, codeId, held.slotId, now));
		return booked.ok ? { ok: true as const, bookingIds: booked.value } : booked;
	});
	if (!result.ok) await offerFreedSeats(sql, [], now, [held.slotId]);
	return result;
}

/** A code holder's next booking: a single slot, or a group series joined from that session on; by staff for a caller with their audit row. */
export async function bookSlotOrJoinSeries(
	sql: Sql,
	codeId: string,
	slotId: string,
	now = new Date(),
	record?: AuditOf<{ bookingIds: string[] }>
): Promise<{ ok: true; bookingIds: string[] } | { ok: false; reason: BookingRefusal }> {
	return withinCodeBookings(sql, codeId, async () => {
		const result = await writeBookings(sql, async (tx, locks) => {
			const bookingIds = await bookSlotOrSeries(tx, locks, codeId, slotId, now);
			if (record) await audit(tx, record({ bookingIds }));
			return bookingIds;
		});
		return result.ok ? { ok: true as const, bookingIds: result.value } : result;
	});
}

/**
 * The centre cancels a time: the slot is marked cancelled, its booked sessions become 'cancelled_by_centre', and
 * each person affected finds a notice in their thread.
 * Null when somebody cancelled it first. The caller has checked the slot is the staff member's and still ahead.
 */
export async function cancelSlotAndBookings(sql: Sql, slotId: string, record: AuditOf<number>): Promise<number | null> {
	const result = await writeBookings(sql, async (tx, locks) => {
		// The codes first (code → slots → bookings): each gets a notice below, and a notice waits for its code's lock.
		const holders = await tx<{ codeId: string }[]>`
			select distinct code_id from anon.booking where slot_id = ${slotId} and status = 'booked'`;
		await locks.codes(holders.map((h) => h.codeId));
		const slot = (await locks.slots([slotId])).get(slotId);
		if (!slot || slot.cancelledAt) return null;
		await tx`update anon.slot set cancelled_at = now() where id = ${slotId}`;
		// Read under the slot's lock: no booking of this slot can be made or cancelled meanwhile.
		const held = await tx<
			{ id: string }[]
		>`select id from anon.booking where slot_id = ${slotId} and status = 'booked'`;
		const locked = await locks.bookings(held.map((b) => b.id));
		const changed = new Set(await changeStatus(tx, locked, 'cancelled_by_centre'));
		// The person has no other way to hear of it: a notice in each affected code's thread (issue 15).
		await appendNotices(
			tx,
			locked.filter((b) => changed.has(b.id)).map((b) => b.codeId),
			'slot_cancelled',
			slot.startsAt
		);
		await audit(tx, record(changed.size));
		return changed.size;
	});
	if (!result.ok) throw new Error(`cancelling a slot was refused: ${result.reason}`);
	return result.value;
}

/**
 * The course ends; its future sessions become 'cancelled_by_centre' and, when there were any, the person finds a
 * notice in their thread. Returns how many were cancelled.
 */
export async function endCourseAndCancelFuture(
	sql: Sql,
	codeId: string,
	now: Date,
	record: AuditOf<number>
): Promise<number> {
	const result = await writeBookings(sql, async (tx, locks) => {
		await locks.code(codeId);
		await tx`update anon.code set course_ended = true where id = ${codeId}`;
		// Under the code's lock no booking of this code can be added, so the set read here is the set to cancel.
		const ahead = await tx<{ id: string; slotId: string }[]>`
			select id, slot_id from anon.booking where code_id = ${codeId} and status = 'booked' and starts_at > ${now}`;
		const slots = await locks.slots(ahead.map((b) => b.slotId));
		const cancelled = (await changeStatus(tx, await locks.bookings(ahead.map((b) => b.id)), 'cancelled_by_centre'))
			.length;
		if (cancelled > 0) await appendNotices(tx, [codeId], 'course_ended', null);
		// An ended course waits for no seat: its places in line go (a seat held for it passes on below).
		const waited = await tx<{ seriesId: string | null; offeredSlotId: string | null }[]>`
			delete from anon.waitlist where code_id = ${codeId} returning series_id, offered_slot_id`;
		await audit(tx, record(cancelled));
		return {
			cancelled,
			series: [...[...slots.values()].map((s) => s.seriesId), ...waited.map((w) => w.seriesId)],
			slots: [...slots.keys(), ...waited.flatMap((w) => (w.offeredSlotId ? [w.offeredSlotId] : []))]
		};
	});
	if (!result.ok) throw new Error(`ending a course was refused: ${result.reason}`);
	// The seats the course held in a group, and its individual times, are free for the lines.
	await offerFreedSeats(sql, result.value.series, now, result.value.slots);
	return result.value.cancelled;
}

/**
 * Attendance on one booking (or its undo); false when the booking is cancelled, so there is nothing to record.
 * The caller has checked the booking is the staff member's to see and that its day has come.
 */
export async function recordAttendance(
	sql: Sql,
	bookingId: string,
	mark: AttendanceMark,
	record: AuditOf<void>
): Promise<boolean> {
	const result = await writeBookings(sql, async (tx, locks) => {
		const [found] = await tx<
			{ codeId: string; slotId: string }[]
		>`select code_id, slot_id from anon.booking where id = ${bookingId}`;
		if (!found) return false;
		await locks.code(found.codeId);
		await locks.slots([found.slotId]);
		const [booking] = await locks.bookings([bookingId]);
		if (!booking || !mayChangeStatus(booking.status, mark)) return false;
		await changeStatus(tx, [booking], mark);
		await audit(tx, record());
		return true;
	});
	// Undoing a no-show that used no session can go over the cap once a new session took its place (a missed
	// clarifying conversation rebooked, issue 11): the database refuses it, and so is the attendance change.
	if (!result.ok && result.reason === 'cap') return false;
	if (!result.ok) throw new Error(`recording attendance was refused: ${result.reason}`);
	return result.value;
}

export async function bookingsOfCode(sql: Sql, codeId: string): Promise<BookingView[]> {
	return sql<BookingView[]>`
		select b.id, b.phase, b.status, b.starts_at, s.ends_at, s.place_slug, p.name as place_name, s.booked as signed_up, b.moved_to, b.interpreter
		from anon.booking b join anon.slot s on s.id = b.slot_id join portal.place p on p.slug = s.place_slug
		where b.code_id = ${codeId}
		order by b.starts_at`;
}
