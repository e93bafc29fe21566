import { error, fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/platform/app-db';
import { closedDuring, copenhagenDate, copenhagenWallTime } from '$lib/domain/hours';
import { closedDaysOf } from '$lib/server/catalogue/catalogue';
import { slotFor } from '$lib/server/staff/calendar';
import { cancelSlot, updateSlot, type UpdateSlotResult } from '$lib/server/booking/staff-slots';
import { counsellorsVisibleTo } from '$lib/server/staff/staff';
import type { StaffRefusal } from '$lib/views/staff';
import { WALL_TIME } from '$lib/domain/values';
import { parseForm, refuse } from '$lib/server/http/form';
import { staffOf } from '../../guard';
import { attendanceAction } from '../../attendance-action';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const staff = staffOf(locals);
	const slot = await slotFor(db(), staff, params.id);
	if (!slot) error(404);
	const now = new Date();
	// A time on a closed day exists only by individual agreement (issue 11 item 10): staff are reminded of it.
	const closed = closedDuring(slot.startsAt, slot.endsAt, await closedDaysOf(db(), slot.municipalitySlug));
	return {
		slot,
		closedDay: closed.holiday ? closed.name : null,
		day: copenhagenDate(slot.startsAt),
		created: url.searchParams.has('created'),
		changed: url.searchParams.has('changed'),
		counsellors: await counsellorsVisibleTo(db(), staff),
		me: staff.id,
		startWall: copenhagenWallTime(slot.startsAt),
		// Attendance is a fact from the session's day on (staff-course.ts).
		attendanceOpen: copenhagenDate(slot.startsAt) <= copenhagenDate(now),
		cancellable: !slot.cancelledAt && slot.startsAt.getTime() > now.getTime()
	};
};

const ChangeForm = z.object({
	counsellorId: z.union([z.literal(''), z.uuid()]),
	day: z.iso.date(),
	from: z.string().regex(WALL_TIME)
});

export const actions: Actions = {
	attendance: attendanceAction(
		(staff, id) => slotFor(db(), staff, id),
		(id) => `/staff/slots/${id}`
	),
	change: async ({ locals, params, request }) => {
		const staff = staffOf(locals);
		const form = await parseForm(request, ChangeForm, { code: 'slot_form_invalid' });
		if (!form.ok) {
			if (!(await slotFor(db(), staff, params.id))) error(404);
			return form.failure;
		}
		const { data: f, values } = form;
		const result = await updateSlot(db(), staff, params.id, {
			counsellorId: f.counsellorId || null,
			day: f.day,
			from: f.from as `${number}:${number}`
		});
		if (!result.ok) {
			if (result.reason === 'not_found') error(404);
			return refuse(409, changeRefusal(result), values);
		}
		redirect(303, `/staff/slots/${params.id}?changed=1`);
	},
	cancel: async ({ locals, params, request }) => {
		const staff = staffOf(locals);
		const confirmed = (await request.formData()).get('confirm') === 'yes';
		const result = await cancelSlot(db(), staff, params.id, confirmed);
		if (!result.ok) {
			if (result.reason === 'not_found') error(404);
			if (result.reason === 'confirm') return fail(409, { confirm: result.bookings });
			return refuse(409, { code: result.reason === 'past' ? 'cancel_past' : 'cancel_already' });
		}
		return { cancelled: result.cancelledBookings };
	}
};

/** updateSlot's refusal as the staff face's code (words in ui/staff/refusal-text.ts). */
function changeRefusal(r: Exclude<UpdateSlotResult, { ok: true }>): StaffRefusal {
	switch (r.reason) {
		case 'closed_day':
			return { code: 'slot_closed_day', days: [{ day: r.day, name: r.name }] };
		case 'outside_hours':
			return { code: 'slot_outside_hours', day: r.day };
		case 'overlap':
			return { code: 'slot_overlap', day: r.day };
		case 'duplicate':
			return { code: 'slot_duplicate', day: r.day };
		case 'booked_cannot_move':
			return { code: 'slot_booked_cannot_move' };
		case 'past':
			return { code: 'slot_change_past' };
		case 'already_cancelled':
			return { code: 'cancel_already' };
		case 'counsellor_unknown':
			return { code: 'slot_counsellor_unknown' };
		case 'hours_unknown':
			return { code: 'slot_hours_unknown' };
		case 'bad_time':
		case 'not_found':
			return { code: 'slot_form_invalid' };
	}
}
