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
