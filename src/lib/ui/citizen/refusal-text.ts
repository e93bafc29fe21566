import type { Offer } from '$lib/domain/model';
import type { BookingRefusal } from '$lib/views/citizen';
import { m } from '$lib/paraglide/messages';
import { DEFAULT_MAX_HELD_AHEAD } from '$lib/domain/sessions';

/**
 * Why a booking was refused, in a sentence a person can act on; the page shows whom to call next to it
 * (NextStep). The rules themselves are in $lib/domain.
 */
export function refusalText(reason: BookingRefusal, offer: Offer): string {
	switch (reason) {
		case 'cap':
			return `${m.citizen_cap_title()}. ${m.citizen_cap_text()}`;
		case 'cadence':
			if (offer.cadence?.kind === 'rolling')
				return m.citizen_refusal_rolling({ count: offer.cadence.max, days: offer.cadence.days });
			return offer.cadence?.kind === 'perWeek' ? m.citizen_refusal_weekly() : m.citizen_refusal_cadence();
		case 'consent_needed':
			return m.citizen_youth_title();
		case 'decision_pending':
			return m.citizen_refusal_decision();
		case 'not_granted':
			return m.citizen_decision_not_granted();
		case 'phase_order':
			return m.citizen_refusal_order();
		case 'closing_before_course':
			return m.citizen_refusal_closing();
		case 'course_ended':
			return m.citizen_refusal_ended();
		case 'full':
		case 'slot_cancelled':
			return m.citizen_refusal_full();
		case 'slot_past':
			return m.citizen_refusal_past();
		case 'already_booked':
			return m.citizen_refusal_already();
		case 'slow_down':
			return m.citizen_refusal_slow_down();
		case 'too_many_ahead':
			return m.citizen_refusal_too_many_ahead({ count: offer.maxHeldAhead ?? DEFAULT_MAX_HELD_AHEAD });
		case 'phase_not_in_offer':
		case 'no_code':
		case 'slot_not_found':
		case 'booking_not_found':
			return m.citizen_refusal_other();
	}
}

/** The refusals that mean "someone else got there first": offer the nearest free times instead. */
export function isTaken(reason: BookingRefusal): boolean {
	return reason === 'full' || reason === 'slot_cancelled' || reason === 'slot_past';
}

/** The phone a person who lost the code is sent to: the offer's next step, else the municipality's. */
export function helpPhone(
	offer: Offer,
	municipalityPhone: { known: true; value: string } | { known: false }
): string | null {
	if (offer.nextStep.phone.known) return offer.nextStep.phone.value;
	return municipalityPhone.known ? municipalityPhone.value : null;
}
