import type { Sql, Tx } from '../platform/db';
import type { Offer } from '$lib/domain/model';
import {
	WAITLIST_HOLD_HOURS_DEFAULT,
	WAITLIST_WEEKS_AHEAD,
	holdEnds,
	seatsToOffer,
	timeHoldEnds,
	timesToOffer,
	type TimeWaitingEntry,
	type WaitingEntry
} from '$lib/domain/waitlist';
import type { PhaseKind } from '$lib/domain/model';
import { SEAT_HOLDING_STATUSES, type SeatHoldingStatus } from '$lib/domain/booking-status';
import { bookingVerdict, type CodeState, type Refusal } from '$lib/domain/sessions';
import { bookableFrom, minNoticeMinutes } from '$lib/domain/notice';
import { appendNotices } from './messages';
import { reachesAtPlace, type Staff } from '../staff/staff';
import { seatHolding, writeBookings, type Locks, type SlotRow } from './locks';

import type { TimeWait, Wait } from '$lib/views/citizen';
export type { TimeWait, Wait } from '$lib/views/citizen';

/**
 * A waiting list for a full group series (issue 15, part 2; issue 13, item 7): the one writer of anon.waitlist and of
 * its monthly counts. People (codes) ask for a seat and stand in line in the order they asked (a number, never a
 * time). A seat that is freed is offered to the first in line and held for them (the municipality's
 * `waitlistHoldHours`, else the declared default); they take it (bookings.ts `takeOfferedSeat`, which books) or say
 * no, or the hold runs out, and it passes to the next.
 *
 * Every change of the list runs under the series' lock (`Locks.series`, every session of the series), which every
 * booking of the series meets too; a code that is offered a seat, or loses one, is locked before it, as every
 * booking write does (code → slots → bookings, then the thread). So the line is served in order however many
 * seats are freed and taken at once (tests/db/waitlist-fair.test.ts).
 *
 * Nobody runs a clock for this. A list is settled (holds that ran out pass on, free seats are offered) right after
 * every write that can free a seat, when the person or staff look at it, and on the periodic tick that runs the
 * daily purge (platform/daily-purge.ts, every 15 minutes on every instance). Settling is idempotent: running it
 * twice, or on two instances at once, offers nothing twice, because the second waits for the first's lock and
 * then finds nothing to do.
 */

export type WaitlistRefusal = 'no_code' | 'slot_not_found' | 'not_full' | 'already_waiting' | Refusal;
export type WaitlistResult = { ok: true; position: number } | { ok: false; reason: WaitlistRefusal };

/** How many stand before this code in the series' line: everyone on it when the code is not. */
export async function waitingAhead(tx: Tx, seriesId: string, codeId: string): Promise<number> {
	const [row] = await tx<{ n: number }[]>`
		select count(*)::int as n from anon.waitlist w
		where w.series_id = ${seriesId} and w.code_id <> ${codeId}
			and w.position < coalesce((select position from anon.waitlist where series_id = ${seriesId} and code_id = ${codeId}), 9223372036854775807)`;
	return row!.n;
}

/**
 * The session a person from the line would start at: the first ahead with a free seat, or with a fixed start (no
 * rolling intake) the series' first session only, while it is still ahead (003: rolling intake is per offer).
 */
export function sessionToStartAt(sessions: readonly SlotRow[], rollingIntake: boolean, now: Date): SlotRow | null {
	const live = sessions.filter((s) => !s.cancelledAt).sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
	const open = (s: SlotRow | undefined) => s !== undefined && s.startsAt > now && s.booked < s.seats;
	if (!rollingIntake) return open(live[0]) ? live[0]! : null;
	return live.find(open) ?? null;
}

/** The series' first live session ahead, full or not. */
function firstAhead(sessions: readonly SlotRow[], now: Date): SlotRow | null {
	return (
		sessions
			.filter((s) => !s.cancelledAt && s.startsAt > now)
			.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())[0] ?? null
	);
}

/** Whether anybody could still join the series: a session ahead (with a fixed start, its first one still ahead). */
export function seriesStartable(sessions: readonly SlotRow[], rollingIntake: boolean, now: Date): boolean {
	const live = sessions.filter((s) => !s.cancelledAt).sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
	return rollingIntake ? live.some((s) => s.startsAt > now) : (live[0]?.startsAt ?? now) > now;
}

/** The session a person from the series' line would start at now (read without locks: the booking checks again). */
export async function startOfLine(sql: Sql, seriesId: string, now: Date): Promise<SlotRow | null> {
	const facts = await seriesFacts(sql, seriesId);
	const sessions = await sql<SlotRow[]>`
		select id, offer_slug, phase, starts_at, seats, booked, cancelled_at, series_id
		from anon.slot where series_id = ${seriesId}`;
	return facts ? sessionToStartAt(sessions, facts.rollingIntake, now) : null;
}

