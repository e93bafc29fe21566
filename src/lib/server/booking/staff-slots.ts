import type { Sql, Tx } from '../platform/db';
import { PG, pgConstraint, pgErrorCode } from '../platform/db';
import type { ClosedDays, OpeningInterval, PhaseKind, Wall } from '$lib/domain/model';
import {
	addCalendarDays,
	closedDuring,
	isPublicHoliday,
	isWithinOpeningHours,
	wallMinutes,
	wallTimeToInstant,
	type IsoDate
} from '$lib/domain/hours';
import type { SkipReason, SlotSummary, SlotTime } from '$lib/views/staff';
import { audit } from '../operations/audit';
import { slotFor } from '../staff/calendar';
import { cancelSlotAndBookings } from './bookings';
import { counsellorsVisibleTo, offersAtPlacesOf, type Staff } from '../staff/staff';

/**
 * Opening, changing and cancelling times (issues 4 and 13). Times lie inside the provider's opening hours or are
 * marked "outside hours by agreement" where the place offers that (000, 001). A closed day (the municipality's
 * closed days, public holidays by default; issue 11 item 10) is left out of a block or series and named; by
 * individual agreement a time can still be opened on it (000, 001 "efter individuel aftale"), and the time's page
 * warns staff. A block ("09:00–14:00 in 45-minute blocks") or a weekly series makes every time it can and says
 * which it left out and why; the database refuses a counsellor's overlap (slot_counsellor_no_overlap) and the same
 * open time twice (slot_open_unique), under concurrency too, and those refusals are read by constraint name
 * (slotRefusalFromDatabase), never shown as a fault.
 */

export interface SlotRequest {
	offerSlug: string;
	placeSlug: string;
	phase: PhaseKind;
	counsellorId: string | null;
	day: IsoDate;
	from: Wall;
	to: Wall;
	/** Cut from–to into times of this many minutes; null: one time from–to. */
	blockMinutes: number | null;
	seats: number;
	outsideHours: boolean;
	/** 1 for one day; more for a weekly series on the same weekday (e.g. 14 Mondays, 003). */
	weeks: number;
}

/** More than this in one submit is a typing slip (a 5-minute block for a year), not a plan. */
export const MAX_TIMES_PER_SUBMIT = 300;

export type SlotRefusal =
	| { reason: 'not_found' }
	| { reason: 'phase_not_offered' }
	| { reason: 'bad_time' }
	| { reason: 'too_many' }
	| { reason: 'seats_individual' }
	| { reason: 'hours_unknown' }
	| { reason: 'no_outside_hours_here' }
	/** A single time that could not be made, or a block or series of which none could: the summary says why. */
	| { reason: 'nothing_made'; summary: SlotSummary };

export type CreateSlotsResult = { ok: true; slotIds: string[]; summary: SlotSummary } | ({ ok: false } & SlotRefusal);

class Refused extends Error {
	constructor(readonly refusal: SlotRefusal) {
		super(refusal.reason);
	}
}

interface ProviderFacts {
	hours: OpeningInterval[] | null;
	outsideHoursByAgreement: boolean;
	municipalitySlug: string;
	/** The closed days of the municipality whose offer it is (migrations/052). */
	closedDays: ClosedDays;
	format: 'individual' | 'group' | null;
}

async function providerFacts(
	sql: Sql | Tx,
	offerSlug: string,
	placeSlug: string,
	phase: PhaseKind
): Promise<ProviderFacts | null> {
	const [row] = await sql<ProviderFacts[]>`
		select op.hours, p.outside_hours_by_agreement, o.municipality_slug, m.closed_days,
			(select ph->'format'->>'kind' from jsonb_array_elements(o.config->'phases') ph where ph->>'kind' = ${phase}) as format
		from portal.offer_provider op
			join portal.offer o on o.slug = op.offer_slug
			join portal.place p on p.slug = op.place_slug
			join portal.municipality m on m.slug = o.municipality_slug
		where op.offer_slug = ${offerSlug} and op.place_slug = ${placeSlug}`;
	return row ?? null;
}

/** A phase of an offer as the new-times page offers it: only the chosen offer's phases (issue 13, point 4). */
export interface PhaseChoice {
	kind: PhaseKind;
	format: 'individual' | 'group';
	minutes: number;
	seats: number;
}

/** The phases of an offer the viewer may open times for at this place; null when the pair is not theirs. */
export async function phasesFor(
	sql: Sql,
	viewer: Staff,
	offerSlug: string,
	placeSlug: string
): Promise<PhaseChoice[] | null> {
	const mine = await offersAtPlacesOf(sql, viewer);
	if (!mine.some((o) => o.offerSlug === offerSlug && o.placeSlug === placeSlug)) return null;
	const [row] = await sql<
		{ phases: { kind: PhaseKind; format: { kind: 'individual' | 'group'; minutes: number; seats?: number } }[] }[]
	>`
		select config->'phases' as phases from portal.offer where slug = ${offerSlug}`;
	return (row?.phases ?? []).map((p) => ({
		kind: p.kind,
		format: p.format.kind,
		minutes: p.format.minutes,
		seats: p.format.seats ?? 1
	}));
}

