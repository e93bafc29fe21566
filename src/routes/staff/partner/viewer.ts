import { error } from '@sveltejs/kit';
import type { SignedInStaff } from '$lib/server/auth/staff-auth';
import { staffOf } from '../guard';

/** A partner's staff report on the places they work at, a coordinator on their municipality's; others get 404. */
export function partnerViewerOf(locals: App.Locals): SignedInStaff {
	const staff = staffOf(locals);
	if (staff.role !== 'partner' && staff.role !== 'coordinator') error(404);
	return staff;
}