interface SeriesFacts {
	rollingIntake: boolean;
	holdHours: number;
	offerSlug: string;
	placeSlug: string;
}

/** What settling needs of the series besides its sessions: its format and the municipality's hold time. */
async function seriesFacts(sql: Sql | Tx, seriesId: string): Promise<SeriesFacts | null> {
	const [row] = await sql<{ offer: Offer; phase: string; holdHours: number; offerSlug: string; placeSlug: string }[]>`
		select o.config as offer, s.phase, s.offer_slug, s.place_slug,
			coalesce(m.waitlist_hold_hours, ${WAITLIST_HOLD_HOURS_DEFAULT})::int as hold_hours
		from anon.slot s join portal.offer o on o.slug = s.offer_slug
			join portal.municipality m on m.slug = o.municipality_slug
		where s.series_id = ${seriesId} limit 1`;
	if (!row) return null;
	const format = row.offer.phases.find((p) => p.kind === row.phase)?.format;
	return {
		rollingIntake: format?.kind === 'group' && format.rollingIntake === true,
		holdHours: row.holdHours,
		offerSlug: row.offerSlug,
		placeSlug: row.placeSlug
	};
}

function lineOf(sql: Sql | Tx, seriesId: string): Promise<WaitingEntry[]> {
	return sql<WaitingEntry[]>`
		select code_id, offered_until from anon.waitlist where series_id = ${seriesId} order by position`;
}

/** Adds to the month's count of waits for the series' offer and place (statistics; no code is kept). */
async function countWaits(
	tx: Tx,
	facts: { offerSlug: string; placeSlug: string },
	what: 'joined' | 'offered' | 'accepted',
	n: number
) {
	if (n === 0) return;
	await tx`
		insert into portal.waitlist_month (month, offer_slug, place_slug, ${tx(what)})
		values (portal.copenhagen_month(now()), ${facts.offerSlug}, ${facts.placeSlug}, ${n})
		on conflict (month, offer_slug, place_slug) do update set ${tx(what)} = portal.waitlist_month.${tx(what)} + ${n}`;
}

/** Counts a seat taken from the list; bookings.ts calls it in the booking's own transaction. */
export async function countAccepted(tx: Tx, seriesId: string): Promise<void> {
	const facts = await seriesFacts(tx, seriesId);
	if (facts) await countWaits(tx, facts, 'accepted', 1);
}

/**
 * A code asks for a seat in a full group series: it goes to the end of the line, once (asking again keeps its
 * place). Full means a newcomer could not book it: no session to start at has a seat that is not the line's.
 */
export async function joinWaitlist(
	sql: Sql,
	codeId: string,
	seriesId: string,
	now = new Date()
): Promise<WaitlistResult> {
	const facts = await seriesFacts(sql, seriesId);
	if (!facts) return { ok: false, reason: 'slot_not_found' };
	const result = await writeBookings(sql, async (tx, locks) => {
		const code = await locks.code(codeId);
		// Another offer's (or municipality's) series is not this code's to wait for, nor to lock.
		if (code.offerSlug !== facts.offerSlug) return { ok: false as const, reason: 'slot_not_found' as const };
		const sessions = await locks.series(seriesId);
		const [mine] = await tx`select 1 from anon.waitlist where series_id = ${seriesId} and code_id = ${codeId}`;
		if (!mine) {
			// One line at a time per code, so one code cannot stand in every line and keep seats held idle.
			const [elsewhere] = await tx`select 1 from anon.waitlist where code_id = ${codeId}`;
			if (elsewhere) return { ok: false as const, reason: 'already_waiting' as const };
			if (!seriesStartable(sessions, facts.rollingIntake, now))
				return { ok: false as const, reason: 'slot_not_found' as const };
			const start = sessionToStartAt(sessions, facts.rollingIntake, now);
			const line = (await lineOf(tx, seriesId)).length;
			if (start && start.seats - start.booked > line) return { ok: false as const, reason: 'not_full' as const };
			// Only a code that could book the seat by the rules may wait for it (course ended, cap, §101a decision…):
			// otherwise a freed seat would be held for somebody who cannot take it.
			const first = start ?? firstAhead(sessions, now);
			if (first) {
				const verdict = bookingVerdict(
					code.offer,
					code, // a locked code carries its state (CodeState)
					await seatHolding(tx, codeId),
					{ phase: first.phase, startsAt: first.startsAt },
					now
				);
				if (!verdict.ok) return { ok: false as const, reason: verdict.reason };
			}
			// The next place in this series' line, numbered within the series under its lock (082: a number shared by
			// every series would line up with the join requests in an access log).
			await tx`
				insert into anon.waitlist (series_id, code_id, position)
				values (${seriesId}, ${codeId},
					(select coalesce(max(position), 0) + 1 from anon.waitlist where series_id = ${seriesId}))`;
			await tx`update anon.code set last_activity_at = now() where id = ${codeId}`;
			await countWaits(tx, facts, 'joined', 1);
		}
		return { ok: true as const, position: (await waitingAhead(tx, seriesId, codeId)) + 1 };
	});
	return result.ok ? result.value : { ok: false, reason: 'no_code' };
}

