import type { PhaseKind } from '$lib/domain/model';
import { m } from '$lib/paraglide/messages';

export function phaseName(phase: PhaseKind): string {
	switch (phase) {
		case 'clarifying':
			return m.citizen_phase_clarifying();
		case 'conversation':
			return m.citizen_phase_conversation();
		case 'course':
			return m.citizen_phase_course();
		case 'closing':
			return m.citizen_phase_closing();
	}
}
