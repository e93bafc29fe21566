import { TZDate } from '@date-fns/tz';
import { addDays, differenceInCalendarDays, startOfDay } from 'date-fns';
import type { Offer } from './model';
import { TIME_ZONE } from './hours';

export const GUARANTEE_DAYS = 14;

/**
 * SUL §141 stk. 2: alcohol treatment starts within 14 days of the person's request. Counted in whole
 * Copenhagen calendar days from the request's day — the day is all the portal keeps of when a code was made
 * (migrations/045: a finer time would join with a phone or proxy log) — so a first session at any time on
 * the 14th day after the request keeps it. The deadline is the first instant of the 15th day, the same
 * midnight across a summer-time switch. §101a is not covered (002): null, as for any offer without it.
 */
export function guaranteeDeadline(offer: Offer, requestedAt: Date): Date | null {
	if (!offer.guarantee14Days) return null;
	const requestDay = startOfDay(new TZDate(requestedAt.getTime(), TIME_ZONE));
	return new Date(addDays(requestDay, GUARANTEE_DAYS + 1).getTime());
}

/**
 * Copenhagen calendar days from now to the last day the guarantee covers (the day before the deadline's
 * midnight): 0 on that day itself, negative once it has passed.
 */
export function daysLeft(deadline: Date, now: Date): number {
	return differenceInCalendarDays(new TZDate(deadline.getTime() - 1, TIME_ZONE), new TZDate(now.getTime(), TIME_ZONE));
}

/** The first session keeps the 14-day guarantee, or the offer has none to keep (§101a, 002). */
export function isWithinGuarantee(offer: Offer, requestedAt: Date, firstSessionAt: Date): boolean {
	const deadline = guaranteeDeadline(offer, requestedAt);
	return deadline === null || firstSessionAt.getTime() <= deadline.getTime();
}