/**
 * The person leaves the line, or says "no thanks" to a seat held for them: their entry goes, and a seat they held
 * passes to the next in line at once. False when they were not on it.
 */
export async function leaveWaitlist(sql: Sql, codeId: string, seriesId: string, now = new Date()): Promise<boolean> {
	const facts = await seriesFacts(sql, seriesId);
	if (!facts) return false;
	const result = await writeBookings(sql, async (tx, locks) => {
		const code = await locks.code(codeId);
		if (code.offerSlug !== facts.offerSlug) return false;
		await locks.series(seriesId);
		const gone = await tx`delete from anon.waitlist where series_id = ${seriesId} and code_id = ${codeId} returning 1`;
		return gone.length > 0;
	});
	const left = result.ok && result.value;
	if (left) await settleWaitlist(sql, seriesId, now);
	return left;
}

/** Signals that the codes locked for a settle were not the ones it had to write to: guess again. */
class LineMoved extends Error {}

/**
 * Holds that ran out pass on and free seats are offered, in order, each with a notice in the person's thread. The
 * codes to write to must be locked before the series (code → slots), so they are first read without locks, then
 * read again under the locks; when the line moved meanwhile, it starts over with what it saw.
 * Returns the codes offered a seat and those whose hold ran out.
 */
export async function settleWaitlist(
	sql: Sql,
	seriesId: string,
	now = new Date()
): Promise<{ offered: string[]; expired: string[] }> {
	const facts = await seriesFacts(sql, seriesId);
	if (!facts) return { offered: [], expired: [] };
	const plan = async (tx: Sql | Tx, sessions: readonly SlotRow[]) => {
		const line = await lineOf(tx, seriesId);
		// A series nobody can join any more closes its line: everybody on it is told and taken off.
		if (!seriesStartable(sessions, facts.rollingIntake, now))
			return { start: null, close: line.map((e) => e.codeId), expire: [], renew: [], offer: [] };
		const start = sessionToStartAt(sessions, facts.rollingIntake, now);
		const starts = sessions.map((x) => x.startsAt);
		const { expire, renew, offer } = seatsToOffer(line, start ? start.seats - start.booked : 0, now, starts);
		return { start, close: [] as string[], expire, renew, offer };
	};
	for (let attempt = 0; attempt < 8; attempt++) {
		const guess = await plan(
			sql,
			await sql<SlotRow[]>`
			select id, offer_slug, phase, starts_at, seats, booked, cancelled_at, series_id
			from anon.slot where series_id = ${seriesId}`
		);
		const touched = (p: typeof guess) => [...p.close, ...p.expire, ...p.renew, ...p.offer];
		if (touched(guess).length === 0) return { offered: [], expired: [] };
		const locked = new Set(touched(guess));
		try {
			const result = await writeBookings(sql, async (tx, locks: Locks) => {
				await locks.codes([...locked]);
				const fresh = await plan(tx, await locks.series(seriesId));
				const { start, close, expire, renew, offer } = fresh;
				if (!touched(fresh).every((c) => locked.has(c))) throw new LineMoved();
				if (close.length > 0) {
					await tx`delete from anon.waitlist where series_id = ${seriesId} and code_id = any(${close}::uuid[])`;
					await appendNotices(tx, close, 'waitlist_closed', null);
				}
				if (expire.length > 0) {
					await tx`delete from anon.waitlist where series_id = ${seriesId} and code_id = any(${expire}::uuid[])`;
					await appendNotices(tx, expire, 'waitlist_expired', null);
				}
				// A hold cut short by its session's start: the person keeps their place (and is offered again below).
				const reset = renew.filter((c) => !offer.includes(c));
				if (reset.length > 0)
					await tx`update anon.waitlist set offered_until = null where series_id = ${seriesId} and code_id = any(${reset}::uuid[])`;
				if (offer.length > 0 && start) {
					const until = holdEnds(now, facts.holdHours, start.startsAt);
					const [held] = await tx<{ offeredUntil: Date }[]>`
						update anon.waitlist set offered_until = ${until}
						where series_id = ${seriesId} and code_id = any(${offer}::uuid[])
						returning offered_until`;
					// The notice names the end of the hold as stored (a day's end, or the session's start).
					await appendNotices(tx, offer, 'waitlist_offer', held!.offeredUntil);
					await countWaits(tx, facts, 'offered', offer.length);
				}
				return { offered: offer, expired: [...close, ...expire] };
			});
			if (result.ok) return result.value;
			throw new Error(`settling a waiting list was refused: ${result.reason}`);
		} catch (e) {
			if (!(e instanceof LineMoved)) throw e;
		}
	}
	// The line kept moving under us: the writes that moved it settle it themselves when they are done.
	return { offered: [], expired: [] };
}

