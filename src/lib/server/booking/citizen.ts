import type { Cookies } from '@sveltejs/kit';
import type { Sql } from '../platform/db';
import { getCode, type CodeRecord } from './codes';
import type { BookingView } from './bookings';
import type { BookedSession, CodeState } from '$lib/domain/sessions';
import { holdsSeat } from '$lib/domain/booking-status';
import { deleteSessionCookie, setSessionCookie } from '../http/cookies';
import { CODE_SESSION, createSession, invalidateSession } from '../auth/session';
import type { Municipality, Offer, PhaseKind, Place } from '$lib/domain/model';
import { providersFor } from '$lib/domain/routing';
import { offerBySlug, places as placesBySlug } from '../catalogue/catalogue';
import { chosenTime, earliestFreePerPlace, freeSlots, slotToConfirm, type ChosenTime, type FreeSlot } from './slots';
import type { ProviderView, SeriesOffer } from '$lib/views/citizen';
import { known } from '$lib/domain/values';
import { bookableFrom, tooSoon } from '$lib/domain/notice';
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

export async function offerContext(sql: Sql, slug: string): Promise<OfferContext | null> {
	const offer = await offerBySlug(sql, slug);
	if (!offer) return null;
	const places = providersFor(
		offer,
		await placesBySlug(
			sql,
			offer.providers.map((p) => p.place)
		)
	);
	const municipalities = await sql<
		{
			slug: string;
			name: string;
			phone: string | null;
			retentionMonths: number;
			interpreterNoticeWorkingDays: number | null;
		}[]
	>`
		select slug, name, phone, retention_months, interpreter_notice_working_days from portal.municipality
		where slug = any(${[offer.municipality, ...places.map((p) => p.municipality)]})`;
	const byslug = new Map(municipalities.map((m) => [m.slug, m]));
	const own = byslug.get(offer.municipality)!;
	return {
		offer,
		municipality: {
			slug: own.slug,
			name: own.name,
			phone: known(own.phone),
			retentionMonths: own.retentionMonths,
			...(own.interpreterNoticeWorkingDays === null
				? {}
				: { interpreterNoticeWorkingDays: own.interpreterNoticeWorkingDays })
		},
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

/** Free times from the offer's minimum notice on (domain/notice.ts) to the horizon. */
export async function timesAt(
	sql: Sql,
	offer: Offer,
	phase: PhaseKind,
	placeSlug: string,
	now: Date
): Promise<FreeSlot[]> {
	return freeSlots(sql, { offerSlug: offer.slug, phase, placeSlug, from: bookableFrom(offer, now), to: horizon(now) });
}

/** A citizen's booking of a time inside the offer's minimum notice is refused like a past one (issue 12, item 6). */
export async function startsTooSoon(sql: Sql, offer: Offer, slotId: string, now = new Date()): Promise<boolean> {
	const slot = await slotToConfirm(sql, slotId);
	return slot !== null && tooSoon(offer, slot.startsAt, now);
}

export { earliestFreePerPlace };

/** Group series of a phase that a person may still join, with the start dates open to them. */
export async function joinableSeries(
	sql: Sql,
	offer: Offer,
	phase: PhaseKind,
	now: Date,
	placeSlug?: string
): Promise<SeriesOffer[]> {
	return (await seriesOfPhase(sql, offer, phase, now, placeSlug)).filter((s) => s.starts.length > 0);
}

/**
 * Group series a person could start in were a seat free, but which have none left beyond those the waiting list
 * holds: where a code holder may join the waiting list (issue 15, part 2). With a fixed start (no rolling intake)
 * only until the first session.
 */
export async function fullSeries(sql: Sql, offer: Offer, phase: PhaseKind, now: Date): Promise<SeriesOffer[]> {
	const format = offer.phases.find((p) => p.kind === phase)?.format;
	const rolling = format?.kind === 'group' && format.rollingIntake === true;
	return (await seriesOfPhase(sql, offer, phase, now)).filter(
		(s) => s.starts.length === 0 && s.sessionsAhead > 0 && (rolling || s.firstStartsAt > now)
	);
}

async function seriesOfPhase(
	sql: Sql,
	offer: Offer,
	phase: PhaseKind,
	now: Date,
	placeSlug?: string
): Promise<SeriesOffer[]> {
	const format = offer.phases.find((p) => p.kind === phase)?.format;
	if (format?.kind !== 'group') return [];
	const rows = await sql<
		{
			seriesId: string;
			placeSlug: string;
			slotId: string;
			startsAt: Date;
			endsAt: Date;
			seats: number;
			booked: number;
			waiting: number;
		}[]
	>`
		select series_id, place_slug, id as slot_id, starts_at, ends_at, seats, booked,
			(select count(*)::int from anon.waitlist w where w.series_id = s.series_id) as waiting
		from anon.slot s
		where offer_slug = ${offer.slug} and phase = ${phase} and series_id is not null and cancelled_at is null
			${placeSlug ? sql`and place_slug = ${placeSlug}` : sql``}
			and series_id in (select series_id from anon.slot where offer_slug = ${offer.slug} and starts_at > ${now})
		order by series_id, starts_at`;
	const series = new Map<string, SeriesOffer>();
	for (const r of rows) {
		const s =
			series.get(r.seriesId) ??
			({
				seriesId: r.seriesId,
				placeSlug: r.placeSlug,
				firstStartsAt: r.startsAt,
				startsAt: r.startsAt,
				endsAt: r.endsAt,
				sessionsAhead: 0,
				signedUp: 0,
				seats: r.seats,
				starts: []
			} satisfies SeriesOffer);
		s.signedUp = Math.max(s.signedUp, r.booked);
		if (r.startsAt > now) {
			if (s.sessionsAhead === 0) Object.assign(s, { startsAt: r.startsAt, endsAt: r.endsAt });
			s.sessionsAhead++;
			const open = format.rollingIntake || r.startsAt.getTime() === s.firstStartsAt.getTime();
			// Seats the waiting list holds are not free to a newcomer (waitlist.ts): the line comes first.
			const seatsLeft = r.seats - r.booked - r.waiting;
			if (open && seatsLeft > 0 && s.starts.length < 4)
				s.starts.push({ slotId: r.slotId, startsAt: r.startsAt, seatsLeft });
		}
		series.set(r.seriesId, s);
	}
	return [...series.values()];
}

/**
 * Starts a code holder's session: a new one at every code entry or issue, after ending any this browser held
 * (DESIGN.md: "a new session at each login"). The route passes its request's cookies and locals; the token comes
 * back for the receipt (receipt.ts), which keys on the session's secret.
 */
export async function startCodeSession(
	sql: Sql,
	event: { cookies: Cookies; locals: App.Locals; url: URL },
	codeId: string
): Promise<string> {
	if (event.locals.codeSessionId) await invalidateSession(sql, CODE_SESSION, event.locals.codeSessionId);
	const { token, session } = await createSession(sql, CODE_SESSION, codeId);
	setSessionCookie(event.cookies, CODE_SESSION, token, event.url.protocol === 'https:');
	event.locals.code = await getCode(sql, codeId);
	event.locals.codeSessionId = session.id;
	return token;
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
	return {
		ageBand: code.ageBand,
		decision: code.decision,
		parentalConsent: code.parentalConsent,
		courseEnded: code.courseEnded
	};
}

/** Bookings that hold a session for the rules: the seat-holding ones (domain/booking-status.ts). */
export function heldSessions(bookings: BookingView[]): BookedSession[] {
	return bookings.flatMap((b) =>
		holdsSeat(b.status) ? [{ phase: b.phase, startsAt: b.startsAt, status: b.status }] : []
	);
}

/**
 * A time the person chose, if it is one of this offer's at one of its places (else null, a 404), with its place and,
 * when it is gone meanwhile, the nearest free ones (chosenTime): the confirm pages' one look-up.
 */
export async function chosenTimeOf(
	sql: Sql,
	offer: Offer,
	providers: readonly ProviderView[],
	slotId: string,
	codeId: string | null,
	now = new Date()
): Promise<(ChosenTime & { place: Place; yours: boolean }) | null> {
	const chosen = await chosenTime(sql, slotId, now, bookableFrom(offer, now));
	const provider = providers.find((p) => p.place.slug === chosen?.slot.placeSlug);
	if (!chosen || chosen.slot.offerSlug !== offer.slug || !provider) return null;
	// Back or a reload after booking: this session holds the time, so it is "yours", never "taken" (issue 12, items 1, 10).
	const yours = codeId !== null && (await holdsSlot(sql, codeId, slotId));
	return yours
		? { ...chosen, gone: false, nearest: [], place: provider.place, yours }
		: { ...chosen, place: provider.place, yours };
}
