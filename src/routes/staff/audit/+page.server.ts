import type { PageServerLoad } from './$types';
import { db } from '$lib/server/platform/app-db';
import { auditOfMunicipality } from '$lib/server/operations/audit-trail';
import { coordinatorOf } from '../guard';

const PAGE = 100;

/** Coordinators read their municipality's audit (issue 4); newest first, a page at a time. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const staff = coordinatorOf(locals);
	const before = url.searchParams.get('before');
	const rows = await auditOfMunicipality(db(), staff.municipalitySlug, {
		before: before && /^\d{1,18}$/.test(before) ? before : undefined,
		limit: PAGE
	});
	return { rows, older: rows.length === PAGE ? rows[rows.length - 1]!.id : null };
};