/** How long the series' municipality holds a freed seat, in hours (its setting, else the declared default). */
export async function holdHoursOf(sql: Sql, seriesId: string): Promise<number> {
	return (await seriesFacts(sql, seriesId))?.holdHours ?? WAITLIST_HOLD_HOURS_DEFAULT;
}

/** Every series with somebody in line: settled on the periodic tick, so a hold that ran out passes on unseen. */
export async function settleAllWaitlists(sql: Sql, now = new Date()): Promise<number> {
	const series = await sql<{ seriesId: string }[]>`
		select distinct series_id from anon.waitlist where series_id is not null`;
	let changed = 0;
	for (const { seriesId } of series) {
		const { offered, expired } = await settleWaitlist(sql, seriesId, now);
		changed += offered.length + expired.length;
	}
	const places = await sql<{ offerSlug: string; placeSlug: string }[]>`
		select distinct offer_slug, place_slug from anon.waitlist where series_id is null`;
	for (const line of places) {
		const { offered, expired } = await settleTimeWaitlist(sql, line.offerSlug, line.placeSlug, now);
		changed += offered.length + expired.length;
	}
	return changed;
}

/** The series' line in order, by alias, with any seat held and until when: what staff see on a group's page. */
export async function waitlistOf(
	sql: Sql,
	seriesId: string
): Promise<{ alias: string; codeId: string; offeredUntil: Date | null }[]> {
	return sql<{ alias: string; codeId: string; offeredUntil: Date | null }[]>`
		select c.alias, w.code_id, w.offered_until from anon.waitlist w join anon.code c on c.id = w.code_id
		where w.series_id = ${seriesId} order by w.position`;
}

/** The series a code stands in line for, which a freed seat or a run-out hold may have changed: settled first. */
export async function waitsOfCode(sql: Sql, codeId: string, now = new Date()): Promise<Wait[]> {
	const mine = await sql<{ seriesId: string }[]>`
		select series_id from anon.waitlist where code_id = ${codeId} and series_id is not null`;
	for (const { seriesId } of mine) await settleWaitlist(sql, seriesId, now);
	const rows = await sql<
		{ seriesId: string; placeName: string; startsAt: Date; endsAt: Date; position: number; offeredUntil: Date | null }[]
	>`
		select w.series_id, p.name as place_name, next.starts_at, next.ends_at, w.offered_until,
			(select count(*)::int + 1 from anon.waitlist a where a.series_id = w.series_id and a.position < w.position) as position
		from anon.waitlist w
			join lateral (
				select starts_at, ends_at, place_slug from anon.slot s
				where s.series_id = w.series_id and s.cancelled_at is null and s.starts_at > ${now}
				order by starts_at limit 1) next on true
			join portal.place p on p.slug = next.place_slug
		where w.code_id = ${codeId}
		order by w.position`;
	const waits: Wait[] = [];
	for (const r of rows) {
		const start = r.offeredUntil && r.offeredUntil > now ? await startOfLine(sql, r.seriesId, now) : null;
		const offer = start && r.offeredUntil ? { until: r.offeredUntil, from: start.startsAt } : null;
		waits.push({
			seriesId: r.seriesId,
			placeName: r.placeName,
			startsAt: r.startsAt,
			endsAt: r.endsAt,
			position: r.position,
			offer
		});
	}
	return waits;
}

/*
 * The line for the individual times of an offer at a place (issue 15, part 2: "all times of an offer in the coming
 * weeks are full"). The same table and rules as a group's line, with one time held per person (offered_slot_id):
 * a time freed within the coming weeks (WAITLIST_WEEKS_AHEAD) and further ahead than the minimum notice goes to the
 * first in line who may book it (bookingVerdict), held until the hold time ends or the time's start minus the
 * minimum notice, whichever comes first. A time nobody in line may take stays free for everyone.
 *
 * The locks: the codes written to, then the place's free times in the coming weeks (slots, id order), then the line.
 * A booking of such a time locks it too and is refused while it is held for somebody else (`heldForAnother`), so a
 * hold and a booking never cross; two settles of one line meet on the same times; a code joining locks them too.
 */

type TimeSlot = { id: string; phase: PhaseKind; startsAt: Date };

