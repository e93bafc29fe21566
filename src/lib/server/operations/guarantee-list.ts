import type { Sql } from '../platform/db';
import type { Offer } from '$lib/domain/model';
import { daysLeft, guaranteeDeadline, isWithinGuarantee } from '$lib/domain/guarantee';

/**
 * SUL §141 stk. 2: treatment starts within 14 days of the request. A coordinator sees, by alias, every code of an
 * offer under the guarantee whose first session is not booked within 14 days of the code's creation, with the
 * Copenhagen calendar days left, and whether a free time could still keep the promise. Offers without the
 * guarantee are listed as exempt — §101a explicitly so (002).
 */

/** Codes whose deadline passed longer ago than this are history, not a to-do: the statistics count them. */
export const OVERDUE_SHOWN_DAYS = 30;

export interface GuaranteeCase {
	alias: string;
	offerTitle: { da: string; en: string };
	createdAt: Date;
	deadline: Date;
	/** Copenhagen calendar days to the deadline's day: 0 on the day, negative once passed. */
	daysLeft: number;
	/** A session booked after the deadline, or null when none is booked. */
	firstSessionAt: Date | null;
	/** The earliest free time of the offer that still keeps the deadline, if any. */
	freeInTime: Date | null;
}

export interface FreeTimeCheck {
	offerTitle: { da: string; en: string };
	placeName: string;
	/** The earliest free time from now, or null when none is open. */
	nextFree: Date | null;
	/** Whether someone asking today could be given it within 14 days. */
	meetsGuarantee: boolean;
}

export interface GuaranteeList {
	cases: GuaranteeCase[];
	freeTimes: FreeTimeCheck[];
	exempt: { title: { da: string; en: string }; law: string }[];
}

export async function guaranteeList(sql: Sql, municipalitySlug: string, now = new Date()): Promise<GuaranteeList> {
	const offers = await sql<{ slug: string; config: Offer }[]>`
		select slug, config from portal.offer where municipality_slug = ${municipalitySlug} order by slug`;
	const covered = new Map(offers.filter((o) => o.config.guarantee14Days).map((o) => [o.slug, o.config]));
	const slugs = [...covered.keys()];

	// Wide enough for any deadline within OVERDUE_SHOWN_DAYS; the exact test is the domain's, below.
	const since = new Date(now.getTime() - (OVERDUE_SHOWN_DAYS + 16) * 86_400_000);
	const codes = await sql<{ alias: string; offerSlug: string; createdAt: Date; firstAt: Date | null }[]>`
		select c.alias, c.offer_slug, c.created_at,
			(select min(b.starts_at) from anon.booking b where b.code_id = c.id and anon.booking_counts_seat(b.status)) as first_at
		from anon.code c
		where c.offer_slug = any(${slugs}::text[]) and c.created_at >= ${since}`;
	const free = await sql<{ offerSlug: string; placeName: string; startsAt: Date }[]>`
		select distinct on (s.offer_slug, s.place_slug) s.offer_slug, p.name as place_name, s.starts_at
		from anon.slot s join portal.place p on p.slug = s.place_slug
		where s.offer_slug = any(${slugs}::text[]) and s.cancelled_at is null and s.booked < s.seats and s.starts_at > ${now}
		order by s.offer_slug, s.place_slug, s.starts_at`;
	const places = await sql<{ offerSlug: string; placeName: string }[]>`
		select op.offer_slug, p.name as place_name from portal.offer_provider op join portal.place p on p.slug = op.place_slug
		where op.offer_slug = any(${slugs}::text[]) order by op.offer_slug, p.name`;

	const cases: GuaranteeCase[] = [];
	for (const c of codes) {
		const offer = covered.get(c.offerSlug)!;
		const deadline = guaranteeDeadline(offer, c.createdAt)!;
		if (c.firstAt && isWithinGuarantee(offer, c.createdAt, c.firstAt)) continue;
		const left = daysLeft(deadline, now);
		if (left < -OVERDUE_SHOWN_DAYS) continue;
		const inTime = free
			.filter((f) => f.offerSlug === c.offerSlug && isWithinGuarantee(offer, c.createdAt, f.startsAt))
			.map((f) => f.startsAt)
			.sort((a, b) => a.getTime() - b.getTime());
		cases.push({
			alias: c.alias,
			offerTitle: offer.title,
			createdAt: c.createdAt,
			deadline,
			daysLeft: left,
			firstSessionAt: c.firstAt,
			freeInTime: inTime[0] ?? null
		});
	}
	cases.sort((a, b) => a.daysLeft - b.daysLeft || a.createdAt.getTime() - b.createdAt.getTime());

	const freeTimes = places.map((p): FreeTimeCheck => {
		const offer = covered.get(p.offerSlug)!;
		const next = free.find((f) => f.offerSlug === p.offerSlug && f.placeName === p.placeName)?.startsAt ?? null;
		return {
			offerTitle: offer.title,
			placeName: p.placeName,
			nextFree: next,
			meetsGuarantee: next !== null && isWithinGuarantee(offer, now, next)
		};
	});

	const exempt = offers
		.filter((o) => !o.config.guarantee14Days)
		.map((o) => ({ title: o.config.title, law: o.config.law }));
	return { cases, freeTimes, exempt };
}
