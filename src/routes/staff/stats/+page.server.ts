import type { PageServerLoad } from './$types';
import { db } from '$lib/server/platform/app-db';
import { copenhagenDate } from '$lib/domain/hours';
import {
	isMonth,
	monthlyInterpreterRequests,
	monthlyStats,
	monthlyWaits,
	statsMonths,
	suppressedInterpreterRequests,
	suppressedStats
} from '$lib/server/operations/stats';
import { coordinatorOf } from '../guard';

/** Coordinators only, their own municipality; a GET form picks the month, so it works without JavaScript. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const staff = coordinatorOf(locals);
	const asked = url.searchParams.get('month');
	const month = isMonth(asked) ? asked : copenhagenDate(new Date()).slice(0, 7);
	const [months, rows, interpreters, waits] = await Promise.all([
		statsMonths(db(), staff.municipalitySlug),
		monthlyStats(db(), staff.municipalitySlug, month),
		monthlyInterpreterRequests(db(), staff.municipalitySlug, month),
		monthlyWaits(db(), staff.municipalitySlug, month)
	]);
	return {
		month,
		months: months.includes(month) ? months : [month, ...months],
		stats: suppressedStats(rows),
		interpreters: suppressedInterpreterRequests(interpreters),
		waits,
		empty: rows.length === 0
	};
};