/** What the database refused in a slot write, by constraint name; anything else is a real fault (→ 500). */
export function slotRefusalFromDatabase(
	e: unknown
): 'overlap' | 'duplicate' | 'phase_not_offered' | 'bad_time' | 'counsellor_gone' | null {
	const code = pgErrorCode(e);
	const constraint = pgConstraint(e);
	if (code === PG.exclusionViolation && constraint === 'slot_counsellor_no_overlap') return 'overlap';
	if (code === PG.uniqueViolation && constraint === 'slot_open_unique') return 'duplicate';
	if (code === PG.foreignKeyViolation && constraint === 'slot_offer_slug_phase_fkey') return 'phase_not_offered';
	if (code === PG.foreignKeyViolation && constraint === 'slot_counsellor_id_fkey') return 'counsellor_gone';
	if (code === PG.checkViolation && constraint === 'slot_check') return 'bad_time';
	return null;
}

export async function createSlots(
	sql: Sql,
	viewer: Staff,
	req: SlotRequest,
	now = new Date()
): Promise<CreateSlotsResult> {
	try {
		// Look up: the offer at this place must be the viewer's, and the counsellor one they may plan for.
		const mine = await offersAtPlacesOf(sql, viewer);
		if (!mine.some((o) => o.offerSlug === req.offerSlug && o.placeSlug === req.placeSlug))
			throw new Refused({ reason: 'not_found' });
		if (req.counsellorId && !(await counsellorsVisibleTo(sql, viewer)).some((c) => c.id === req.counsellorId)) {
			throw new Refused({ reason: 'not_found' });
		}
		const facts = await providerFacts(sql, req.offerSlug, req.placeSlug, req.phase);
		if (!facts) throw new Refused({ reason: 'not_found' });
		if (!facts.format) throw new Refused({ reason: 'phase_not_offered' });
		if (facts.format === 'individual' && req.seats !== 1) throw new Refused({ reason: 'seats_individual' });
		if (req.outsideHours && !facts.outsideHoursByAgreement) throw new Refused({ reason: 'no_outside_hours_here' });
		// Brydehuset's hours are not in the documents (DOMAIN.md): nothing can be checked, so nothing is assumed.
		if (!req.outsideHours && !facts.hours) throw new Refused({ reason: 'hours_unknown' });

		const planned = plannedTimes(req);
		if (planned.length === 0) throw new Refused({ reason: 'bad_time' });
		if (planned.length > MAX_TIMES_PER_SUBMIT) throw new Refused({ reason: 'too_many' });
		const skipped: SlotSummary['skipped'] = [];
		const open = planned.filter((t) => {
			const why = whyNot(t, facts, req.outsideHours, now);
			if (why) skipped.push({ ...view(t), ...why });
			return !why;
		});

		const seriesIds = new Map<string, string>();
		const made = await sql.begin(async (tx) => {
			await oneChangeAtATimeFor(tx as unknown as Tx, req.counsellorId);
			const rows: { id: string; time: PlannedTime }[] = [];
			for (const t of open) {
				const seriesId =
					req.weeks > 1 ? (seriesIds.get(t.from) ?? seriesIds.set(t.from, crypto.randomUUID()).get(t.from)!) : null;
				const id = await insertTime(tx as unknown as Tx, req, t, seriesId);
				if (typeof id === 'string') rows.push({ id, time: t });
				else skipped.push({ ...view(t), reason: id.reason });
			}
			if (rows.length > 0) {
				await audit(tx, {
					staffId: viewer.id,
					municipalitySlug: facts.municipalitySlug,
					action: req.weeks > 1 ? 'series_created' : 'slot_created',
					detail: {
						slots: rows.length,
						skipped: skipped.length,
						offer: req.offerSlug,
						place: req.placeSlug,
						outsideHours: req.outsideHours
					}
				});
			}
			return rows;
		});
		const byTime = (a: SlotTime, b: SlotTime) => (a.day + a.from).localeCompare(b.day + b.from);
		const summary: SlotSummary = { made: made.map((r) => view(r.time)).sort(byTime), skipped: skipped.sort(byTime) };
		if (made.length === 0) throw new Refused({ reason: 'nothing_made', summary });
		return { ok: true, slotIds: made.map((r) => r.id), summary };
	} catch (e) {
		if (e instanceof Refused) return { ok: false, ...e.refusal };
		throw e;
	}
}

