import type { PageServerLoad } from './$types';
import { db } from '$lib/server/platform/app-db';
import { copenhagenDate } from '$lib/domain/hours';
import { partnerReport } from '$lib/server/operations/partner-report';
import { isMonth } from '$lib/server/operations/stats';
import { partnerViewerOf } from './viewer';

export const load: PageServerLoad = async ({ locals, url }) => {
	const staff = partnerViewerOf(locals);
	const asked = url.searchParams.get('month');
	const month = isMonth(asked) ? asked : copenhagenDate(new Date()).slice(0, 7);
	return { month, places: await partnerReport(db(), staff, month) };
};