interface TimeLineFacts {
	offer: Offer;
	holdHours: number;
}

async function timeLineFacts(sql: Sql | Tx, offerSlug: string): Promise<TimeLineFacts | null> {
	const [row] = await sql<{ offer: Offer; holdHours: number }[]>`
		select o.config as offer, coalesce(m.waitlist_hold_hours, ${WAITLIST_HOLD_HOURS_DEFAULT})::int as hold_hours
		from portal.offer o join portal.municipality m on m.slug = o.municipality_slug
		where o.slug = ${offerSlug}`;
	return row ?? null;
}

/** The window a line's times are taken from: bookable online now (minimum notice) and within the coming weeks. */
function timeWindow(offer: Offer, now: Date): { from: Date; to: Date } {
	return { from: bookableFrom(offer, now), to: new Date(now.getTime() + WAITLIST_WEEKS_AHEAD * 7 * 86_400_000) };
}

/** The individual times of the offer at the place in the window, cancelled and full ones included (for the lock). */
function timesInWindow(sql: Sql | Tx, offerSlug: string, placeSlug: string, w: { from: Date; to: Date }) {
	return sql`
		select id from anon.slot
		where offer_slug = ${offerSlug} and place_slug = ${placeSlug} and series_id is null
			and starts_at >= ${w.from} and starts_at < ${w.to}`;
}

function freeTimes(slots: Iterable<SlotRow>): TimeSlot[] {
	return [...slots]
		.filter((s) => !s.cancelledAt && s.booked < s.seats)
		.map((s) => ({ id: s.id, phase: s.phase, startsAt: s.startsAt }));
}

function timeLineOf(sql: Sql | Tx, offerSlug: string, placeSlug: string): Promise<TimeWaitingEntry[]> {
	return sql<TimeWaitingEntry[]>`
		select code_id, offered_until, offered_slot_id from anon.waitlist
		where series_id is null and offer_slug = ${offerSlug} and place_slug = ${placeSlug} order by position`;
}

type Held = { phase: PhaseKind; startsAt: Date; status: SeatHoldingStatus };

/** May each of these codes book a time, by the domain's rules, on what the database holds now. */
async function verdicts(sql: Sql | Tx, offer: Offer, codeIds: readonly string[], now: Date) {
	const codes = await sql<(CodeState & { id: string })[]>`
		select id, age_band, decision, parental_consent, course_ended from anon.code where id = any(${codeIds as string[]}::uuid[])`;
	const held = await sql<(Held & { codeId: string })[]>`
		select code_id, phase, starts_at, status from anon.booking
		where code_id = any(${codeIds as string[]}::uuid[]) and status = any(${SEAT_HOLDING_STATUSES as unknown as string[]})`;
	const state = new Map(codes.map((c) => [c.id, c]));
	return (codeId: string, time: TimeSlot) => {
		const code = state.get(codeId);
		if (!code) return false;
		const mine = held.filter((h) => h.codeId === codeId);
		return bookingVerdict(offer, code, mine, { phase: time.phase, startsAt: time.startsAt }, now).ok;
	};
}

/** Open holds on these times (another person's hold keeps a time from everyone else). */
async function heldTimes(sql: Sql | Tx, ids: readonly string[], now: Date): Promise<Map<string, string>> {
	const rows = await sql<{ offeredSlotId: string; codeId: string }[]>`
		select offered_slot_id, code_id from anon.waitlist
		where offered_slot_id = any(${ids as string[]}::uuid[]) and offered_until > ${now}`;
	return new Map(rows.map((r) => [r.offeredSlotId, r.codeId]));
}

/**
 * Under the slot's lock (bookings.ts): an individual time is not free for this code when it is held for somebody else
 * from its place's line, or when, being in the line's window, somebody waiting ahead of the code (everyone in line,
 * for a code not on it) may book it: a freed time is kept for the line until it is offered (settle runs right after
 * the write that freed it), as a group's seat is.
 */
export async function keptFromCode(
	tx: Tx,
	code: { id: string; offer: Offer },
	slot: { id: string; phase: PhaseKind; startsAt: Date },
	now: Date
): Promise<boolean> {
	const line = await tx<(TimeWaitingEntry & { placeSlug: string })[]>`
		select w.code_id, w.offered_until, w.offered_slot_id from anon.waitlist w join anon.slot s on s.id = ${slot.id}
		where w.series_id is null and w.offer_slug = s.offer_slug and w.place_slug = s.place_slug
		order by w.position`;
	if (line.length === 0) return false;
	const open = (e: TimeWaitingEntry) => e.offeredUntil !== null && e.offeredUntil > now;
	if (line.some((e) => open(e) && e.offeredSlotId === slot.id))
		return !line.some((e) => open(e) && e.offeredSlotId === slot.id && e.codeId === code.id);
	const w = timeWindow(code.offer, now);
	if (slot.startsAt < w.from || slot.startsAt >= w.to) return false;
	const mine = line.findIndex((e) => e.codeId === code.id);
	const ahead = (mine < 0 ? line : line.slice(0, mine)).filter((e) => !open(e)).map((e) => e.codeId);
	if (ahead.length === 0) return false;
	const may = await verdicts(tx, code.offer, ahead, now);
	return ahead.some((c) => may(c, slot));
}

