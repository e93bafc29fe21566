import type { PageServerLoad } from './$types';
import { db } from '$lib/server/platform/app-db';
import { threadsFor } from '$lib/server/booking/messages';
import { staffOf } from '../guard';

/** The viewer's threads by alias, waiting ones first (issue 15); the tenancy rule is messages.ts's. */
export const load: PageServerLoad = async ({ locals }) => ({ threads: await threadsFor(db(), staffOf(locals)) });
