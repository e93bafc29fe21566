import type { Sql } from '../platform/db';
import type { AgeBand, Offer, PhaseKind } from '$lib/domain/model';
import {
	holdsSeat,
	mayChangeStatus,
	type AttendanceMark,
	type BookingStatus,
	type SeatHoldingStatus
} from '$lib/domain/booking-status';
import { copenhagenDate } from '$lib/domain/hours';
import {
	countedSessions,
	mustAskParentalConsent,
	nextPhase,
	remainingSessions,
	youthGateApplies,
	type CodeState,
	type Decision
} from '$lib/domain/sessions';
import { RECORDED_DECISIONS, type RecordedDecision } from '$lib/domain/values';
import { audit } from '../operations/audit';
import { endCourseAndCancelFuture, issueCodeAndBook, recordAttendance, type BookingRefusal } from '../booking/bookings';
import { holdHoursOf, settleWaitlist, waitlistOf } from '../booking/waitlist';
import { bookingFor, slotFor } from './calendar';
import { getCode } from '../booking/codes';
import { offerBySlug } from '../catalogue/catalogue';
import { isUuid, offersAtPlacesOf, reachesAtPlace, slotVisibleTo, type Staff } from './staff';

/**
 * A code holder's course as staff see it, and what staff record on it: attendance, the §101a decision,
 * parental consent, the end of the course (issue 4). Staff reach it by alias and an internal id, never by
 * the code; a partner's staff see only the bookings at their place (SEL §101a stk. 2 and 5).
 */

export interface CourseBooking {
	id: string;
	slotId: string;
	phase: PhaseKind;
	status: BookingStatus;
	startsAt: Date;
	placeName: string;
	/** A session of a group (more than one seat): its page lists the participants (issue 13, item 7). */
	group: boolean;
}

export interface Course extends CodeState {
	id: string;
	alias: string;
	offer: Offer;
	municipalitySlug: string;
	createdAt: Date;
	/** Every seat-holding session, counted for "3 of 10"; details only of those the viewer may see. */
	used: { phase: PhaseKind; used: number; max: number | null; left: number | null }[];
	bookings: CourseBooking[];
	needsDecision: boolean;
	/**
	 * Whether the viewer may record the §101a decision: the municipality's own staff (stk. 4), or a partner's staff
	 * at a provider the municipality has delegated the decision to (stk. 5, `decisionDelegated`).
	 */
	mayDecide: boolean;
	askConsent: boolean;
	next: ReturnType<typeof nextPhase>;
}

