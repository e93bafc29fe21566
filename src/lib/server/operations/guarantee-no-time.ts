import type { Sql } from '../platform/db';
import type { Offer } from '$lib/domain/model';
import { copenhagenDate } from '$lib/domain/hours';
import { guaranteeDeadline } from '$lib/domain/guarantee';
import { consume, type Bucket } from '../auth/rate-limit';

/**
 * SUL §141 stk. 2 (text in 002; 000 §1.2 "senest 14 dage efter borgerens anmodning"): the 14-day guarantee is shown
 * with a way to use it. When a person looks for a first time and none within the 14 days is free, the page says so
 * and whom to call, and the request is counted here: one number per Copenhagen day and offer (migrations/056), so
 * a coordinator sees the people who found no time and left, whom no code's clock would ever count (issue 11, item 7).
 */

/**
 * A declared default, not from the sources: one connection counts at most once a day per offer, so reloading the
 * page or walking the places does not inflate the number. The bucket is the rate limiter's (HMAC keys, no address
 * kept, forgotten daily: README "Rate limits").
 */
export const NO_TIME_PER_CLIENT_OFFER: Bucket = {
	name: 'guarantee-no-time:client-offer',
	max: 1,
	refillPerSecond: 1 / 86_400
};

/** How far back the staff list shows the counts. */
export const NO_TIME_SHOWN_DAYS = 60;

/** Whether any of these first times keeps the guarantee for a request made now; true for an offer without one. */
export function someTimeWithinGuarantee(offer: Offer, firstTimes: readonly Date[], now: Date): boolean {
	const deadline = guaranteeDeadline(offer, now);
	return deadline === null || firstTimes.some((t) => t.getTime() < deadline.getTime());
}

/** Counts one request that found no time within 14 days; `client` is the rate limiter's subject for the connection. */
export async function countNoTimeWithinGuarantee(
	sql: Sql,
	offer: Offer,
	client: string,
	now = new Date()
): Promise<void> {
	if (!offer.guarantee14Days) return;
	if (!(await consume(sql, NO_TIME_PER_CLIENT_OFFER, `${client}\u0000${offer.slug}`))) return;
	await sql`
		insert into portal.guarantee_no_time (day, offer_slug, requests) values (${copenhagenDate(now)}::date, ${offer.slug}, 1)
		on conflict (offer_slug, day) do update set requests = portal.guarantee_no_time.requests + 1`;
}

export interface NoTimeDay {
	day: string;
	offerTitle: { da: string; en: string };
	requests: number;
}

/** The municipality's counts of the last NO_TIME_SHOWN_DAYS days, newest first. */
export async function noTimeWithinGuarantee(
	sql: Sql,
	municipalitySlug: string,
	now = new Date()
): Promise<NoTimeDay[]> {
	return sql<NoTimeDay[]>`
		select to_char(g.day, 'YYYY-MM-DD') as day, o.config -> 'title' as offer_title, g.requests
		from portal.guarantee_no_time g join portal.offer o on o.slug = g.offer_slug
		where o.municipality_slug = ${municipalitySlug} and g.day > ${copenhagenDate(now)}::date - ${NO_TIME_SHOWN_DAYS}::int
		order by g.day desc, o.slug`;
}
