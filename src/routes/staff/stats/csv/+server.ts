import type { RequestHandler } from './$types';
import { error } from '@sveltejs/kit';
import { db } from '$lib/server/platform/app-db';
import { toCsv, csvResponse } from '$lib/server/operations/csv';
import {
	isMonth,
	monthlyInterpreterRequests,
	monthlyStats,
	monthlyWaits,
	suppressedInterpreterRequests,
	suppressedStats
} from '$lib/server/operations/stats';
import { interpreterLabel } from '$lib/ui/staff/interpreter-label';
import { m } from '$lib/paraglide/messages';
import { coordinatorOf } from '../../guard';

const da = { locale: 'da' } as const;

/**
 * The page's tables as one sheet, suppressed exactly as shown, with Danish headers whatever the page language. The
 * interpreter and waiting-list tables have other columns, so each follows after an empty line under its own header.
 */
export const GET: RequestHandler = async ({ locals, url }) => {
	const staff = coordinatorOf(locals);
	const month = url.searchParams.get('month');
	if (!isMonth(month)) error(400, 'month=YYYY-MM');
	const [rows, interpreters, waits] = await Promise.all([
		monthlyStats(db(), staff.municipalitySlug, month),
		monthlyInterpreterRequests(db(), staff.municipalitySlug, month),
		monthlyWaits(db(), staff.municipalitySlug, month)
	]);
	const s = suppressedStats(rows);
	const t = suppressedInterpreterRequests(interpreters);
	const header = [
		m.ops_month({}, da),
		m.ops_offer({}, da),
		m.ops_place({}, da),
		m.ops_col_codes_issued({}, da),
		m.ops_col_caps_reached({}, da),
		m.ops_col_decisions_granted({}, da),
		m.ops_col_decisions_not_granted({}, da),
		m.ops_col_consent_steps({}, da),
		m.ops_col_sessions_booked({}, da),
		m.ops_col_sessions_attended({}, da),
		m.ops_col_sessions_no_show({}, da),
		m.ops_col_seats_taken({}, da),
		m.ops_col_sessions_cancelled({}, da),
		m.ops_col_seats_offered({}, da),
		m.ops_col_capacity({}, da),
		m.ops_col_guarantee_due({}, da),
		m.ops_col_guarantee_met({}, da),
		m.ops_col_guarantee_missed({}, da),
		m.ops_col_guarantee_share({}, da)
	];
	let g = 0;
	const lines = rows.map((r, i) => {
		const c = s.codes.rows[i]!.cells;
		const x = s.sessions.rows[i]!.cells;
		const gr = r.guarantee ? s.guarantee.rows[g++]! : null;
		return [
			month,
			r.offerTitle.da,
			r.placeName ?? m.ops_no_place({}, da),
			c.codesIssued,
			c.capsReached,
			c.decisionsGranted,
			c.decisionsNotGranted,
			c.consentSteps,
			x.sessionsBooked,
			x.sessionsAttended,
			x.sessionsNoShow,
			x.seatsTaken,
			x.sessionsCancelled,
			s.sessions.seatsOffered[i]!,
			s.sessions.capacity[i] ?? null,
			gr?.cells.guaranteeDue ?? null,
			gr?.cells.guaranteeMet ?? null,
			gr?.cells.guaranteeMissed ?? null,
			gr?.label.share ?? null
		];
	});
	const c = s.codes.total;
	const x = s.sessions.total;
	const gt = s.guarantee.total;
	lines.push([
		month,
		m.ops_total({}, da),
		'',
		c.codesIssued,
		c.capsReached,
		c.decisionsGranted,
		c.decisionsNotGranted,
		c.consentSteps,
		x.sessionsBooked,
		x.sessionsAttended,
		x.sessionsNoShow,
		x.seatsTaken,
		x.sessionsCancelled,
		s.sessions.totalSeatsOffered,
		s.sessions.totalCapacity,
		gt.guaranteeDue,
		gt.guaranteeMet,
		gt.guaranteeMissed,
		s.guarantee.totalShare
	]);
	lines.push([], [m.ops_month({}, da), m.ops_col_language({}, da), m.ops_col_interpreter_requests({}, da)]);
	for (const r of t.rows) lines.push([month, interpreterLabel(r.language, 'da'), r.cells.interpreterRequests]);
	lines.push([month, m.ops_total({}, da), t.total.interpreterRequests]);
	if (waits.rows.length > 0) {
		lines.push(
			[],
			[
				m.ops_month({}, da),
				m.ops_offer({}, da),
				m.ops_place({}, da),
				m.ops_col_waitlist_joined({}, da),
				m.ops_col_waitlist_offered({}, da),
				m.ops_col_waitlist_accepted({}, da)
			]
		);
		for (const r of waits.rows)
			lines.push([month, r.label.offerTitle.da, r.label.placeName, r.cells.joined, r.cells.offered, r.cells.accepted]);
		const w = waits.total;
		lines.push([month, m.ops_total({}, da), '', w.joined, w.offered, w.accepted]);
	}
	return csvResponse(toCsv(header, lines), `statistik-${staff.municipalitySlug}-${month}.csv`);
};
