// See https://svelte.dev/docs/kit/types#app.d.ts
declare global {
	namespace App {
		interface Locals {
			locale: 'da' | 'en';
			/** The code of the person whose code session this request carries, if any. */
			code: import('$lib/server/booking/codes').CodeRecord | null;
			codeSessionId?: string;
			/** Set by handleError when the database could not be reached, so the answer becomes a 503. */
			databaseUnavailable?: boolean;
			/** The signed-in staff member (src/lib/server/auth/staff-auth.ts), if any. */
			staff: import('$lib/server/auth/staff-auth').SignedInStaff | null;
		}
	}
}

export {};
