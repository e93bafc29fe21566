import type { Cookies } from '@sveltejs/kit';
import type { Sql } from '../platform/db';
import { getCode, type CodeRecord } from './codes';
import type { BookingView } from './bookings';
import type { BookedSession, CodeState } from '$lib/domain/sessions';
import { holdsSeat } from '$lib/domain/booking-status';
import { deleteSessionCookie, setSessionCookie } from '../http/cookies';
import { CODE_SESSION, createSession, invalidateSession } from '../auth/session';
import type { Known, Municipality, Offer, PhaseKind } from '$lib/domain/model';
import { providersFor } from '$lib/domain/routing';
import { offerBySlug, places as placesBySlug } from '../catalogue/catalogue';
import { earliestFreePerPlace, freeSlots, type FreeSlot } from './slots';
import type { ProviderView, SeriesOffer } from '$lib/views/citizen';
export type { ProviderView, SeriesOffer } from '$lib/views/citizen';

/**
 * What the citizen pages read, composed from the catalogue and the slots: an offer with its places and their
 * hours, the free times of a phase, a group's series, and one slot to confirm. Read-only; booking itself is
 * bookings.ts.
 */

/** How far ahead a citizen sees free times (issue 3: "the next weeks"). */
export const WEEKS_AHEAD = 4;


export interface OfferContext {
	offer: Offer;
	municipality: Municipality;
	providers: ProviderView[];
}

const known = <T>(value: T | null): Known<T> => (value === null ? { known: false } : { known: true, value });

export async function offerContext(sql: Sql, slug: string): Promise<OfferContext | null> {
	const offer = await offerBySlug(sql, slug);
	if (!offer) return null;
	const places = providersFor(offer, await placesBySlug(sql, offer.providers.map((p) => p.place)));
	const municipalities = await sql<{ slug: string; name: string; phone: string | null; retentionMonths: number }[]>`
		select slug, name, phone, retention_months from portal.municipality
		where slug = any(${[offer.municipality, ...places.map((p) => p.municipality)]})`;
	const byslug = new Map(municipalities.map((m) => [m.slug, m]));
	const own = byslug.get(offer.municipality)!;
	return {
		offer,
		municipality: { slug: own.slug, name: own.name, phone: known(own.phone), retentionMonths: own.retentionMonths },
		providers: places.map((place, i) => ({
			place,
			hours: offer.providers[i]!.hours,
			municipalityName: byslug.get(place.municipality)?.name ?? place.municipality
		}))
	};
}

export function horizon(now: Date): Date {
	return new Date(now.getTime() + WEEKS_AHEAD * 7 * 86_400_000);
}

export async function timesAt(sql: Sql, offer: Offer, phase: PhaseKind, placeSlug: string, now: Date): Promise<FreeSlot[]> {
	return freeSlots(sql, { offerSlug: offer.slug, phase, placeSlug, from: now, to: horizon(now) });
}

export { earliestFreePerPlace };


/** Group series of a phase that a person may still join, with the start dates open to them. */
export async function joinableSeries(sql: Sql, offer: Offer, phase: PhaseKind, now: Date, placeSlug?: string): Promise<SeriesOffer[]> {
	const format = offer.phases.find((p) => p.kind === phase)?.format;
	if (format?.kind !== 'group') return [];
	const rows = await sql<{ seriesId: string; placeSlug: string; slotId: string; startsAt: Date; endsAt: Date; seats: number; booked: number }[]>`
		select series_id, place_slug, id as slot_id, starts_at, ends_at, seats, booked
		from anon.slot
		where offer_slug = ${offer.slug} and phase = ${phase} and series_id is not null and cancelled_at is null
			${placeSlug ? sql`and place_slug = ${placeSlug}` : sql``}
			and series_id in (select series_id from anon.slot where offer_slug = ${offer.slug} and starts_at > ${now})
		order by series_id, starts_at`;
	const series = new Map<string, SeriesOffer>();
	for (const r of rows) {
		const s =
			series.get(r.seriesId) ??
			({ seriesId: r.seriesId, placeSlug: r.placeSlug, firstStartsAt: r.startsAt, startsAt: r.startsAt, endsAt: r.endsAt, sessionsAhead: 0, signedUp: 0, seats: r.seats, starts: [] } satisfies SeriesOffer);
		s.signedUp = Math.max(s.signedUp, r.booked);
		if (r.startsAt > now) {
			if (s.sessionsAhead === 0) Object.assign(s, { startsAt: r.startsAt, endsAt: r.endsAt });
			s.sessionsAhead++;
			const open = format.rollingIntake || r.startsAt.getTime() === s.firstStartsAt.getTime();
			if (open && r.booked < r.seats && s.starts.length < 4) s.starts.push({ slotId: r.slotId, startsAt: r.startsAt, seatsLeft: r.seats - r.booked });
		}
		series.set(r.seriesId, s);
	}
	return [...series.values()].filter((s) => s.starts.length > 0);
}

