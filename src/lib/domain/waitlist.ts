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
 * Who loses a held seat (the hold ran out) and who is offered one now. A seat that is free and not held goes to the
 * first in line who has no offer yet, in the order they asked; nobody is passed over, and no seat is offered twice:
 * the open holds count against the free seats. When fewer seats are free than holds are open (staff took seats
 * away), nobody new is offered one, and nobody loses theirs before it runs out.
 */
export function seatsToOffer(
	line: readonly WaitingEntry[],
	freeSeats: number,
	now: Date
): { expire: string[]; offer: string[] } {
	const expire = line.filter((e) => e.offeredUntil !== null && e.offeredUntil <= now).map((e) => e.codeId);
	const open = line.filter((e) => e.offeredUntil !== null && e.offeredUntil > now).length;
	const waiting = line.filter((e) => e.offeredUntil === null).map((e) => e.codeId);
	return { expire, offer: waiting.slice(0, Math.max(0, freeSeats - open)) };
}

/** When a hold ends: after the hold time, but never after the session the seat starts at has begun. */
export function holdEnds(now: Date, holdHours: number, startsAt: Date): Date {
	const end = new Date(now.getTime() + holdHours * 3_600_000);
	return end < startsAt ? end : startsAt;
}
