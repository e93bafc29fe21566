import type { Cookies } from '@sveltejs/kit';
import { dev } from '$app/environment';
import type { Sql } from '../platform/db';
import type { Offer, PhaseKind } from '$lib/domain/model';
import { holdsSeat } from '$lib/domain/booking-status';
import { nextPhase } from '$lib/domain/sessions';
import { CODE_SESSION, createSession, invalidateSession, validateCodeSession } from '../auth/session';
import { enterCode } from '../auth/code-entry';
import type { CodeRecord } from '../booking/codes';
import { bookingsOfCode, bookSlotOrJoinSeries, cancel, reschedule, type BookingRefusal } from '../booking/bookings';
import { codeState, heldSessions } from '../booking/citizen';
import { slotToConfirm } from '../booking/slots';
import { offerBySlug } from '../catalogue/catalogue';
import type { AuditAction } from '$lib/domain/values';
import { offersAtPlacesOf, type Staff } from './staff';
import type { CallerView } from '$lib/views/staff';
export type { CallerView } from '$lib/views/staff';

/**
 * Staff helping a caller who already has a code (issue 13, item 3). The caller reads the code out; staff type
 * it in under the citizen's code-entry limits, and the staff member's browser then holds a code session for
 * it, as the caller's own browser would (30 minutes idle, one cookie for this page alone). Every act goes
 * through the citizen's functions in bookings.ts (the same rules, the same daily limit of the code) with the
 * staff member's audit row in the same transaction. An alias alone opens nothing: only the code does.
 */

export const CALLER_PATH = '/staff/phone/kode';
const COOKIE = 'staff_caller';

export type OpenRefusal = 'slow_down' | 'empty' | 'typo' | 'malformed' | 'unknown';

/** The code a caller read out; a code of an offer the viewer does not book for is "unknown", as a wrong one. */
export async function openCaller(
	sql: Sql,
	viewer: Staff,
	event: { cookies: Cookies; url: URL; clientAddress: string },
	raw: string
): Promise<{ ok: true } | { ok: false; reason: OpenRefusal }> {
	const entry = await enterCode(sql, event.clientAddress, raw);
	if (entry.kind !== 'found') return { ok: false, reason: entry.kind };
	if (!(await offersAtPlacesOf(sql, viewer)).some((o) => o.offerSlug === entry.code.offerSlug))
		return { ok: false, reason: 'unknown' };
	await closeCaller(sql, event.cookies);
	const { token } = await createSession(sql, CODE_SESSION, entry.code.id);
	event.cookies.set(COOKIE, token, {
		path: CALLER_PATH,
		httpOnly: true,
		sameSite: 'strict',
		secure: event.url.protocol === 'https:' && !dev
	});
	return { ok: true };
}

/** "Opkaldet er slut": the caller's code session and its cookie both go. */
export async function closeCaller(sql: Sql, cookies: Cookies): Promise<void> {
	const token = cookies.get(COOKIE);
	if (token) {
		const found = await validateCodeSession(sql, token);
		if (found) await invalidateSession(sql, CODE_SESSION, found.session.id);
	}
	cookies.delete(COOKIE, { path: CALLER_PATH });
}

export interface Caller {
	code: CodeRecord;
	offer: Offer;
	municipalitySlug: string;
	view: CallerView;
}

/** The caller this browser has open, with what the viewer may see and book for them; null when none or expired. */
export async function currentCaller(sql: Sql, viewer: Staff, cookies: Cookies): Promise<Caller | null> {
	const token = cookies.get(COOKIE);
	if (!token) return null;
	const found = await validateCodeSession(sql, token);
	if (!found) return null;
	const code = found.code;
	const places = (await offersAtPlacesOf(sql, viewer)).filter((o) => o.offerSlug === code.offerSlug);
	const offer = await offerBySlug(sql, code.offerSlug);
	if (places.length === 0 || !offer) return null;
	const all = await bookingsOfCode(sql, code.id);
	const next = nextPhase(offer, heldSessions(all), codeState(code));
	return {
		code,
		offer,
		municipalitySlug: places[0]!.municipalitySlug,
		view: {
			alias: code.alias,
			offerSlug: offer.slug,
			offerTitle: offer.title,
			// A partner's staff see only the bookings at their own places (SEL §101a stk. 2).
			bookings: all.filter((b) => places.some((p) => p.placeSlug === b.placeSlug)),
			places: places.map((p) => ({ slug: p.placeSlug, name: p.placeName })),
			next: next.ok ? { ok: true, phase: next.phase } : { ok: false, reason: next.reason },
			usedAnywhere: all.filter((b) => holdsSeat(b.status)).length
		}
	};
}

export type CallerResult = { ok: true } | { ok: false; reason: 'not_found' | BookingRefusal };

function record(viewer: Staff, caller: Caller, action: AuditAction, phase: PhaseKind) {
	return () => ({
		staffId: viewer.id,
		municipalitySlug: caller.municipalitySlug,
		action,
		alias: caller.code.alias,
		detail: { phase }
	});
}

/** A time the viewer may book this caller into: at one of their places for the caller's offer. */
async function slotOfViewer(sql: Sql, caller: Caller, slotId: string) {
	const slot = await slotToConfirm(sql, slotId);
	return slot && slot.offerSlug === caller.offer.slug && caller.view.places.some((p) => p.slug === slot.placeSlug)
		? slot
		: null;
}

export async function callerCancel(
	sql: Sql,
	viewer: Staff,
	caller: Caller,
	bookingId: string,
	now = new Date()
): Promise<CallerResult> {
	const booking = caller.view.bookings.find((b) => b.id === bookingId);
	if (!booking) return { ok: false, reason: 'not_found' };
	const result = await cancel(
		sql,
		caller.code.id,
		bookingId,
		now,
		record(viewer, caller, 'caller_cancelled', booking.phase)
	);
	return result.ok ? { ok: true } : result;
}

export async function callerMove(
	sql: Sql,
	viewer: Staff,
	caller: Caller,
	bookingId: string,
	slotId: string,
	now = new Date()
): Promise<CallerResult> {
	const booking = caller.view.bookings.find((b) => b.id === bookingId);
	if (!booking || !(await slotOfViewer(sql, caller, slotId))) return { ok: false, reason: 'not_found' };
	const result = await reschedule(
		sql,
		caller.code.id,
		bookingId,
		slotId,
		now,
		record(viewer, caller, 'caller_moved', booking.phase)
	);
	return result.ok ? { ok: true } : result;
}

export async function callerBook(
	sql: Sql,
	viewer: Staff,
	caller: Caller,
	slotId: string,
	now = new Date()
): Promise<CallerResult> {
	const slot = await slotOfViewer(sql, caller, slotId);
	if (!slot) return { ok: false, reason: 'not_found' };
	const result = await bookSlotOrJoinSeries(
		sql,
		caller.code.id,
		slotId,
		now,
		record(viewer, caller, 'caller_booked', slot.phase)
	);
	return result.ok ? { ok: true } : result;
}