export async function courseFor(sql: Sql, viewer: Staff, codeId: string): Promise<Course | null> {
	if (!isUuid(codeId)) return null;
	const [code] = await sql<
		(CodeState & { id: string; alias: string; offer: Offer; municipalitySlug: string; createdAt: Date })[]
	>`
		select c.id, c.alias, oc.config as offer, oc.municipality_slug, c.age_band, c.decision, c.parental_consent,
			c.course_ended, c.created_at
		from anon.code c join portal.offer oc on oc.slug = c.offer_slug
		where c.id = ${codeId} and (
			${viewer.role === 'coordinator'} and oc.municipality_slug = ${viewer.municipalitySlug}
			or exists (
				select 1 from anon.booking b
					join anon.slot s on s.id = b.slot_id
					join portal.offer o on o.slug = s.offer_slug
					join portal.place p on p.slug = s.place_slug
				where b.code_id = c.id and ${slotVisibleTo(sql, viewer)}))`;
	if (!code) return null;
	const bookings = await sql<CourseBooking[]>`
		select b.id, b.slot_id, b.phase, b.status, b.starts_at, p.name as place_name, s.seats > 1 as "group"
		from anon.booking b
			join anon.slot s on s.id = b.slot_id
			join portal.offer o on o.slug = s.offer_slug
			join portal.place p on p.slug = s.place_slug
		where b.code_id = ${codeId} and ${slotVisibleTo(sql, viewer)}
		order by b.starts_at`;
	const seatHolding = await sql<{ phase: PhaseKind; startsAt: Date; status: SeatHoldingStatus }[]>`
		select phase, starts_at, status from anon.booking where code_id = ${codeId} and anon.booking_counts_seat(status)`;
	const state: CodeState = {
		ageBand: code.ageBand,
		decision: code.decision,
		parentalConsent: code.parentalConsent,
		courseEnded: code.courseEnded
	};
	const [delegated] =
		viewer.role === 'partner'
			? await sql`
		select 1 from portal.offer_provider op
			join portal.offer o on o.slug = op.offer_slug
			join portal.place p on p.slug = op.place_slug
		where op.offer_slug = ${code.offer.slug} and op.place_slug = any(${viewer.places}::text[]) and op.decision_delegated
			and ${reachesAtPlace(sql, viewer)}`
			: [];
	return {
		...code,
		used: code.offer.phases.map((p) => ({
			phase: p.kind,
			used: countedSessions(code.offer, seatHolding).filter((b) => b.phase === p.kind).length,
			max: p.max,
			left: remainingSessions(code.offer, p.kind, seatHolding, state)
		})),
		bookings,
		needsDecision: code.offer.phases.some((p) => p.requiresDecision),
		mayDecide: viewer.role !== 'partner' || delegated !== undefined,
		askConsent: mustAskParentalConsent(code.offer, seatHolding, state),
		next: nextPhase(code.offer, seatHolding, state)
	};
}

export type AttendanceResult = { ok: true } | { ok: false; reason: 'not_found' | 'too_early' | 'not_active' };

/** Attendance is a fact about a session that has begun, so it can be recorded from that session's day on. */
export async function setAttendance(
	sql: Sql,
	viewer: Staff,
	slotId: string,
	bookingId: string,
	status: AttendanceMark,
	now = new Date()
): Promise<AttendanceResult> {
	const found = await bookingFor(sql, viewer, slotId, bookingId);
	if (!found) return { ok: false, reason: 'not_found' };
	if (!mayChangeStatus(found.booking.status, status)) return { ok: false, reason: 'not_active' };
	if (copenhagenDate(found.slot.startsAt) > copenhagenDate(now)) return { ok: false, reason: 'too_early' };
	// Asked again under the booking's lock: a cancellation may have come in between.
	const recorded = await recordAttendance(sql, bookingId, status, () => ({
		staffId: viewer.id,
		municipalitySlug: found.slot.municipalitySlug,
		action: 'attendance',
		alias: found.booking.alias,
		detail: { booking: bookingId, status }
	}));
	return recorded ? { ok: true } : { ok: false, reason: 'not_active' };
}

export type RecordResult =
	| { ok: true }
	| { ok: false; reason: 'not_found' | 'not_applicable' | 'already' | 'clarifying_not_attended' | 'not_delegated' };

/**
 * The §101a decision, made on the clarifying conversation (stk. 4), so only once that conversation is recorded
 * as attended; it cannot be appealed (stk. 6), so once made it is not changed here. The municipality decides
 * (stk. 4); a partner's staff only where the municipality has delegated the decision to their place (stk. 5).
 */
