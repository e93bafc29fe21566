import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import { db } from '$lib/server/platform/app-db';
import { ATTENDANCE_MARKS } from '$lib/domain/booking-status';
import { setAttendance } from '$lib/server/staff/staff-course';
import { parseForm, refuse } from '$lib/server/http/form';
import type { Staff } from '$lib/server/staff/staff';
import { staffOf } from './guard';

const AttendanceForm = z.object({ bookingId: z.uuid(), status: z.enum(ATTENDANCE_MARKS) });

/**
 * Recording one person's attendance at a time, as the time's page and the group's page both offer it. The time is
 * `params.id`; `visible` answers whether the staff member may see it, so another municipality's time is a 404
 * whatever the form says (setAttendance looks it up too, once the form is valid). Then back to `page`.
 */
export function attendanceAction(
	visible: (staff: Staff, id: string) => Promise<unknown>,
	page: (id: string) => string
) {
	return async ({ locals, params, request }: RequestEvent<{ id: string }>) => {
		const staff = staffOf(locals);
		const form = await parseForm(request, AttendanceForm);
		if (!form.ok) {
			if (!(await visible(staff, params.id))) error(404);
			return form.failure;
		}
		const result = await setAttendance(db(), staff, params.id, form.data.bookingId, form.data.status);
		if (!result.ok) {
			if (result.reason === 'not_found') error(404);
			return refuse(409, { code: result.reason === 'too_early' ? 'attendance_too_early' : 'attendance_not_active' });
		}
		redirect(303, page(params.id));
	};
}
