import type { Sql, Tx } from '../platform/db';
import { PG, pgConstraint, pgErrorCode } from '../platform/db';
import type { ClosedDays, OpeningInterval, PhaseKind, Wall } from '$lib/domain/model';
import { addCalendarDays, closedDuring, isWithinOpeningHours, wallTimeToInstant, type IsoDate } from '$lib/domain/hours';
import { audit } from '../operations/audit';
import { slotFor } from '../staff/calendar';
import { cancelSlotAndBookings } from './bookings';
import { counsellorsVisibleTo, offersAtPlacesOf, type Staff } from '../staff/staff';

/**
 * Opening and cancelling times (issue 4). Times lie inside the provider's opening hours or are marked
 * "outside hours by agreement" where the place offers that (000, 001). A closed day (the municipality's closed
 * days, DOMAIN.md: public holidays by default) refuses a time within the hours; by individual agreement it is
 * opened with a warning (`closedDays` in the result), as 000/001 allow times "efter individuel aftale" (issue 11
 * item 10); a counsellor's overlap is refused by the
 * database's exclusion constraint (slot_counsellor_no_overlap), which holds under concurrency too.
 */

export interface SlotRequest {
	offerSlug: string;
	placeSlug: string;
	phase: PhaseKind;
	counsellorId: string | null;
	day: IsoDate;
	from: Wall;
	to: Wall;
	seats: number;
	outsideHours: boolean;
	/** 1 for a single time; more for a weekly series on the same weekday (e.g. 14 Mondays, 003). */
	weeks: number;
	/** A series may skip its closed days rather than be refused (the group simply does not meet that week). */
	skipClosedDays: boolean;
}

export type SlotRefusal =
	| { reason: 'not_found' }
	| { reason: 'phase_not_offered' }
	| { reason: 'bad_time' }
	| { reason: 'past' }
	| { reason: 'seats_individual' }
	| { reason: 'closed_day'; days: { day: IsoDate; name: string }[] }
	| { reason: 'outside_hours'; day: IsoDate }
	| { reason: 'hours_unknown' }
	| { reason: 'no_outside_hours_here' }
	| { reason: 'overlap'; day: IsoDate };

/** `closedDays`: the closed days a time by agreement was opened on anyway, for the warning staff see. */
export type CreateSlotsResult =
	| { ok: true; slotIds: string[]; seriesId: string | null; closedDays: { day: IsoDate; name: string }[] }
	| ({ ok: false } & SlotRefusal);

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

