import type { Sql } from '../platform/db';
import type { Offer, PhaseKind } from '$lib/domain/model';
import { copenhagenDate } from '$lib/domain/hours';
import { bookableFrom } from '$lib/domain/notice';
import { keepsCadence, type BookedSession } from '$lib/domain/cadence';
import { addMonths, monthStart } from './months';
import type { TimeChooserView } from '$lib/views/citizen';

/**
 * The free times of one phase at one place, a month at a time (issue 12, item 4): the days that have times, the
 * times of one chosen day, the first free time as a shortcut, and the months before and after that have any. No
 * four-week horizon: a person may look as far ahead as there are times. For a code holder, a month in which the
 * cadence is already used (SUL §141, 000: up to 8 in 30 days) is said to be full before they choose.
 */
export async function timeChooser(
	sql: Sql,
	q: {
		offer: Offer;
		phase: PhaseKind;
		placeSlug: string;
		now: Date;
		month?: string | null;
		day?: string | null;
		held?: readonly BookedSession[];
	}
): Promise<TimeChooserView> {
	const from = bookableFrom(q.offer, q.now);
	// A time held for somebody from the place's waiting list is not free for anyone else (booking/waitlist.ts).
	const notHeld = sql`not exists (select 1 from anon.waitlist w where w.offered_slot_id = anon.slot.id and w.offered_until > ${q.now})`;
	const [range] = await sql<{ first: Date | null; last: Date | null }[]>`
		select min(starts_at) as first, max(starts_at) as last from anon.slot
		where offer_slug = ${q.offer.slug} and phase = ${q.phase} and place_slug = ${q.placeSlug}
			and cancelled_at is null and booked < seats and ${notHeld} and starts_at >= ${from}`;
	const thisMonth = copenhagenDate(q.now).slice(0, 7);
	const lastMonth = range?.last ? copenhagenDate(range.last).slice(0, 7) : thisMonth;
	const wanted =
		q.month && /^\d{4}-\d{2}$/.test(q.month)
			? q.month
			: q.day && /^\d{4}-\d{2}-\d{2}$/.test(q.day)
				? q.day.slice(0, 7)
				: null;
	const firstMonth = range?.first ? copenhagenDate(range.first).slice(0, 7) : thisMonth;
	const month = wanted && wanted >= thisMonth && wanted <= lastMonth ? wanted : firstMonth;

	const start = new Date(Math.max(monthStart(month).getTime(), from.getTime()));
	const free = await sql<{ id: string; startsAt: Date; endsAt: Date }[]>`
		select id, starts_at, ends_at from anon.slot
		where offer_slug = ${q.offer.slug} and phase = ${q.phase} and place_slug = ${q.placeSlug}
			and cancelled_at is null and booked < seats and ${notHeld}
			and starts_at >= ${start} and starts_at < ${monthStart(addMonths(month, 1))}
		order by starts_at
		limit 2000`;
	const [first] = range?.first
		? await sql<{ id: string; startsAt: Date }[]>`
			select id, starts_at from anon.slot
			where offer_slug = ${q.offer.slug} and phase = ${q.phase} and place_slug = ${q.placeSlug}
				and cancelled_at is null and booked < seats and ${notHeld} and starts_at >= ${from}
			order by starts_at limit 1`
		: [];

	// For a code holder, only the times its cadence still allows (a calendar month or a rolling window, 000); a month
	// with free times of which none could be booked is said to be full instead of listed.
	const cadence = q.offer.cadence ?? null;
	const held = q.held;
	const bookable =
		held && cadence ? free.filter((r) => keepsCadence(cadence, held, { phase: q.phase, startsAt: r.startsAt })) : free;
	const monthFull = free.length > 0 && bookable.length === 0;
	const rows = bookable;

	const days = new Map<string, { key: string; first: Date; count: number }>();
	for (const r of rows) {
		const key = copenhagenDate(r.startsAt);
		const day = days.get(key) ?? { key, first: r.startsAt, count: 0 };
		day.count++;
		days.set(key, day);
	}
	const dayKeys = [...days.keys()];
	const day = q.day && days.has(q.day) ? q.day : (dayKeys[0] ?? null);
	return {
		month,
		monthStart: monthStart(month),
		prevMonth: month > thisMonth ? addMonths(month, -1) : null,
		nextMonth: month < lastMonth ? addMonths(month, 1) : null,
		first: first ? { id: first.id, startsAt: first.startsAt } : null,
		monthFull,
		days: monthFull ? [] : [...days.values()],
		day: monthFull ? null : day,
		times: monthFull
			? []
			: rows.filter((r) => copenhagenDate(r.startsAt) === day).map((r) => ({ id: r.id, startsAt: r.startsAt })),
		today: copenhagenDate(q.now),
		minutes: free[0] ? Math.round((free[0].endsAt.getTime() - free[0].startsAt.getTime()) / 60_000) : null
	};
}