export async function recordDecision(
	sql: Sql,
	viewer: Staff,
	codeId: string,
	decision: RecordedDecision
): Promise<RecordResult> {
	const course = await courseFor(sql, viewer, codeId);
	if (!course) return { ok: false, reason: 'not_found' };
	if (!course.needsDecision) return { ok: false, reason: 'not_applicable' };
	if (!course.mayDecide) return { ok: false, reason: 'not_delegated' };
	if ((RECORDED_DECISIONS as readonly Decision[]).includes(course.decision)) return { ok: false, reason: 'already' };
	const [attended] = await sql`
		select 1 from anon.booking where code_id = ${codeId} and phase = 'clarifying' and status = 'attended' limit 1`;
	if (!attended) return { ok: false, reason: 'clarifying_not_attended' };
	const made = await sql.begin(async (tx) => {
		// Asked again in the write: a coordinator may have withdrawn the delegation in between (stk. 5).
		const result = await tx`
			update anon.code c set decision = ${decision} where c.id = ${codeId} and c.decision in ('none', 'pending')
				and (${viewer.role !== 'partner'} or exists (
					select 1 from portal.offer_provider op
						join portal.offer o on o.slug = op.offer_slug
						join portal.place p on p.slug = op.place_slug
					where op.offer_slug = c.offer_slug and op.place_slug = any(${viewer.places}::text[]) and op.decision_delegated
						and ${reachesAtPlace(tx, viewer)}))`;
		if (result.count === 0) return false;
		await audit(tx, {
			staffId: viewer.id,
			municipalitySlug: course.municipalitySlug,
			action: 'decision',
			alias: course.alias,
			detail: { decision }
		});
		return true;
	});
	return made ? { ok: true } : { ok: false, reason: 'already' };
}

/** Parents' permission for an under-18 unlocks the configured further sessions (001; 003 also family dept.). */
export async function recordParentalConsent(sql: Sql, viewer: Staff, codeId: string): Promise<RecordResult> {
	const course = await courseFor(sql, viewer, codeId);
	if (!course) return { ok: false, reason: 'not_found' };
	// Only where consent opens more anonymous sessions; where it is for enrolment (001, 003, 004) it is not ours to record.
	if (!course.offer.youth || course.offer.youth.withConsentMax === 0 || !youthGateApplies(course.offer, course))
		return { ok: false, reason: 'not_applicable' };
	if (course.parentalConsent) return { ok: false, reason: 'already' };
	await sql.begin(async (tx) => {
		await tx`update anon.code set parental_consent = true where id = ${codeId}`;
		await audit(tx, {
			staffId: viewer.id,
			municipalitySlug: course.municipalitySlug,
			action: 'parental_consent',
			alias: course.alias
		});
	});
	return { ok: true };
}

/** Ends the course; its future sessions are cancelled by the centre, which the holder sees on their next visit. */
export async function endCourse(
	sql: Sql,
	viewer: Staff,
	codeId: string,
	now = new Date()
): Promise<RecordResult & { cancelled?: number }> {
	const course = await courseFor(sql, viewer, codeId);
	if (!course) return { ok: false, reason: 'not_found' };
	if (course.courseEnded) return { ok: false, reason: 'already' };
	const cancelled = await endCourseAndCancelFuture(sql, codeId, now, (n) => ({
		staffId: viewer.id,
		municipalitySlug: course.municipalitySlug,
		action: 'course_ended',
		alias: course.alias,
		detail: { cancelled: n }
	}));
	return { ok: true, cancelled };
}

export type PhoneBookingResult =
	| {
			ok: true;
			display: string;
			codeId: string;
			alias: string;
			slotId: string;
			startsAt: Date;
			placeName: string;
			sessions: number;
	  }
	| { ok: false; reason: 'not_found' | BookingRefusal };

/**
 * SEL §101a stk. 3: contact "via the website or by phone". Staff book for a caller with the same rules as the
 * web; the code is returned once to be read aloud and is not kept anywhere but as its hash.
 */