async function providerFacts(sql: Sql, offerSlug: string, placeSlug: string, phase: PhaseKind): Promise<ProviderFacts | null> {
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

export async function createSlots(sql: Sql, viewer: Staff, req: SlotRequest, now = new Date()): Promise<CreateSlotsResult> {
	try {
		// Look up: the offer at this place must be the viewer's, and the counsellor one they may plan for.
		const mine = await offersAtPlacesOf(sql, viewer);
		if (!mine.some((o) => o.offerSlug === req.offerSlug && o.placeSlug === req.placeSlug)) throw new Refused({ reason: 'not_found' });
		if (req.counsellorId && !(await counsellorsVisibleTo(sql, viewer)).some((c) => c.id === req.counsellorId)) {
			throw new Refused({ reason: 'not_found' });
		}
		const facts = await providerFacts(sql, req.offerSlug, req.placeSlug, req.phase);
		if (!facts) throw new Refused({ reason: 'not_found' });
		if (!facts.format) throw new Refused({ reason: 'phase_not_offered' });
		if (facts.format === 'individual' && req.seats !== 1) throw new Refused({ reason: 'seats_individual' });

		const times = plannedTimes(req);
		if (times.some((t) => t.endsAt.getTime() <= t.startsAt.getTime())) throw new Refused({ reason: 'bad_time' });
		if (times[0]!.startsAt.getTime() <= now.getTime()) throw new Refused({ reason: 'past' });
		const { open, closedAnyway } = checkClosedDays(times, facts.closedDays, req.skipClosedDays, req.outsideHours);
		checkHours(open, facts, req.outsideHours);

		const seriesId = req.weeks > 1 ? crypto.randomUUID() : null;
		const slotIds = await sql.begin(async (tx) => {
			const ids = await insertSlots(tx as unknown as Tx, req, open, seriesId);
			await audit(tx, {
				staffId: viewer.id,
				municipalitySlug: facts.municipalitySlug,
				action: seriesId ? 'series_created' : 'slot_created',
				detail: { slots: ids.length, offer: req.offerSlug, place: req.placeSlug, outsideHours: req.outsideHours }
			});
			return ids;
		});
		return { ok: true, slotIds, seriesId, closedDays: closedAnyway };
	} catch (e) {
		if (e instanceof Refused) return { ok: false, ...e.refusal };
		throw e;
	}
}

interface PlannedTime {
	day: IsoDate;
	startsAt: Date;
	endsAt: Date;
}

function plannedTimes(req: SlotRequest): PlannedTime[] {
	const times: PlannedTime[] = [];
	for (let week = 0; week < req.weeks; week++) {
		const day = addCalendarDays(req.day, week * 7);
		times.push({ day, startsAt: wallTimeToInstant(day, req.from), endsAt: wallTimeToInstant(day, req.to) });
	}
	return times;
}

function checkClosedDays(
	times: PlannedTime[],
	rules: ClosedDays,
	skip: boolean,
	byAgreement: boolean
): { open: PlannedTime[]; closedAnyway: { day: IsoDate; name: string }[] } {
	const closed = times
		.map((t) => ({ t, answer: closedDuring(t.startsAt, t.endsAt, rules) }))
		.filter((x) => x.answer.holiday)
		.map((x) => ({ day: x.t.day, name: x.answer.holiday ? x.answer.name : '' }));
	if (closed.length === 0) return { open: times, closedAnyway: [] };
	const open = times.filter((t) => !closed.some((c) => c.day === t.day));
	// A series may skip its closed days (the group does not meet that week), if it keeps at least one.
	if (skip && open.length > 0) return { open, closedAnyway: [] };
	// By individual agreement (000, 001) a time can be on a closed day: opened, and staff are warned.
	if (byAgreement) return { open: times, closedAnyway: closed };
	throw new Refused({ reason: 'closed_day', days: closed });
}

function checkHours(times: PlannedTime[], facts: ProviderFacts, outsideHours: boolean): void {
	if (outsideHours) {
		if (!facts.outsideHoursByAgreement) throw new Refused({ reason: 'no_outside_hours_here' });
		return;
	}
	// Brydehuset's hours are not in the documents (DOMAIN.md): nothing can be checked, so nothing is assumed.
	if (!facts.hours) throw new Refused({ reason: 'hours_unknown' });
	const outside = times.find((t) => !isWithinOpeningHours(facts.hours!, t.startsAt, t.endsAt, facts.closedDays));
	if (outside) throw new Refused({ reason: 'outside_hours', day: outside.day });
}

async function insertSlots(tx: Tx, req: SlotRequest, times: PlannedTime[], seriesId: string | null): Promise<string[]> {
	const ids: string[] = [];
	for (const t of times) {
		try {
			const [row] = await tx<{ id: string }[]>`
				insert into anon.slot (place_slug, offer_slug, phase, counsellor_id, series_id, starts_at, ends_at, seats, outside_hours)
				values (${req.placeSlug}, ${req.offerSlug}, ${req.phase}, ${req.counsellorId}, ${seriesId},
					${t.startsAt}, ${t.endsAt}, ${req.seats}, ${req.outsideHours})
				returning id`;
			ids.push(row!.id);
		} catch (e) {
			if (pgErrorCode(e) === PG.exclusionViolation && pgConstraint(e) === 'slot_counsellor_no_overlap') {
				throw new Refused({ reason: 'overlap', day: t.day });
			}
			throw e;
		}
	}
	return ids;
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
export async function cancelSlot(sql: Sql, viewer: Staff, slotId: string, confirmed: boolean, now = new Date()): Promise<CancelSlotResult> {
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
