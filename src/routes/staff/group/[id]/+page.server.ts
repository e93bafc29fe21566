import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/platform/app-db';
import { copenhagenDate } from '$lib/domain/hours';
import { groupSession, markAllAttended } from '$lib/server/staff/staff-course';
import { refuse } from '$lib/server/http/form';
import { staffOf } from '../../guard';
import { attendanceAction } from '../../attendance-action';

/** A group session (issue 13, item 7): its participants by alias with attendance, the minimum, the series. */
export const load: PageServerLoad = async ({ locals, params }) => {
	const group = await groupSession(db(), staffOf(locals), params.id);
	if (!group) error(404);
	return { ...group, attendanceOpen: copenhagenDate(group.slot.startsAt) <= copenhagenDate(new Date()) };
};

export const actions: Actions = {
	attendance: attendanceAction(
		(staff, id) => groupSession(db(), staff, id),
		(id) => `/staff/group/${id}`
	),
	all: async ({ locals, params }) => {
		const result = await markAllAttended(db(), staffOf(locals), params.id);
		if (!result.ok) {
			if (result.reason === 'not_found') error(404);
			return refuse(409, { code: 'attendance_too_early' });
		}
		redirect(303, `/staff/group/${params.id}`);
	}
};
