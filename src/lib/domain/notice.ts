import type { Offer } from './model';

/**
 * Minimum notice (issue 12, item 6): a citizen books online only times far enough ahead that the centre sees the
 * booking coming; at 11:05 a time at 11:15 is not offered. Staff booking for a caller are not bound by it.
 *
 * A declared default, not from the sources (000–004 say nothing about notice): two hours. A municipality sets
 * `minNoticeMinutes` on an offer to change it.
 */
export const DEFAULT_MIN_NOTICE_MINUTES = 120;

export function minNoticeMinutes(offer: Pick<Offer, 'minNoticeMinutes'>): number {
	return offer.minNoticeMinutes ?? DEFAULT_MIN_NOTICE_MINUTES;
}

/** The earliest start a citizen may book online now. */
export function bookableFrom(offer: Pick<Offer, 'minNoticeMinutes'>, now: Date): Date {
	return new Date(now.getTime() + minNoticeMinutes(offer) * 60_000);
}

/** Whether a time starts too soon for a citizen to book it online. */
export function tooSoon(offer: Pick<Offer, 'minNoticeMinutes'>, startsAt: Date, now: Date): boolean {
	return startsAt.getTime() < bookableFrom(offer, now).getTime();
}
