import type { PhaseKind } from '$lib/domain/model';
import { m } from '$lib/paraglide/messages';
import type { PhaseFormat } from '../phase-format';

/** A phase in plain words, named by its format where that varies (phaseFormat): a course may be talks, not a group. */
export function phaseName(phase: PhaseKind, format: PhaseFormat = 'either'): string {
	switch (phase) {
		case 'clarifying':
			return m.citizen_phase_clarifying();
		case 'conversation':
			return m.citizen_phase_conversation();
		case 'course':
			if (format === 'group') return m.citizen_phase_course();
			return format === 'individual' ? m.citizen_phase_course_individual() : m.citizen_phase_course_either();
		case 'closing':
			return m.citizen_phase_closing();
	}
}