interface PlannedTime {
	day: IsoDate;
	from: Wall;
	to: Wall;
	startsAt: Date;
	endsAt: Date;
}

const view = (t: PlannedTime): SlotTime => ({ day: t.day, from: t.from, to: t.to });

function wall(minutes: number): Wall {
	return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}` as Wall;
}

/** Every time of the request: each block of each week, in order. A block that would run past `to` is not made. */
export function plannedTimes(req: Pick<SlotRequest, 'day' | 'from' | 'to' | 'blockMinutes' | 'weeks'>): PlannedTime[] {
	const from = wallMinutes(req.from);
	const to = wallMinutes(req.to);
	if (to <= from) return [];
	const step = req.blockMinutes ?? to - from;
	const blocks: [Wall, Wall][] = [];
	for (let start = from; start + step <= to && blocks.length <= MAX_TIMES_PER_SUBMIT; start += step)
		blocks.push([wall(start), wall(start + step)]);
	const times: PlannedTime[] = [];
	for (let week = 0; week < req.weeks; week++) {
		const day = addCalendarDays(req.day, week * 7);
		for (const [f, t] of blocks)
			times.push({ day, from: f, to: t, startsAt: wallTimeToInstant(day, f), endsAt: wallTimeToInstant(day, t) });
	}
	return times;
}

/**
 * Why a planned time is left out before the database is asked: a closed day (unless opened by individual
 * agreement), past, or outside hours.
 */
function whyNot(
	t: PlannedTime,
	facts: ProviderFacts,
	outsideHours: boolean,
	now: Date
): { reason: SkipReason; name?: string } | null {
	const closed = closedDuring(t.startsAt, t.endsAt, facts.closedDays);
	if (closed.holiday && !outsideHours)
		return { reason: isPublicHoliday(t.startsAt).holiday ? 'holiday' : 'closed_day', name: closed.name };
	if (t.startsAt.getTime() <= now.getTime()) return { reason: 'past' };
	if (!outsideHours && !isWithinOpeningHours(facts.hours ?? [], t.startsAt, t.endsAt, facts.closedDays))
		return { reason: 'outside_hours' };
	return null;
}

/**
 * Two writes that give one counsellor times at once wait for each other here: otherwise each one's exclusion check
 * (slot_counsellor_no_overlap) waits for the other's uncommitted row and PostgreSQL ends one as a deadlock, which
 * staff would meet as a fault. In turn, the second sees the first's times and is told "overlap". The booking path
 * never takes this lock, so it adds no cycle to code → slots → bookings (locks.ts).
 */
async function oneChangeAtATimeFor(tx: Tx, counsellorId: string | null): Promise<void> {
	if (counsellorId) await tx`select pg_advisory_xact_lock(hashtextextended(${'slot-counsellor:' + counsellorId}, 0))`;
}

/** One time, in a savepoint so a refused one leaves the others of the submit standing. */
async function insertTime(
	tx: Tx,
	req: SlotRequest,
	t: PlannedTime,
	seriesId: string | null
): Promise<string | { reason: 'overlap' | 'duplicate' }> {
	try {
		const [row] = await tx.savepoint(
			(sp) => sp<{ id: string }[]>`
				insert into anon.slot (place_slug, offer_slug, phase, counsellor_id, series_id, starts_at, ends_at, seats, outside_hours)
				values (${req.placeSlug}, ${req.offerSlug}, ${req.phase}, ${req.counsellorId}, ${seriesId},
					${t.startsAt}, ${t.endsAt}, ${req.seats}, ${req.outsideHours})
				returning id`
		);
		return row!.id;
	} catch (e) {
		const refusal = slotRefusalFromDatabase(e);
		if (refusal === 'overlap' || refusal === 'duplicate') return { reason: refusal };
		throw e;
	}
}

export interface SlotChange {
	counsellorId: string | null;
	day: IsoDate;
	from: Wall;
}

export type UpdateSlotResult =
	| { ok: true }
	| {
			ok: false;
			reason:
				| 'not_found'
				| 'past'
				| 'already_cancelled'
				| 'booked_cannot_move'
				| 'counsellor_unknown'
				| 'hours_unknown'
				| 'bad_time';
	  }
	| { ok: false; reason: 'closed_day'; day: IsoDate; name: string }
	| { ok: false; reason: 'outside_hours' | 'overlap' | 'duplicate'; day: IsoDate };

/**
 * Changes a time's counsellor and start (issue 13, point 2); its length stays. The counsellor may change while
 * people are booked: they booked a time, not a person. The start may not: an anonymous person cannot be told
 * that their time moved (the portal has no channel to them), so a booked time is kept, or cancelled, which
 * they see on their page. The check is in the update itself (`booked = 0`, under the slot's row lock that every
 * booking takes first, locks.ts), so a booking arriving meanwhile is never moved unseen.
 */
export async function updateSlot(
	sql: Sql,
	viewer: Staff,
	slotId: string,
	change: SlotChange,
	now = new Date()
): Promise<UpdateSlotResult> {
	const slot = await slotFor(sql, viewer, slotId);
	if (!slot) return { ok: false, reason: 'not_found' };
	if (slot.cancelledAt) return { ok: false, reason: 'already_cancelled' };
	if (slot.startsAt.getTime() <= now.getTime()) return { ok: false, reason: 'past' };
	if (
		change.counsellorId &&
		change.counsellorId !== slot.counsellorId &&
		!(await counsellorsVisibleTo(sql, viewer)).some((c) => c.id === change.counsellorId)
	) {
		return { ok: false, reason: 'counsellor_unknown' };
	}
	const startsAt = wallTimeToInstant(change.day, change.from);
	const endsAt = new Date(startsAt.getTime() + (slot.endsAt.getTime() - slot.startsAt.getTime()));
	const moved = startsAt.getTime() !== slot.startsAt.getTime();
	if (moved) {
		if (slot.booked > 0) return { ok: false, reason: 'booked_cannot_move' };
		if (startsAt.getTime() <= now.getTime()) return { ok: false, reason: 'past' };
		const facts = await providerFacts(sql, slot.offerSlug, slot.placeSlug, slot.phase);
		// A closed day only by individual agreement, as when the time is made (whyNot).
		const closed = closedDuring(startsAt, endsAt, facts?.closedDays);
		if (closed.holiday && !slot.outsideHours)
			return { ok: false, reason: 'closed_day', day: change.day, name: closed.name };
		if (!slot.outsideHours) {
			if (!facts?.hours) return { ok: false, reason: 'hours_unknown' };
			if (!isWithinOpeningHours(facts.hours, startsAt, endsAt, facts.closedDays))
				return { ok: false, reason: 'outside_hours', day: change.day };
		}
	}
	try {
		const changed = await sql.begin(async (tx) => {
			await oneChangeAtATimeFor(tx as unknown as Tx, change.counsellorId);
			const rows = await tx`
				update anon.slot set counsellor_id = ${change.counsellorId}, starts_at = ${startsAt}, ends_at = ${endsAt}
				where id = ${slotId} and cancelled_at is null ${moved ? tx`and booked = 0` : tx``}
				returning id`;
			if (rows.length === 0) return false;
			await audit(tx, {
				staffId: viewer.id,
				municipalitySlug: slot.municipalitySlug,
				action: 'slot_changed',
				detail: { slot: slotId, moved, counsellorChanged: change.counsellorId !== slot.counsellorId }
			});
			return true;
		});
		if (!changed) return { ok: false, reason: moved ? 'booked_cannot_move' : 'already_cancelled' };
		return { ok: true };
	} catch (e) {
		const refusal = slotRefusalFromDatabase(e);
		if (refusal === 'overlap' || refusal === 'duplicate') return { ok: false, reason: refusal, day: change.day };
		if (refusal === 'counsellor_gone') return { ok: false, reason: 'counsellor_unknown' };
		if (refusal === 'bad_time' || refusal === 'phase_not_offered') return { ok: false, reason: 'bad_time' };
		throw e;
	}
}

export type CancelSlotResult =
	| { ok: true; cancelledBookings: number }
	| { ok: false; reason: 'not_found' | 'past' | 'already_cancelled' }
	| { ok: false; reason: 'confirm'; bookings: number };

/**
 * Cancels a time. Its future bookings become 'cancelled_by_centre', which the code holder sees on their next
 * visit: the portal has no other way to reach an anonymous person, so staff are asked to confirm first. The
 * write, with its audit row, is bookings.ts's.
 */
export async function cancelSlot(
	sql: Sql,
	viewer: Staff,
	slotId: string,
	confirmed: boolean,
	now = new Date()
): Promise<CancelSlotResult> {
	const slot = await slotFor(sql, viewer, slotId);
	if (!slot) return { ok: false, reason: 'not_found' };
	if (slot.cancelledAt) return { ok: false, reason: 'already_cancelled' };
	if (slot.startsAt.getTime() <= now.getTime()) return { ok: false, reason: 'past' };
	const active = slot.bookings.filter((b) => b.status === 'booked').length;
	if (active > 0 && !confirmed) return { ok: false, reason: 'confirm', bookings: active };
	const cancelled = await cancelSlotAndBookings(sql, slotId, (bookings) => ({
		staffId: viewer.id,
		municipalitySlug: slot.municipalitySlug,
		action: 'slot_cancelled',
		detail: { slot: slotId, bookings }
	}));
	if (cancelled === null) return { ok: false, reason: 'already_cancelled' };
	return { ok: true, cancelledBookings: cancelled };
}
