import type { EligibilityQuestion } from '$lib/domain/model';
import { m } from '$lib/paraglide/messages';

/** Each question is put so that "yes" means the criterion is met, as the domain's answers are (eligibility.ts). */
export function questionText(question: EligibilityQuestion, municipality: string): string {
	switch (question) {
		case 'adult':
			return m.citizen_q_adult();
		case 'drugProblem':
			return m.citizen_q_drugProblem();
		case 'selfSupporting':
			return m.citizen_q_selfSupporting();
		case 'hasHome':
			return m.citizen_q_hasHome();
		case 'noSubstitution':
			return m.citizen_q_noSubstitution();
		case 'noPsychiatric':
			return m.citizen_q_noPsychiatric();
		case 'workOrEducation':
			return m.citizen_q_workOrEducation();
		case 'livesInMunicipality':
			return m.citizen_q_livesInMunicipality({ municipality });
	}
}

/** Why a "no" rules the offer out, said kindly; the page then shows who to call. */
export function reasonText(question: EligibilityQuestion, municipality: string): string {
	switch (question) {
		case 'adult':
			return m.citizen_reason_adult();
		case 'drugProblem':
			return m.citizen_reason_drugProblem();
		case 'selfSupporting':
			return m.citizen_reason_selfSupporting();
		case 'hasHome':
			return m.citizen_reason_hasHome();
		case 'noSubstitution':
			return m.citizen_reason_noSubstitution();
		case 'noPsychiatric':
			return m.citizen_reason_noPsychiatric();
		case 'workOrEducation':
			return m.citizen_reason_workOrEducation();
		case 'livesInMunicipality':
			return m.citizen_reason_livesInMunicipality({ municipality });
	}
}