export async function phoneBook(
	sql: Sql,
	viewer: Staff,
	input: { slotId: string; ageBand: AgeBand | null },
	now = new Date()
): Promise<PhoneBookingResult> {
	const slot = await slotFor(sql, viewer, input.slotId);
	if (!slot) return { ok: false, reason: 'not_found' };
	const mine = await offersAtPlacesOf(sql, viewer);
	if (!mine.some((o) => o.offerSlug === slot.offerSlug && o.placeSlug === slot.placeSlug))
		return { ok: false, reason: 'not_found' };
	// Who booked by phone, for which offer, on which day: not the alias nor the slot. With the phone system's
	// call log, "this counsellor, this minute, this alias" would link a caller's number to the code.
	const result = await issueCodeAndBook(
		sql,
		{ offerSlug: slot.offerSlug, ageBand: input.ageBand, slotId: slot.id },
		now,
		({ bookingIds }) => ({
			staffId: viewer.id,
			municipalitySlug: slot.municipalitySlug,
			action: 'phone_booking',
			detail: { offer: slot.offerSlug, bookings: bookingIds.length }
		})
	);
	if (!result.ok) return result;
	const code = await getCode(sql, result.codeId);
	return {
		ok: true,
		display: result.display,
		codeId: result.codeId,
		alias: code!.alias,
		slotId: slot.id,
		startsAt: slot.startsAt,
		placeName: slot.placeName,
		sessions: result.bookingIds.length
	};
}

/**
 * "Everyone attended" for a group session in one action (issue 13, item 7): each participant still marked as
 * booked is recorded as attended, each with its own audit row, as one by one; a cancelled one is left alone.
 * Returns how many were recorded.
 */
export async function markAllAttended(
	sql: Sql,
	viewer: Staff,
	slotId: string,
	now = new Date()
): Promise<AttendanceResult & { recorded?: number }> {
	const slot = await slotFor(sql, viewer, slotId);
	if (!slot) return { ok: false, reason: 'not_found' };
	if (copenhagenDate(slot.startsAt) > copenhagenDate(now)) return { ok: false, reason: 'too_early' };
	let recorded = 0;
	for (const b of slot.bookings.filter((b) => b.status === 'booked')) {
		if ((await setAttendance(sql, viewer, slotId, b.id, 'attended', now)).ok) recorded++;
	}
	return { ok: true, recorded };
}

export interface GroupSession {
	slot: Awaited<ReturnType<typeof slotFor>> & {};
	/** The phase's minimum for the group to run (Gladsaxe's parent courses, 001), when the offer declares one. */
	minParticipants: number | null;
	/** The series' sessions, to step from one week to the next. */
	sessions: { id: string; startsAt: Date; booked: number; cancelled: boolean }[];
	/**
	 * Who asked for a seat in the full series, in order, by alias, with the end of a seat held for them: a freed seat
	 * is offered to the first (booking/waitlist.ts).
	 */
	waitlist: { alias: string; codeId: string; offeredUntil: Date | null }[];
	/** How long a freed seat is held for the first in line (the municipality's setting or the declared default). */
	holdHours: number | null;
}

/** A group session as staff see it: the participants by alias with attendance, the minimum, the series. */
export async function groupSession(
	sql: Sql,
	viewer: Staff,
	slotId: string,
	now = new Date()
): Promise<GroupSession | null> {
	const slot = await slotFor(sql, viewer, slotId);
	if (!slot) return null;
	const format = (await offerBySlug(sql, slot.offerSlug))?.phases.find((p) => p.kind === slot.phase)?.format;
	const sessions = slot.seriesId
		? await sql<{ id: string; startsAt: Date; booked: number; cancelled: boolean }[]>`
			select id, starts_at, booked, cancelled_at is not null as cancelled from anon.slot where series_id = ${slot.seriesId} order by starts_at`
		: [];
	// The participants: those holding a seat; a cancelled booking is no longer one.
	const participants = { ...slot, bookings: slot.bookings.filter((b) => holdsSeat(b.status)) };
	// Looking at the list settles it first: a hold that ran out has passed on (booking/waitlist.ts).
	if (slot.seriesId) await settleWaitlist(sql, slot.seriesId, now);
	const waitlist = slot.seriesId ? await waitlistOf(sql, slot.seriesId) : [];
	return {
		slot: participants,
		minParticipants: format?.kind === 'group' ? (format.minParticipants ?? null) : null,
		sessions,
		waitlist,
		holdHours: slot.seriesId ? await holdHoursOf(sql, slot.seriesId) : null
	};
}
