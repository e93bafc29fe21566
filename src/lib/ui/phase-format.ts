import type { Phase } from '$lib/domain/model';

/**
 * What a person sits in at a time of this phase: a group, a talk on their own, or — where the offer runs either —
 * both. Both faces name a phase by it (issue 11): a `course` is not always a group. Gladsaxe's anonymous alcohol
 * course is individual talks every 14 days (000 §5), and its §101a course gives "10 individuelle samtaler" where no
 * group runs (001 §5), which staff open as course times with one seat.
 */
export type PhaseFormat = 'individual' | 'group' | 'either';

/** A real time's seats decide (one seat is a talk); without one, the offer's format, `either` if it has an alternative. */
export function phaseFormat(phase: Pick<Phase, 'format' | 'alternative'> | undefined, seats?: number): PhaseFormat {
	if (seats !== undefined) return seats > 1 ? 'group' : 'individual';
	if (!phase) return 'either';
	if (phase.alternative && phase.alternative.kind !== phase.format.kind) return 'either';
	return phase.format.kind;
}
