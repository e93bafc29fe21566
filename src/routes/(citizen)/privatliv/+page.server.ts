import type { PageServerLoad } from './$types';
import { db } from '$lib/server/platform/app-db';
import { municipalitiesWithOffers } from '$lib/server/catalogue/catalogue';
import { UNBOOKED_CODE_GRACE_DAYS } from '$lib/server/operations/purge.js';
import { CODE_SESSION_EXPIRY } from '$lib/server/auth/session-expiry.js';
import { RECEIPT_MINUTES } from '$lib/server/booking/receipt';

/**
 * The privacy notice, generated from the settings that really delete things (issue 12, item 9): each municipality's
 * retention, the grace of a code without times, the code session's lifetimes and the receipt's. Change a setting,
 * and this page says the new value.
 */
export const load: PageServerLoad = async () => {
	const municipalities = (await municipalitiesWithOffers(db())).filter((mu) => mu.offers.length > 0);
	return {
		retention: municipalities.map((mu) => ({ name: mu.name, months: mu.retentionMonths })),
		unbookedDays: UNBOOKED_CODE_GRACE_DAYS,
		idleMinutes: Math.round(CODE_SESSION_EXPIRY.idleMs / 60_000),
		absoluteHours: Math.round(CODE_SESSION_EXPIRY.absoluteMs / 3_600_000),
		receiptMinutes: RECEIPT_MINUTES
	};
};
