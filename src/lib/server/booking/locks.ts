import type { PendingQuery, Row } from 'postgres';
import type { Sql, Tx } from '../platform/db';
import { PG, pgConstraint, pgErrorCode } from '../platform/db';
import type { AgeBand, Offer, PhaseKind } from '$lib/domain/model';
import { SEAT_HOLDING_STATUSES, type BookingStatus, type SeatHoldingStatus } from '$lib/domain/booking-status';
import type { Decision } from '$lib/domain/values';

/**
 * The transaction every booking write runs in (bookings.ts, and nothing else): its locks, taken in the one order,
 * its refusals as answers for a person, and a retry when PostgreSQL asks for one.
 */

export type { BookingRefusal } from '$lib/views/citizen';
import type { BookingRefusal } from '$lib/views/citizen';

export class Refused extends Error {
	constructor(readonly reason: BookingRefusal) {
		super(reason);
	}
}

export interface LockedCode {
	id: string;
	offerSlug: string;
	ageBand: AgeBand | null;
	decision: Decision;
	parentalConsent: boolean;
	courseEnded: boolean;
	offer: Offer;
}

/** A seat-holding booking of a code, as the domain's rules read it. */
export type Held = { phase: PhaseKind; startsAt: Date; status: SeatHoldingStatus };

/** The code's seat-holding bookings, for the rules; sent right after the code's lock, so read under it. */
export function seatHolding(tx: Tx, codeId: string, except?: string): Promise<Held[]> {
	return tx<Held[]>`
		select phase, starts_at, status from anon.booking
		where code_id = ${codeId} and status = any(${SEAT_HOLDING_STATUSES as unknown as string[]})
			and id <> ${except ?? '00000000-0000-0000-0000-000000000000'}`;
}

export interface SlotRow {
	id: string;
	offerSlug: string;
	phase: PhaseKind;
	startsAt: Date;
	seats: number;
	booked: number;
	cancelledAt: Date | null;
	seriesId: string | null;
}

export interface BookingRow {
	id: string;
	codeId: string;
	slotId: string;
	status: BookingStatus;
	startsAt: Date;
}

/**
 * The one lock order of every booking write: the code, then slots in id order, then bookings in id order. The
 * database's triggers rely on it: a booking's seat trigger updates its slot and the cap trigger locks its code,
 * so a writer that touched a booking before its code or slot deadlocked against one going the other way (staff
 * attendance against the holder's cancel did). Each stage is taken at most once and never after a later one.
 *
 * The stages may be sent together without waiting for each answer (issue 14: a booking was ~9 round trips):
 * postgres.js writes a transaction's statements to its one connection as they are called, and PostgreSQL runs
 * them one after the other in that order, so `Promise.all([locks.code(a), locks.slots(b)])` still locks the code
 * before the slots; a statement only waits for the lock before it, never for the network.
 */
export class Locks {
	private stage = 0;
	constructor(private readonly tx: Tx) {}

	/**
	 * Several codes at once, in id order, in place of `code`: the codes a centre's cancellation will write a notice
	 * to (the notice's foreign key waits for a code's lock, so the codes must come first, as everywhere).
	 */
	async codes(ids: readonly string[]): Promise<void> {
		this.enter(1);
		await this.tx`select id from anon.code where id = any(${ids as string[]}::uuid[]) order by id for update`;
	}

	async code(id: string): Promise<LockedCode> {
		this.enter(1);
		const [code] = await this.tx<LockedCode[]>`
			select c.id, c.offer_slug, c.age_band, c.decision, c.parental_consent, c.course_ended, o.config as offer
			from anon.code c join portal.offer o on o.slug = c.offer_slug
			where c.id = ${id}
			for update of c`;
		if (!code) throw new Refused('no_code');
		return code;
	}

	/** Slots by id, and the slot (or slots) a sub-select names (`of`: a booking's slot, known only inside). */
	async slots(ids: readonly string[], of?: PendingQuery<Row[]>): Promise<Map<string, SlotRow>> {
		this.enter(2);
		const rows = await this.tx<SlotRow[]>`
			select id, offer_slug, phase, starts_at, seats, booked, cancelled_at, series_id
			from anon.slot where id = any(${ids as string[]}::uuid[]) ${of ? this.tx`or id in (${of})` : this.tx``}
			order by id for update`;
		return new Map(rows.map((r) => [r.id, r]));
	}

	/**
	 * The slot a person chose, or, when it belongs to a group series, the series' sessions from it on that are not
	 * cancelled (rolling intake, 003): found and locked in one statement (the series is read inside it), id order.
	 * Returned in time order, the order they are booked in.
	 */
	async slotOrSeriesFrom(slotId: string): Promise<SlotRow[]> {
		this.enter(2);
		const rows = await this.tx<SlotRow[]>`
			select s.id, s.offer_slug, s.phase, s.starts_at, s.seats, s.booked, s.cancelled_at, s.series_id
			from anon.slot s
			where (s.id = ${slotId} and s.series_id is null)
				or (s.series_id = (select f.series_id from anon.slot f where f.id = ${slotId})
					and s.starts_at >= (select f.starts_at from anon.slot f where f.id = ${slotId}) and s.cancelled_at is null)
			order by s.id for update of s`;
		return rows.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
	}

	/**
	 * Every session of a group series, cancelled or not, in id order: the series' lock for its waiting list
	 * (waitlist.ts). Every booking write on a session of the series locks that session, which this locks too, so a
	 * change of the list and a booking, cancellation or move in the series never run side by side.
	 */
	async series(seriesId: string): Promise<SlotRow[]> {
		this.enter(2);
		return this.tx<SlotRow[]>`
			select id, offer_slug, phase, starts_at, seats, booked, cancelled_at, series_id
			from anon.slot where series_id = ${seriesId}
			order by id for update`;
	}

	/** Bookings by id; with `ofCode`, only that code's (a person's own: another's row is not even locked). */
	async bookings(ids: readonly string[], ofCode?: string): Promise<BookingRow[]> {
		this.enter(3);
		return this.tx<BookingRow[]>`
			select id, code_id, slot_id, status, starts_at
			from anon.booking where id = any(${ids as string[]}::uuid[]) ${ofCode ? this.tx`and code_id = ${ofCode}` : this.tx``}
			order by id for update`;
	}

	private enter(stage: number): void {
		if (stage <= this.stage) throw new Error('booking locks taken out of order (code → slots → bookings)');
		this.stage = stage;
	}
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

/** One booking write: its transaction, its locks, refusals as answers, a retry when PostgreSQL asks for one. */
export async function writeBookings<T>(
	sql: Sql,
	work: (tx: Tx, locks: Locks) => Promise<T>
): Promise<{ ok: true; value: T } | { ok: false; reason: BookingRefusal }> {
	for (let attempt = 0; ; attempt++) {
		try {
			const value = (await sql.begin((tx) => work(tx as unknown as Tx, new Locks(tx as unknown as Tx)))) as T;
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
