import { error, redirect } from '@sveltejs/kit';
import { pendingStep, STEP_PAGE, type SignedInStaff } from '$lib/server/auth/staff-auth';

/**
 * The one question every staff page, endpoint and form action asks: who is FULLY signed in (password, the second
 * factor where set up or required, a password of their own)? Anyone else is sent to sign in or to their next
 * step. The hook's gate (staffGate) already does this for every request under /staff; this is the second lock,
 * which holds even if a path ever slips past the gate (issue 9, finding 1: `/%73taff/…` did).
 */
export function staffOf(locals: App.Locals): SignedInStaff {
	const staff = locals.staff;
	if (!staff) redirect(303, '/staff/login');
	const step = pendingStep(staff);
	if (step) redirect(303, STEP_PAGE[step]);
	return staff;
}

/**
 * Only for the pages of the sign-in steps themselves (TOTP, its set-up, the forced password change) and for
 * signing out: the person may be part-way through signing in. Each such page checks which step it serves.
 */
export function signingInStaffOf(locals: App.Locals): SignedInStaff {
	if (!locals.staff) redirect(303, '/staff/login');
	return locals.staff;
}

/** Coordinator-only pages answer 404 to everyone else, as for another municipality's objects. */
export function coordinatorOf(locals: App.Locals): SignedInStaff {
	const staff = staffOf(locals);
	if (staff.role !== 'coordinator') error(404);
	return staff;
}
