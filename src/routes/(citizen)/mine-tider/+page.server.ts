import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/platform/app-db';
import { cancel } from '$lib/server/booking/bookings';
import { endCodeSession } from '$lib/server/booking/citizen';
import { unreadByPerson } from '$lib/server/booking/messages';
import { mustAskParentalConsent, nextPhase, remainingSessions, sessionsUsed } from '$lib/domain/sessions';

const Notice = z.enum(['booket', 'aflyst', 'flyttet']).nullable().catch(null);

/** Sessions used and left, what may be booked next and why not, and every booking with its status. */
export const load: PageServerLoad = async ({ parent, url, locals }) => {
	const { offer, held, state } = await parent();
	const next = nextPhase(offer, held, state);
	// Under 18 at the anonymous limit, where the parents' permission would open more (001); where it would not
	// (Helsingung, 003), the person is told the cap and the next step instead.
	const consentStep = mustAskParentalConsent(offer, held, state);
	// "2 af 5 samtaler brugt" for the phases a person counts: conversations, and a course once it is open to them.
	// The total is what the rules allow this code (under 18: the youth gate, widened by a recorded consent).
	const usage = offer.phases
		.filter((p) => p.kind === 'conversation' || (p.kind === 'course' && (!p.requiresDecision || state.decision === 'granted')))
		.flatMap((p) => {
			const used = sessionsUsed(held, p.kind);
			const left = remainingSessions(offer, p.kind, held, state);
			return left === null ? [] : [{ phase: p.kind, used, max: used + left }];
		});
	// The thread with the centre (issue 15): unread messages are named here, since nothing else tells the person.
	const unread = locals.code ? await unreadByPerson(db(), locals.code.id) : 0;
	return { next, consentStep, usage, unread, notice: Notice.parse(url.searchParams.get('besked')), now: new Date() };
};

const BookingId = z.object({ booking: z.uuid() });

export const actions: Actions = {
	cancel: async ({ locals, request }) => {
		if (!locals.code) return fail(401, { sessionGone: true as const });
		const parsed = BookingId.safeParse(Object.fromEntries(await request.formData()));
		if (!parsed.success) return fail(400, { cancelFailed: true as const });
		const result = await cancel(db(), locals.code.id, parsed.data.booking);
		if (!result.ok) return fail(409, { cancelFailed: true as const });
		redirect(303, '/mine-tider?besked=aflyst');
	},
	logout: async (event) => {
		await endCodeSession(db(), event);
		redirect(303, '/kode?ud=1');
	}
};
