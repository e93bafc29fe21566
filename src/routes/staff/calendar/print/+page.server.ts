import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { db } from '$lib/server/platform/app-db';
import { addCalendarDays, wallTimeToInstant } from '$lib/domain/hours';
import { calendar } from '$lib/server/staff/calendar';
import { counsellorsVisibleTo, placesOf } from '$lib/server/staff/staff';
import { staffOf } from '../../guard';
import { calendarFilter } from '../filter';
import { calendarPath } from '$lib/views/staff';

/** The day's list on paper: aliases only, so a sheet left on a desk names no one. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const staff = staffOf(locals);
	const filter = calendarFilter(url, new Date());
	if (!filter) error(404);
	const [places, counsellors] = await Promise.all([placesOf(db(), staff), counsellorsVisibleTo(db(), staff)]);
	const place = places.find((p) => p.slug === filter.place);
	if (filter.place && !place) error(404);
	if (filter.counsellor && !counsellors.some((c) => c.id === filter.counsellor)) error(404);
	const slots = await calendar(db(), staff, {
		from: wallTimeToInstant(filter.date, '00:00'),
		to: wallTimeToInstant(addCalendarDays(filter.date, 1), '00:00'),
		placeSlug: filter.place || undefined,
		counsellorId: filter.counsellor || undefined
	});
	return { date: filter.date, placeName: place?.name ?? null, slots, back: calendarPath(url.searchParams) };
};
