import type { LayoutServerLoad } from './$types';

/** Only whether a code session exists (for the header's link), never anything about the code. */
export const load: LayoutServerLoad = ({ locals }) => ({ codeHolder: locals.code !== null });
