import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { db } from '$lib/server/platform/app-db';
import { addCalendarDays, copenhagenDate, wallTimeToInstant, weekdayOf } from '$lib/domain/hours';
import { calendar } from '$lib/server/staff/calendar';
import { counsellorsVisibleTo, placesOf } from '$lib/server/staff/staff';
import { staffOf } from '../guard';
import { calendarFilter } from './filter';

/** Day and week views per place and per counsellor; a filter naming another's place or colleague is a 404. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const staff = staffOf(locals);
	const filter = calendarFilter(url, new Date());
	if (!filter) error(404);
	const [places, counsellors] = await Promise.all([placesOf(db(), staff), counsellorsVisibleTo(db(), staff)]);
	if (filter.place && !places.some((p) => p.slug === filter.place)) error(404);
	if (filter.counsellor && !counsellors.some((c) => c.id === filter.counsellor)) error(404);

	const first = filter.view === 'week' ? addCalendarDays(filter.date, 1 - weekdayOf(filter.date)) : filter.date;
	const length = filter.view === 'week' ? 7 : 1;
	const days = Array.from({ length }, (_, i) => addCalendarDays(first, i));
	const slots = await calendar(db(), staff, {
		from: wallTimeToInstant(first, '00:00'),
		to: wallTimeToInstant(addCalendarDays(first, length), '00:00'),
		placeSlug: filter.place || undefined,
		counsellorId: filter.counsellor || undefined
	});
	return {
		filter,
		days,
		today: copenhagenDate(new Date()),
		previous: addCalendarDays(filter.date, -length),
		next: addCalendarDays(filter.date, length),
		slots: slots.map((s) => ({ ...s, day: copenhagenDate(s.startsAt) })),
		places,
		counsellors,
		me: staff.id,
		now: new Date()
	};
};
