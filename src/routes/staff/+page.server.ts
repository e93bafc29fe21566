import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { CALENDAR_PATH } from '$lib/views/staff';

export const load: PageServerLoad = () => redirect(303, CALENDAR_PATH);
