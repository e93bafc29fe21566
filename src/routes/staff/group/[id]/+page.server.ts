import { error, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/platform/app-db';
import { copenhagenDate } from '$lib/domain/hours';
import { ATTENDANCE_MARKS } from '$lib/domain/booking-status';
import { groupSession, markAllAttended, setAttendance } from '$lib/server/staff/staff-course';
import { parseForm, refuse } from '$lib/server/http/form';
import { staffOf } from '../../guard';

/** A group session (issue 13, item 7): its participants by alias with attendance, the minimum, the series. */
export const load: PageServerLoad = async ({ locals, params }) => {
	const group = await groupSession(db(), staffOf(locals), params.id);
	if (!group) error(404);
	return { ...group, attendanceOpen: copenhagenDate(group.slot.startsAt) <= copenhagenDate(new Date()) };
};

const AttendanceForm = z.object({ bookingId: z.uuid(), status: z.enum(ATTENDANCE_MARKS) });

export const actions: Actions = {
	attendance: async ({ locals, params, request }) => {
		const staff = staffOf(locals);
		const form = await parseForm(request, AttendanceForm);
		if (!form.ok) {
			if (!(await groupSession(db(), staff, params.id))) error(404);
			return form.failure;
		}
		const result = await setAttendance(db(), staff, params.id, form.data.bookingId, form.data.status);
		if (!result.ok) {
			if (result.reason === 'not_found') error(404);
			return refuse(409, { code: result.reason === 'too_early' ? 'attendance_too_early' : 'attendance_not_active' });
		}
		redirect(303, `/staff/group/${params.id}`);
	},
	all: async ({ locals, params }) => {
		const result = await markAllAttended(db(), staffOf(locals), params.id);
		if (!result.ok) {
			if (result.reason === 'not_found') error(404);
			return refuse(409, { code: 'attendance_too_early' });
		}
		redirect(303, `/staff/group/${params.id}`);
	}
};
