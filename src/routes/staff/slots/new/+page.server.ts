import { error, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/platform/app-db';
import { copenhagenDate, addCalendarDays } from '$lib/domain/hours';
import { counsellorsVisibleTo, offersAtPlacesOf } from '$lib/server/staff/staff';
import { createSlots, type SlotRefusal } from '$lib/server/booking/staff-slots';
import { parseForm, refuse } from '$lib/server/http/form';
import type { StaffRefusal } from '$lib/views/staff';
import { staffOf } from '../../guard';
import { calendarPath } from '$lib/views/staff';
import { PHASE_KINDS, WALL_TIME } from '$lib/domain/values';

export const load: PageServerLoad = async ({ locals }) => {
	const staff = staffOf(locals);
	const [offers, counsellors] = await Promise.all([offersAtPlacesOf(db(), staff), counsellorsVisibleTo(db(), staff)]);
	const today = copenhagenDate(new Date());
	return { offers, counsellors, me: staff.id, today, tomorrow: addCalendarDays(today, 1) };
};

const wall = z.string().regex(WALL_TIME);
const SlotForm = z.object({
	offerPlace: z.string().regex(/^[a-z0-9-]+\|[a-z0-9-]+$/),
	phase: z.enum(PHASE_KINDS),
	counsellorId: z.union([z.literal(''), z.uuid()]),
	day: z.iso.date(),
	from: wall,
	to: wall,
	seats: z.coerce.number().int().min(1).max(50),
	// A year of weekly sessions is the longest series any seed describes (14 weeks, 003), with room to spare.
	weeks: z.coerce.number().int().min(1).max(52),
	outsideHours: z.literal('on').optional(),
	skipClosedDays: z.literal('on').optional()
});

export const actions: Actions = {
	default: async ({ locals, request }) => {
		const staff = staffOf(locals);
		const form = await parseForm(request, SlotForm, { code: 'slot_form_invalid' });
		if (!form.ok) return form.failure;
		const { data: f, values } = form;
		if (f.from >= f.to) return refuse(400, { code: 'slot_end_before_start' }, values);

		const [offerSlug, placeSlug] = f.offerPlace.split('|') as [string, string];
		const result = await createSlots(db(), staff, {
			offerSlug,
			placeSlug,
			phase: f.phase,
			counsellorId: f.counsellorId || null,
			day: f.day,
			from: f.from as `${number}:${number}`,
			to: f.to as `${number}:${number}`,
			seats: f.seats,
			weeks: f.weeks,
			outsideHours: f.outsideHours === 'on',
			skipClosedDays: f.skipClosedDays === 'on'
		});
		if (!result.ok) {
			if (result.reason === 'not_found') error(404);
			return refuse(409, slotRefusal(result), values);
		}
		if (result.slotIds.length === 1 && !result.seriesId) redirect(303, `/staff/slots/${result.slotIds[0]}?created=1`);
		redirect(303, calendarPath({ view: 'week', date: f.day, place: placeSlug }));
	}
};

/** createSlots' refusal as the staff face's code; the days are words on the page (ui/staff/refusal-text.ts). */
function slotRefusal(r: SlotRefusal): StaffRefusal {
	switch (r.reason) {
		case 'closed_day':
			return { code: 'slot_closed_day', days: r.days };
		case 'outside_hours':
			return { code: 'slot_outside_hours', day: r.day };
		case 'overlap':
			return { code: 'slot_overlap', day: r.day };
		case 'hours_unknown':
			return { code: 'slot_hours_unknown' };
		case 'no_outside_hours_here':
			return { code: 'slot_no_outside_hours' };
		case 'past':
			return { code: 'slot_past' };
		case 'seats_individual':
			return { code: 'slot_seats_individual' };
		case 'phase_not_offered':
			return { code: 'slot_phase_not_offered' };
		case 'bad_time':
		case 'not_found':
			return { code: 'slot_form_invalid' };
	}
}
