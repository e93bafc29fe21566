import { m } from '$lib/paraglide/messages';
import { PASSWORD_MAX, PASSWORD_MIN, type PasswordProblem } from '$lib/server/auth/password';

/** Why a new password was refused, in words (the change page, a new colleague, a coordinator's reset). */
export function passwordProblemMessage(problem: PasswordProblem): string {
	switch (problem) {
		case 'too_short':
			return m.staff_password_too_short({ min: PASSWORD_MIN });
		case 'too_long':
			return m.staff_password_too_long({ max: PASSWORD_MAX });
		case 'common':
			return m.staff_password_common();
		case 'repetitive':
			return m.staff_password_repetitive();
		case 'contains_username':
			return m.staff_password_contains_username();
	}
}
