import type { Sql, Tx } from '../platform/db';
import type { Offer } from '$lib/domain/model';
import { WAITLIST_HOLD_HOURS_DEFAULT, holdEnds, seatsToOffer, type WaitingEntry } from '$lib/domain/waitlist';
import { appendNotices } from './messages';
import { seatHolding, writeBookings, type Locks, type SlotRow } from './locks';
import { bookingVerdict, type Refusal } from '$lib/domain/sessions';
import type { Wait } from '$lib/views/citizen';
export type { Wait } from '$lib/views/citizen';

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
async function countWaits(tx: Tx, facts: SeriesFacts, what: 'joined' | 'offered' | 'accepted', n: number) {
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
					{
						ageBand: code.ageBand,
						decision: code.decision,
						parentalConsent: code.parentalConsent,
						courseEnded: code.courseEnded
					},
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
	const series = await sql<{ seriesId: string }[]>`select distinct series_id from anon.waitlist`;
	let changed = 0;
	for (const { seriesId } of series) {
		const { offered, expired } = await settleWaitlist(sql, seriesId, now);
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
	const mine = await sql<{ seriesId: string }[]>`select series_id from anon.waitlist where code_id = ${codeId}`;
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
