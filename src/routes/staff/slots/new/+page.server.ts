import { error, fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/platform/app-db';
import { copenhagenDate, addCalendarDays } from '$lib/domain/hours';
import { counsellorsVisibleTo, offersAtPlacesOf } from '$lib/server/staff/staff';
import { createSlots, phasesFor, type SlotRefusal } from '$lib/server/booking/staff-slots';
import { parseForm, refuse } from '$lib/server/http/form';
import type { StaffRefusal } from '$lib/views/staff';
import { staffOf } from '../../guard';
import { PHASE_KINDS, WALL_TIME } from '$lib/domain/values';

const OFFER_PLACE = /^[a-z0-9-]+\|[a-z0-9-]+$/;

/**
 * Two steps that work without JavaScript (issue 13, point 4): first the offer and place (a GET form), then the
 * times, with only that offer's phases to choose from and each phase's length and seats as the defaults.
 */
export const load: PageServerLoad = async ({ locals, url }) => {
	const staff = staffOf(locals);
	const [offers, counsellors] = await Promise.all([offersAtPlacesOf(db(), staff), counsellorsVisibleTo(db(), staff)]);
	const today = copenhagenDate(new Date());
	const chosen = url.searchParams.get('offer') ?? '';
	let phases = null;
	if (chosen) {
		if (!OFFER_PLACE.test(chosen)) error(404);
		const [offerSlug, placeSlug] = chosen.split('|') as [string, string];
		phases = await phasesFor(db(), staff, offerSlug, placeSlug);
		if (!phases) error(404);
	}
	return { offers, counsellors, me: staff.id, today, tomorrow: addCalendarDays(today, 1), chosen, phases };
};

const wall = z.string().regex(WALL_TIME);
const SlotForm = z.object({
	offerPlace: z.string().regex(OFFER_PLACE),
	phase: z.enum(PHASE_KINDS),
	counsellorId: z.union([z.literal(''), z.uuid()]),
	day: z.iso.date(),
	from: wall,
	to: wall,
	// Empty: one time from–to. Ten minutes is shorter than any session the documents describe (half an hour, 000).
	blockMinutes: z.union([z.literal(''), z.coerce.number().int().min(10).max(600)]).default(''),
	seats: z.coerce.number().int().min(1).max(50),
	// A year of weekly sessions is the longest series any seed describes (14 weeks, 003), with room to spare.
	weeks: z.coerce.number().int().min(1).max(52),
	outsideHours: z.literal('on').optional()
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
			blockMinutes: f.blockMinutes === '' ? null : f.blockMinutes,
			seats: f.seats,
			weeks: f.weeks,
			outsideHours: f.outsideHours === 'on'
		});
		if (!result.ok) {
			if (result.reason === 'not_found') error(404);
			if (result.reason === 'nothing_made')
				return fail(409, { refusal: slotRefusal(result), values, errors: [], summary: result.summary });
			return refuse(409, slotRefusal(result), values);
		}
		if (result.slotIds.length === 1 && result.summary.skipped.length === 0)
			redirect(303, `/staff/slots/${result.slotIds[0]}?created=1`);
		// The summary is the answer: what was made, what was left out and why (nothing is skipped silently).
		return { summary: result.summary, values };
	}
};

/** createSlots' refusal as the staff face's code; the words are on the page (ui/staff/refusal-text.ts). */
function slotRefusal(r: SlotRefusal): StaffRefusal {
	switch (r.reason) {
		case 'nothing_made': {
			const only = r.summary.skipped.length === 1 ? r.summary.skipped[0]! : null;
			if (only?.reason === 'holiday' || only?.reason === 'closed_day')
				return { code: 'slot_closed_day', days: [{ day: only.day, name: only.name ?? '' }] };
			if (only?.reason === 'outside_hours') return { code: 'slot_outside_hours', day: only.day };
			if (only?.reason === 'overlap') return { code: 'slot_overlap', day: only.day };
			if (only?.reason === 'duplicate') return { code: 'slot_duplicate', day: only.day };
			if (only?.reason === 'past') return { code: 'slot_past' };
			return { code: 'slot_nothing_made' };
		}
		case 'hours_unknown':
			return { code: 'slot_hours_unknown' };
		case 'no_outside_hours_here':
			return { code: 'slot_no_outside_hours' };
		case 'seats_individual':
			return { code: 'slot_seats_individual' };
		case 'phase_not_offered':
			return { code: 'slot_phase_not_offered' };
		case 'too_many':
			return { code: 'slot_too_many' };
		case 'bad_time':
		case 'not_found':
			return { code: 'slot_form_invalid' };
	}
}
