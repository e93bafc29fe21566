import { redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/platform/app-db';
import { endCodeSession } from '$lib/server/booking/citizen';
import { clarifyingStatus, mustAskParentalConsent, nextPhase, sessionUsage, youthHandover } from '$lib/domain/sessions';
import { unreadByPerson } from '$lib/server/booking/messages';

const Notice = z.enum(['booket', 'hold', 'aflyst', 'flyttet']).nullable().catch(null);

/** Sessions used and left, what may be booked next and why not, and every booking with its status. */
export const load: PageServerLoad = async ({ parent, url, locals }) => {
	const { offer, held, state } = await parent();
	const next = nextPhase(offer, held, state);
	// Under 18 at the anonymous limit, where the parents' permission would open more (001); where it would not
	// (Helsingung, 003), the person is told the cap and the next step instead.
	const consentStep = mustAskParentalConsent(offer, held, state);
	// Past the anonymous talks with nothing more to unlock: the hand-over to identified help (001, 003, 004).
	const handover = youthHandover(offer, held, state);
	const now = new Date();
	const clarifying = offer.phases.some((p) => p.requiresDecision) ? clarifyingStatus(offer, held, state, now) : null;
	// "2 af 5 samtaler er booket" (booked or held) for the phases a person counts (no-shows only where the phase counts them).
	const usage = sessionUsage(offer, held, state);
	// The thread with the centre (issue 15): unread messages are named here, since nothing else tells the person.
	const unread = locals.code ? await unreadByPerson(db(), locals.code.id) : 0;
	return {
		next,
		consentStep,
		handover,
		clarifying,
		usage,
		unread,
		notice: Notice.parse(url.searchParams.get('besked')),
		now
	};
};

export const actions: Actions = {
	logout: async (event) => {
		await endCodeSession(db(), event);
		redirect(303, '/kode?ud=1');
	}
};
