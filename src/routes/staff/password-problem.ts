import { PASSWORD_MAX, PASSWORD_MIN, type PasswordProblem } from '$lib/server/auth/password';
import type { StaffRefusal } from '$lib/views/staff';

/** Why a new password was refused, as a code with its limit (the change page, a new colleague, a coordinator's reset). */
export function passwordRefusal(problem: PasswordProblem): StaffRefusal {
	switch (problem) {
		case 'too_short':
			return { code: 'password_too_short', min: PASSWORD_MIN };
		case 'too_long':
			return { code: 'password_too_long', max: PASSWORD_MAX };
		case 'common':
			return { code: 'password_common' };
		case 'repetitive':
			return { code: 'password_repetitive' };
		case 'contains_username':
			return { code: 'password_contains_username' };
	}
}