/**
 * In the booking's transaction (bookings.ts), after a code booked an individual time: when the time was held for it
 * from a line, its place in that line is used up, and it counts as a wait that ended in a time.
 */
export async function tookHeldTime(tx: Tx, codeId: string, slotId: string): Promise<void> {
	const [line] = await tx<{ offerSlug: string; placeSlug: string }[]>`
		delete from anon.waitlist where code_id = ${codeId} and offered_slot_id = ${slotId} and series_id is null
		returning offer_slug, place_slug`;
	if (line) await countWaits(tx, line, 'accepted', 1);
}

/**
 * A code asks for a time at a place where every individual time of its offer in the coming weeks is full: it goes to
 * the end of that line, once. Refused as not full while a time there in the window is free for it (not held for
 * another, and the rules let it book that time), and as not found where the place has no such times at all (a line
 * there would never move) or does not give the offer.
 */
export async function joinTimeWaitlist(
	sql: Sql,
	codeId: string,
	placeSlug: string,
	now = new Date()
): Promise<WaitlistResult> {
	const result = await writeBookings(sql, async (tx, locks) => {
		const code = await locks.code(codeId);
		if (!code.offer.providers.some((p) => p.place === placeSlug))
			return { ok: false as const, reason: 'slot_not_found' as const };
		const w = timeWindow(code.offer, now);
		const slots = [...(await locks.slots([], timesInWindow(tx, code.offerSlug, placeSlug, w))).values()];
		const [mine] = await tx`
			select 1 from anon.waitlist where series_id is null and offer_slug = ${code.offerSlug}
				and place_slug = ${placeSlug} and code_id = ${codeId}`;
		if (!mine) {
			// One line at a time per code, as for groups.
			const [elsewhere] = await tx`select 1 from anon.waitlist where code_id = ${codeId}`;
			if (elsewhere) return { ok: false as const, reason: 'already_waiting' as const };
			const full = await allTimesFull(tx, code.offer, codeId, slots, now);
			if (full !== true) return { ok: false as const, reason: full };
			// The next place in this line, numbered within it (082); joiners of one line take turns here.
			await tx`select pg_advisory_xact_lock(hashtext(${`waitlist:${code.offerSlug}:${placeSlug}`}))`;
			await tx`
				insert into anon.waitlist (offer_slug, place_slug, code_id, position)
				values (${code.offerSlug}, ${placeSlug}, ${codeId},
					(select coalesce(max(position), 0) + 1 from anon.waitlist
						where series_id is null and offer_slug = ${code.offerSlug} and place_slug = ${placeSlug}))`;
			await tx`update anon.code set last_activity_at = now() where id = ${codeId}`;
			await countWaits(tx, { offerSlug: code.offerSlug, placeSlug }, 'joined', 1);
		}
		const [ahead] = await tx<{ n: number }[]>`
			select count(*)::int as n from anon.waitlist a
			where a.series_id is null and a.offer_slug = ${code.offerSlug} and a.place_slug = ${placeSlug}
				and a.position < (select position from anon.waitlist where series_id is null and offer_slug = ${code.offerSlug}
					and place_slug = ${placeSlug} and code_id = ${codeId})`;
		return { ok: true as const, position: ahead!.n + 1 };
	});
	return result.ok ? result.value : { ok: false, reason: 'no_code' };
}

/**
 * Whether every individual time in the window is full for this code: none free that is not held for another and
 * that the rules let it book. Not found where the window has no times at all (a line there would never move).
 */
async function allTimesFull(
	q: Sql | Tx,
	offer: Offer,
	codeId: string,
	slots: readonly SlotRow[],
	now: Date
): Promise<true | 'not_full' | 'slot_not_found'> {
	const individual = slots.filter((s) => !s.cancelledAt);
	if (individual.length === 0) return 'slot_not_found';
	const free = freeTimes(individual);
	const held = await heldTimes(
		q,
		free.map((t) => t.id),
		now
	);
	const may = await verdicts(q, offer, [codeId], now);
	return free.some((t) => !held.has(t.id) && may(codeId, t)) ? 'not_full' : true;
}

/**
 * What the time page offers a code at a place (read without locks; joining checks again): to join the line when
 * every time in the coming weeks is full for it, that it is already waiting, or nothing.
 */
