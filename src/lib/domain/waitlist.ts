import { addCalendarDays, copenhagenDate, wallTimeToInstant } from './hours';

/**
 * A waiting list for a full group (issue 15, part 2; issue 13, item 7): who gets a freed seat, and for how long it
 * is held for them. Pure rules; the database work is booking/waitlist.ts.
 */

/**
 * A declared product default, not from the sources (no document says how long a freed seat waits for a person):
 * two days, so somebody who looks in every other day does not miss it. Per municipality `waitlistHoldHours` in its
 * configuration file overrides it.
 */
export const WAITLIST_HOLD_HOURS_DEFAULT = 48;

/** One place in a series' line, in order: `offeredUntil` is the end of a seat held for it, if one is. */
export interface WaitingEntry {
	codeId: string;
	offeredUntil: Date | null;
}

/**
 * Who loses a held seat (the hold ran out), whose hold is renewed, and who is offered one now. A seat that is free
 * and not held goes to the first in line who has no offer yet, in the order they asked; nobody is passed over, and
 * no seat is offered twice: the open holds count against the free seats. When fewer seats are free than holds are
 * open (staff took seats away), nobody new is offered one, and nobody loses theirs before it runs out.
 * A hold that ended because its session began (`sessionStarts`) was shorter than the person was promised: they keep
 * their place and, still first, are offered the seat from a later session (`renew`) instead of losing it.
 */
export function seatsToOffer(
	line: readonly WaitingEntry[],
	freeSeats: number,
	now: Date,
	sessionStarts: readonly Date[] = []
): { expire: string[]; renew: string[]; offer: string[] } {
	const ranOut = (e: WaitingEntry) => e.offeredUntil !== null && e.offeredUntil <= now;
	const cutShort = (e: WaitingEntry) =>
		ranOut(e) && sessionStarts.some((s) => s.getTime() === e.offeredUntil!.getTime());
	const expire = line.filter((e) => ranOut(e) && !cutShort(e)).map((e) => e.codeId);
	const renew = line.filter(cutShort).map((e) => e.codeId);
	const open = line.filter((e) => e.offeredUntil !== null && e.offeredUntil > now).length;
	const waiting = line.filter((e) => e.offeredUntil === null || cutShort(e)).map((e) => e.codeId);
	return { expire, renew, offer: waiting.slice(0, Math.max(0, freeSeats - open)) };
}

/**
 * When a hold ends: at the end of the Copenhagen day on which the hold time is up (so never sooner than promised),
 * or when the session the seat starts at begins, whichever is first. A day's end, not "now + 48 hours": that would
 * keep to the minute when the seat was freed, and so when somebody cancelled, which a proxy's access log could
 * join to the one request (the list keeps no time finer than the day a citizen did something; 045, 061).
 */
export function holdEnds(now: Date, holdHours: number, startsAt: Date): Date {
	const due = new Date(now.getTime() + holdHours * 3_600_000);
	const dayEnd = wallTimeToInstant(addCalendarDays(copenhagenDate(due), 1), '00:00');
	return dayEnd < startsAt ? dayEnd : startsAt;
}

/**
 * The line for the individual times of an offer at a place (issue 15, part 2: "all times of an offer in the coming
 * weeks are full"). "The coming weeks" is the citizen's horizon of free times (issue 3: "the next weeks", WEEKS_AHEAD
 * in booking/citizen.ts): a person may join when no time there within it is free for them, and only a time within it
 * is offered from the line (a later one is in the time chooser for everyone). A declared product default.
 */
export const WAITLIST_WEEKS_AHEAD = 4;

/** One place in an offer-and-place line, in order, with the one time held for it, if one is. */
export interface TimeWaitingEntry {
	codeId: string;
	offeredUntil: Date | null;
	offeredSlotId: string | null;
}

/** A free individual time at the place, far enough ahead to be booked online (domain/notice.ts). */
export interface FreeTime {
	id: string;
	startsAt: Date;
}

/**
 * Who loses a held time (the hold ran out: they leave the line, as in a group's), whose hold is void because its time
 * is gone (cancelled by the centre, or deleted: they keep their place and wait again), and who is offered which time
 * now. Each free time that is not held goes, earliest first, to the first in line without a hold who may book it by
 * the rules (`mayBook`: cap, cadence, phase — bookingVerdict). Nobody who may take a time is passed over for somebody
 * behind them; nobody holds two; a time is held for one person at a time; a time nobody in line may take stays free.
 */
export function timesToOffer<T extends FreeTime>(
	line: readonly TimeWaitingEntry[],
	free: readonly T[],
	mayBook: (codeId: string, time: T) => boolean,
	now: Date
): { expire: string[]; release: string[]; offer: { codeId: string; slotId: string }[] } {
	const freeIds = new Set(free.map((t) => t.id));
	const expire = line.filter((e) => e.offeredUntil !== null && e.offeredUntil <= now).map((e) => e.codeId);
	const open = line.filter((e) => e.offeredUntil !== null && e.offeredUntil > now);
	const release = open.filter((e) => !e.offeredSlotId || !freeIds.has(e.offeredSlotId)).map((e) => e.codeId);
	const held = new Set(open.filter((e) => !release.includes(e.codeId)).map((e) => e.offeredSlotId));
	const waiting = line.filter((e) => e.offeredUntil === null || release.includes(e.codeId)).map((e) => e.codeId);
	const offer: { codeId: string; slotId: string }[] = [];
	const served = new Set<string>();
	for (const time of [...free].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())) {
		if (held.has(time.id)) continue;
		const first = waiting.find((c) => !served.has(c) && mayBook(c, time));
		if (!first) continue;
		served.add(first);
		offer.push({ codeId: first, slotId: time.id });
	}
	return { expire, release: release.filter((c) => !served.has(c)), offer };
}

/**
 * When the hold on an individual time ends: after the hold time, but never later than the last moment a citizen may
 * book that time online (its start minus the minimum notice, to the minute, domain/notice.ts).
 */
export function timeHoldEnds(now: Date, holdHours: number, startsAt: Date, minNoticeMinutes: number): Date {
	const lastChance = new Date(startsAt.getTime() - minNoticeMinutes * 60_000);
	lastChance.setUTCSeconds(0, 0);
	return holdEnds(now, holdHours, lastChance);
}