export interface SlotToConfirm {
	id: string;
	offerSlug: string;
	placeSlug: string;
	phase: PhaseKind;
	startsAt: Date;
	endsAt: Date;
	seatsLeft: number;
	seriesId: string | null;
	cancelled: boolean;
}

export async function slotToConfirm(sql: Sql, id: string): Promise<SlotToConfirm | null> {
	const [row] = await sql<(SlotToConfirm & { cancelledAt: Date | null })[]>`
		select id, offer_slug, place_slug, phase, starts_at, ends_at, seats - booked as seats_left, series_id, cancelled_at
		from anon.slot where id = ${id}`;
	if (!row) return null;
	const { cancelledAt, ...slot } = row;
	return { ...slot, cancelled: cancelledAt !== null };
}

/** "The time was just taken — here are the nearest free ones": free times of the same phase, nearest first. */
export async function nearestFree(
	sql: Sql,
	q: { offerSlug: string; phase: PhaseKind; placeSlug: string; around: Date; now: Date; limit?: number }
): Promise<FreeSlot[]> {
	return sql<FreeSlot[]>`
		select id, place_slug, phase, starts_at, ends_at, seats, seats - booked as seats_left, series_id
		from anon.slot
		where offer_slug = ${q.offerSlug} and phase = ${q.phase} and place_slug = ${q.placeSlug}
			and cancelled_at is null and booked < seats and starts_at > ${q.now}
		order by abs(extract(epoch from starts_at - ${q.around}::timestamptz)), starts_at
		limit ${q.limit ?? 6}`;
}

/**
 * Starts a code holder's session: a new one at every code entry or issue, after ending any this browser held
 * (DESIGN.md: "a new session at each login"). The route passes its request's cookies and locals.
 */
export async function startCodeSession(
	sql: Sql,
	event: { cookies: Cookies; locals: App.Locals; url: URL },
	codeId: string
): Promise<void> {
	if (event.locals.codeSessionId) await invalidateSession(sql, CODE_SESSION, event.locals.codeSessionId);
	const { token, session } = await createSession(sql, CODE_SESSION, codeId);
	setSessionCookie(event.cookies, CODE_SESSION, token, event.url.protocol === 'https:');
	event.locals.code = await getCode(sql, codeId);
	event.locals.codeSessionId = session.id;
}

/** "Log out of the code": the session row and the cookie both go. */
export async function endCodeSession(sql: Sql, event: { cookies: Cookies; locals: App.Locals }): Promise<void> {
	if (event.locals.codeSessionId) await invalidateSession(sql, CODE_SESSION, event.locals.codeSessionId);
	deleteSessionCookie(event.cookies, CODE_SESSION);
	event.locals.code = null;
	event.locals.codeSessionId = undefined;
}

/** Whether the code already holds this slot: a form sent twice must not make a second booking or code. */
export async function holdsSlot(sql: Sql, codeId: string, slotId: string): Promise<boolean> {
	const [row] = await sql`
		select 1 from anon.booking where code_id = ${codeId} and slot_id = ${slotId} and status = 'booked'`;
	return row !== undefined;
}

/** The facts the rules need about a code, in the domain's shape. */
export function codeState(code: CodeRecord): CodeState {
	return { ageBand: code.ageBand, decision: code.decision, parentalConsent: code.parentalConsent, courseEnded: code.courseEnded };
}

/** Bookings that hold a session for the rules: the seat-holding ones (domain/booking-status.ts). */
export function heldSessions(bookings: BookingView[]): BookedSession[] {
	return bookings.filter((b) => holdsSeat(b.status)).map((b) => ({ phase: b.phase, startsAt: b.startsAt }));
}
