import { error, redirect } from '@sveltejs/kit';
import type { SignedInStaff } from '$lib/server/staff-auth';

/**
 * The hook already sends anyone without a full sign-in to /staff/login; this narrows the type for the
 * route and is a second lock should a route ever be moved outside the hook's reach.
 */
export function staffOf(locals: App.Locals): SignedInStaff {
	if (!locals.staff) redirect(303, '/staff/login');
	return locals.staff;
}

/** Coordinator-only pages answer 404 to everyone else, as for another municipality's objects. */
export function coordinatorOf(locals: App.Locals): SignedInStaff {
	const staff = staffOf(locals);
	if (staff.role !== 'coordinator') error(404);
	return staff;
}

/** A form's text fields as strings, to hand back on a failed submit so nothing typed is lost. */
export function formValues(data: FormData): Record<string, string> {
	const values: Record<string, string> = {};
	for (const [key, value] of data) if (typeof value === 'string' && key !== 'password' && key !== 'otp') values[key] = value;
	return values;
}