export async function timeLineChoice(
	sql: Sql,
	code: { id: string; offer: Offer },
	placeSlug: string,
	now = new Date()
): Promise<'join' | 'waiting' | null> {
	const [mine] = await sql`
		select 1 from anon.waitlist where series_id is null and offer_slug = ${code.offer.slug}
			and place_slug = ${placeSlug} and code_id = ${code.id}`;
	if (mine) return 'waiting';
	const slots = await sql<SlotRow[]>`
		select id, offer_slug, phase, starts_at, seats, booked, cancelled_at, series_id from anon.slot
		where id in (${timesInWindow(sql, code.offer.slug, placeSlug, timeWindow(code.offer, now))})`;
	return (await allTimesFull(sql, code.offer, code.id, slots, now)) === true ? 'join' : null;
}

/** The person leaves the place's line, or says "no thanks" to the time held: it passes to the next at once. */
export async function leaveTimeWaitlist(
	sql: Sql,
	codeId: string,
	placeSlug: string,
	now = new Date()
): Promise<boolean> {
	const result = await writeBookings(sql, async (tx, locks) => {
		await locks.code(codeId);
		const gone = await tx<{ offerSlug: string }[]>`
			delete from anon.waitlist where series_id is null and code_id = ${codeId} and place_slug = ${placeSlug}
			returning offer_slug`;
		return gone[0]?.offerSlug ?? null;
	});
	const offerSlug = result.ok ? result.value : null;
	if (offerSlug) await settleTimeWaitlist(sql, offerSlug, placeSlug, now);
	return offerSlug !== null;
}

/**
 * The place's line is settled: holds that ran out pass on (the person leaves the line), holds on a time that is gone
 * are void (the person waits again), and free times are offered in order, each with a notice in the person's thread.
 * As for a group, the codes to write to are guessed without locks and locked first; when the line moved, it starts
 * over. Returns the codes offered a time and those whose hold ran out.
 */
export async function settleTimeWaitlist(
	sql: Sql,
	offerSlug: string,
	placeSlug: string,
	now = new Date()
): Promise<{ offered: string[]; expired: string[] }> {
	const facts = await timeLineFacts(sql, offerSlug);
	if (!facts) return { offered: [], expired: [] };
	const w = timeWindow(facts.offer, now);
	const plan = async (q: Sql | Tx, slots: Iterable<SlotRow>) => {
		const line = await timeLineOf(q, offerSlug, placeSlug);
		if (line.length === 0) return { expire: [], release: [], offer: [], free: new Map<string, TimeSlot>() };
		const free = freeTimes(slots);
		const may = await verdicts(
			q,
			facts.offer,
			line.map((e) => e.codeId),
			now
		);
		return { ...timesToOffer(line, free, may, now), free: new Map(free.map((t) => [t.id, t])) };
	};
	for (let attempt = 0; attempt < 8; attempt++) {
		const guess = await plan(
			sql,
			await sql<SlotRow[]>`
				select id, offer_slug, phase, starts_at, seats, booked, cancelled_at, series_id from anon.slot
				where id in (${timesInWindow(sql, offerSlug, placeSlug, w)})`
		);
		const touched = [...guess.expire, ...guess.release, ...guess.offer.map((o) => o.codeId)];
		if (touched.length === 0) return { offered: [], expired: [] };
		const locked = new Set(touched);
		try {
			const result = await writeBookings(sql, async (tx, locks: Locks) => {
				await locks.codes([...locked]);
				const slots = await locks.slots([], timesInWindow(tx, offerSlug, placeSlug, w));
				const { expire, release, offer, free } = await plan(tx, slots.values());
				if (![...expire, ...release, ...offer.map((o) => o.codeId)].every((c) => locked.has(c))) throw new LineMoved();
				const line = tx`series_id is null and offer_slug = ${offerSlug} and place_slug = ${placeSlug}`;
				if (expire.length > 0) {
					await tx`delete from anon.waitlist where ${line} and code_id = any(${expire}::uuid[])`;
					await appendNotices(tx, expire, 'waitlist_expired', null);
				}
				const again = [...release, ...offer.map((o) => o.codeId)];
				if (again.length > 0)
					await tx`update anon.waitlist set offered_until = null, offered_slot_id = null
						where ${line} and code_id = any(${again}::uuid[])`;
				for (const o of offer) {
					const time = free.get(o.slotId)!;
					const until = timeHoldEnds(now, facts.holdHours, time.startsAt, minNoticeMinutes(facts.offer));
					const [held] = await tx<{ offeredUntil: Date }[]>`
						update anon.waitlist set offered_until = ${until}, offered_slot_id = ${o.slotId}
						where ${line} and code_id = ${o.codeId} returning offered_until`;
					await appendNotices(tx, [o.codeId], 'waitlist_offer', held!.offeredUntil);
				}
				await countWaits(tx, { offerSlug, placeSlug }, 'offered', offer.length);
				return { offered: offer.map((o) => o.codeId), expired: expire };
			});
			if (result.ok) return result.value;
			throw new Error(`settling a waiting list was refused: ${result.reason}`);
		} catch (e) {
			if (!(e instanceof LineMoved)) throw e;
		}
	}
	return { offered: [], expired: [] };
}

