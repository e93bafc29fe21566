import { TZDate } from '@date-fns/tz';
import { addDays, differenceInCalendarDays } from 'date-fns';
import type { Offer } from './model';
import { TIME_ZONE } from './hours';

export const GUARANTEE_DAYS = 14;

/**
 * SUL §141 stk. 2: alcohol treatment starts within 14 days of the person's request. Counted in Copenhagen
 * calendar days, so across a summer-time switch the deadline is the same wall time 14 days on, not 14 × 24 h.
 * §101a is not covered (002): null, as for any offer without the guarantee.
 */
export function guaranteeDeadline(offer: Offer, requestedAt: Date): Date | null {
	if (!offer.guarantee14Days) return null;
	const deadline = addDays(new TZDate(requestedAt.getTime(), TIME_ZONE), GUARANTEE_DAYS);
	return new Date(deadline.getTime());
}

/** Copenhagen calendar days from now to the deadline's day: 0 on the day itself, negative once it has passed. */
export function daysLeft(deadline: Date, now: Date): number {
	return differenceInCalendarDays(new TZDate(deadline.getTime(), TIME_ZONE), new TZDate(now.getTime(), TIME_ZONE));
}

/** The first session keeps the 14-day guarantee, or the offer has none to keep (§101a, 002). */
export function isWithinGuarantee(offer: Offer, requestedAt: Date, firstSessionAt: Date): boolean {
	const deadline = guaranteeDeadline(offer, requestedAt);
	return deadline === null || firstSessionAt.getTime() <= deadline.getTime();
}
