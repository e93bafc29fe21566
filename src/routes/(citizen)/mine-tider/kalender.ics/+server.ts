import { error, type RequestHandler } from '@sveltejs/kit';
import { db } from '$lib/server/platform/app-db';
import { bookingsOfCode } from '$lib/server/booking/bookings';
import { places } from '$lib/server/catalogue/catalogue';
import { calendarFile } from '$lib/server/operations/ics';
import { m } from '$lib/paraglide/messages';

/** The code holder's upcoming times as one calendar file, titled only "Aftale" (ics.ts says why). */
export const GET: RequestHandler = async ({ locals }) => {
	if (!locals.code) error(401, 'No code session');
	const now = new Date();
	const upcoming = (await bookingsOfCode(db(), locals.code.id)).filter((b) => b.status === 'booked' && b.endsAt > now);
	const addresses = new Map(
		(await places(db(), [...new Set(upcoming.map((b) => b.placeSlug))])).map((p) => [p.slug, p.address])
	);
	const body = calendarFile(
		upcoming.map((b) => {
			const address = addresses.get(b.placeSlug);
			return { uid: b.id, startsAt: b.startsAt, endsAt: b.endsAt, location: address?.known ? address.value : null };
		}),
		m.citizen_ics_title(),
		now
	);
	return new Response(body, {
		headers: {
			'Content-Type': 'text/calendar; charset=utf-8',
			'Content-Disposition': 'attachment; filename="aftale.ics"',
			'Cache-Control': 'no-store'
		}
	});
};