/** After a write freed individual times (bookings.ts): the lines of their offers and places are settled. */
export async function linesOfTimes(
	sql: Sql,
	slotIds: readonly string[]
): Promise<{ offerSlug: string; placeSlug: string }[]> {
	if (slotIds.length === 0) return [];
	return sql<{ offerSlug: string; placeSlug: string }[]>`
		select distinct s.offer_slug, s.place_slug from anon.slot s
		where s.id = any(${slotIds as string[]}::uuid[]) and s.series_id is null
			and exists (select 1 from anon.waitlist w where w.series_id is null
				and w.offer_slug = s.offer_slug and w.place_slug = s.place_slug)`;
}

/** The place lines a code stands in, settled first, with its number or the time held for it. */
export async function timeWaitsOfCode(sql: Sql, codeId: string, now = new Date()): Promise<TimeWait[]> {
	const mine = await sql<{ offerSlug: string; placeSlug: string }[]>`
		select offer_slug, place_slug from anon.waitlist where code_id = ${codeId} and series_id is null`;
	for (const l of mine) await settleTimeWaitlist(sql, l.offerSlug, l.placeSlug, now);
	const rows = await sql<
		{
			placeSlug: string;
			placeName: string;
			position: number;
			offeredUntil: Date | null;
			startsAt: Date | null;
			endsAt: Date | null;
		}[]
	>`
		select w.place_slug, p.name as place_name, w.offered_until, s.starts_at, s.ends_at,
			(select count(*)::int + 1 from anon.waitlist a where a.series_id is null and a.offer_slug = w.offer_slug
				and a.place_slug = w.place_slug and a.position < w.position) as position
		from anon.waitlist w join portal.place p on p.slug = w.place_slug
			left join anon.slot s on s.id = w.offered_slot_id
		where w.code_id = ${codeId} and w.series_id is null
		order by w.position`;
	return rows.map((r) => ({
		placeSlug: r.placeSlug,
		placeName: r.placeName,
		position: r.position,
		offer:
			r.offeredUntil && r.offeredUntil > now && r.startsAt && r.endsAt
				? { until: r.offeredUntil, startsAt: r.startsAt, endsAt: r.endsAt }
				: null
	}));
}

/** One line for an offer's individual times at a place, as staff see it: by alias, in order, with any hold. */
export interface TimeLineForStaff {
	offerSlug: string;
	offerTitle: { da: string; en: string };
	placeName: string;
	entries: { alias: string; codeId: string; offeredUntil: Date | null; offeredSlotId: string | null }[];
}

/**
 * The lines for individual times at the viewer's places (issue 15, part 2: "staff see the list per offer and place
 * by alias"), only for offers the viewer reaches there (`reachesAtPlace`, as every other staff view).
 */
export async function timeLinesFor(sql: Sql, viewer: Staff): Promise<TimeLineForStaff[]> {
	const rows = await sql<
		{
			offerSlug: string;
			offerTitle: { da: string; en: string };
			placeName: string;
			alias: string;
			codeId: string;
			offeredUntil: Date | null;
			offeredSlotId: string | null;
		}[]
	>`
		select o.slug as offer_slug, o.config -> 'title' as offer_title, p.name as place_name,
			c.alias, w.code_id, w.offered_until, w.offered_slot_id
		from anon.waitlist w
			join anon.code c on c.id = w.code_id
			join portal.offer o on o.slug = w.offer_slug
			join portal.place p on p.slug = w.place_slug
		where w.series_id is null and p.slug = any(${viewer.places}::text[]) and ${reachesAtPlace(sql, viewer)}
		order by o.slug, p.name, w.position`;
	const lines: TimeLineForStaff[] = [];
	for (const r of rows) {
		let line = lines.at(-1);
		if (!line || line.offerSlug !== r.offerSlug || line.placeName !== r.placeName) {
			line = { offerSlug: r.offerSlug, offerTitle: r.offerTitle, placeName: r.placeName, entries: [] };
			lines.push(line);
		}
		line.entries.push({
			alias: r.alias,
			codeId: r.codeId,
			offeredUntil: r.offeredUntil,
			offeredSlotId: r.offeredSlotId
		});
	}
	return lines;
}
