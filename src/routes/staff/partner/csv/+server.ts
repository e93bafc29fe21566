import type { RequestHandler } from './$types';
import { error } from '@sveltejs/kit';
import { db } from '$lib/server/platform/app-db';
import { csvResponse, toCsv } from '$lib/server/operations/csv';
import { partnerReport } from '$lib/server/operations/partner-report';
import { isMonth } from '$lib/server/operations/stats';
import { m } from '$lib/paraglide/messages';
import { partnerViewerOf } from '../viewer';

const da = { locale: 'da' } as const;

export const GET: RequestHandler = async ({ locals, url }) => {
	const staff = partnerViewerOf(locals);
	const month = url.searchParams.get('month');
	if (!isMonth(month)) error(400, 'month=YYYY-MM');
	const places = await partnerReport(db(), staff, month);
	const lines = places.flatMap((p) => [
		...p.lines.map((l) => [month, p.placeName, l.municipalityName, l.sessions]),
		[month, p.placeName, m.ops_total({}, da), p.total]
	]);
	const header = [m.ops_month({}, da), m.ops_place({}, da), m.ops_referring({}, da), m.ops_sessions({}, da)];
	return csvResponse(toCsv(header, lines), `partnerrapport-${month}.csv`);
};
