import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/platform/app-db';
import { endCodeSession } from '$lib/server/booking/citizen';
import { clarifyingStatus, mustAskParentalConsent, nextPhase, sessionUsage, youthHandover } from '$lib/domain/sessions';
import { unreadByPerson } from '$lib/server/booking/messages';
import { takeOfferedSeat, takeOfferedTime } from '$lib/server/booking/bookings';
import { leaveTimeWaitlist, leaveWaitlist, timeWaitsOfCode, waitsOfCode } from '$lib/server/booking/waitlist';

const Notice = z
	.enum(['booket', 'hold', 'aflyst', 'flyttet', 'venteliste', 'plads', 'ikke-paa-venteliste'])
	.nullable()
	.catch(null);
const Series = z.object({ series: z.uuid() });
const AtPlace = z.object({ place: z.string().min(1).max(100) });

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
	// Settled as it is read: a seat freed meanwhile is offered, a hold that ran out has passed on (waitlist.ts).
	const waits = locals.code ? await waitsOfCode(db(), locals.code.id, now) : [];
	const timeWaits = locals.code ? await timeWaitsOfCode(db(), locals.code.id, now) : [];
	const unread = locals.code ? await unreadByPerson(db(), locals.code.id) : 0;
	return {
		next,
		consentStep,
		handover,
		clarifying,
		usage,
		waits,
		timeWaits,
		unread,
		notice: Notice.parse(url.searchParams.get('besked')),
		now
	};
};

export const actions: Actions = {
	/** "Tag pladsen": books the seat held for the person, from the session the line starts at. */
	takeSeat: async ({ locals, request }) => {
		if (!locals.code) return fail(401, { sessionGone: true as const });
		const parsed = Series.safeParse(Object.fromEntries(await request.formData()));
		if (!parsed.success) return fail(400, { seatGone: true as const });
		const result = await takeOfferedSeat(db(), locals.code.id, parsed.data.series);
		if (!result.ok) return fail(409, { seatGone: true as const });
		redirect(303, '/mine-tider?besked=plads');
	},
	/** "Nej tak" to a seat held, or leaving the line: either way the place goes to the next in line. */
	leaveWaitlist: async ({ locals, request }) => {
		if (!locals.code) return fail(401, { sessionGone: true as const });
		const parsed = Series.safeParse(Object.fromEntries(await request.formData()));
		// Only a place actually left is reported as left; anything else just shows the page as it stands.
		const left = parsed.success && (await leaveWaitlist(db(), locals.code.id, parsed.data.series));
		redirect(303, left ? '/mine-tider?besked=ikke-paa-venteliste' : '/mine-tider');
	},
	/** "Tag pladsen" for the individual time held for the person from a place's line. */
	takeTime: async ({ locals, request }) => {
		if (!locals.code) return fail(401, { sessionGone: true as const });
		const parsed = AtPlace.safeParse(Object.fromEntries(await request.formData()));
		if (!parsed.success) return fail(400, { timeGone: true as const });
		const result = await takeOfferedTime(db(), locals.code.id, parsed.data.place);
		if (!result.ok) return fail(409, { timeGone: true as const });
		redirect(303, '/mine-tider?besked=booket');
	},
	/** "Nej tak" to the time held, or leaving the place's line: the next in line gets it. */
	leaveTimeWaitlist: async ({ locals, request }) => {
		if (!locals.code) return fail(401, { sessionGone: true as const });
		const parsed = AtPlace.safeParse(Object.fromEntries(await request.formData()));
		if (parsed.success) await leaveTimeWaitlist(db(), locals.code.id, parsed.data.place);
		redirect(303, '/mine-tider?besked=ikke-paa-venteliste');
	},
	logout: async (event) => {
		await endCodeSession(db(), event);
		redirect(303, '/kode?ud=1');
	}
};
