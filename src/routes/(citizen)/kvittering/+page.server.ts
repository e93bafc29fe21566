import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/platform/app-db';
import { bookingsOfCode } from '$lib/server/booking/bookings';
import { offerContext } from '$lib/server/booking/citizen';
import { forgetReceipt, readReceipt, RECEIPT_MINUTES } from '$lib/server/booking/receipt';

/**
 * The receipt after a first booking, reached by POST/redirect/GET (issue 12, item 1): a reload or Back shows it
 * again, with the code while the session that made it keeps it, and never "the time was taken".
 */
export const load: PageServerLoad = async ({ locals, cookies, url }) => {
	if (!locals.code) redirect(303, '/kode');
	const sql = db();
	const context = await offerContext(sql, locals.code.offerSlug);
	if (!context) redirect(303, '/kode');
	const now = new Date();
	const places = new Map(context.providers.map((p) => [p.place.slug, p.place]));
	const times = (await bookingsOfCode(sql, locals.code.id))
		.filter((b) => b.status === 'booked' && b.startsAt > now)
		.flatMap((b) => {
			const place = places.get(b.placeSlug);
			return place ? [{ id: b.id, startsAt: b.startsAt, endsAt: b.endsAt, place }] : [];
		});
	return {
		...context,
		times,
		code: await readReceipt(sql, cookies, now),
		minutes: RECEIPT_MINUTES,
		origin: url.origin
	};
};

export const actions: Actions = {
	/** "I have written it down": the code is forgotten at once, the times stay. */
	hide: async ({ cookies }) => {
		await forgetReceipt(db(), cookies);
		redirect(303, '/kvittering');
	}
};
