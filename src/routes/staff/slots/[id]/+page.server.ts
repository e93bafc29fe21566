import { error, fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/platform/app-db';
import { closedDuring, copenhagenDate } from '$lib/domain/hours';
import { closedDaysOf } from '$lib/server/catalogue/catalogue';
import { ATTENDANCE_MARKS } from '$lib/domain/booking-status';
import { slotFor } from '$lib/server/staff/calendar';
import { cancelSlot } from '$lib/server/booking/staff-slots';
import { setAttendance } from '$lib/server/staff/staff-course';
import { parseForm, refuse } from '$lib/server/http/form';
import { staffOf } from '../../guard';

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
		// Attendance is a fact from the session's day on (staff-course.ts).
		attendanceOpen: copenhagenDate(slot.startsAt) <= copenhagenDate(now),
		cancellable: !slot.cancelledAt && slot.startsAt.getTime() > now.getTime()
	};
};

const AttendanceForm = z.object({ bookingId: z.uuid(), status: z.enum(ATTENDANCE_MARKS) });

export const actions: Actions = {
	attendance: async ({ locals, params, request }) => {
		const staff = staffOf(locals);
		const form = await parseForm(request, AttendanceForm);
		// Another municipality's slot is a 404 whatever the form says: setAttendance looks it up, or here if refused before.
		if (!form.ok) {
			if (!(await slotFor(db(), staff, params.id))) error(404);
			return form.failure;
		}
		const result = await setAttendance(db(), staff, params.id, form.data.bookingId, form.data.status);
		if (!result.ok) {
			if (result.reason === 'not_found') error(404);
			return refuse(409, { code: result.reason === 'too_early' ? 'attendance_too_early' : 'attendance_not_active' });
		}
		redirect(303, `/staff/slots/${params.id}`);
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
