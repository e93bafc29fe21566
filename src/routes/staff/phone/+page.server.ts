import { error } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/platform/app-db';
import type { Offer } from '$lib/domain/model';
import { AGE_BANDS } from '$lib/domain/values';
import {
	acceptsUnknown,
	ageBandFits,
	checkEligibility,
	needsAgeBand,
	type EligibilityAnswers
} from '$lib/domain/eligibility';
import { firstPhase } from '$lib/domain/sessions';
import { offerBySlug } from '$lib/server/catalogue/catalogue';
import { freeByDay } from '$lib/server/booking/slots';
import { offersAtPlacesOf, type Staff } from '$lib/server/staff/staff';
import { phoneBook } from '$lib/server/staff/staff-course';
import { parseForm, refuse } from '$lib/server/http/form';
import { staffOf } from '../guard';

/** How far ahead a caller is offered times: four weeks, as the web shows. */
const WINDOW_DAYS = 28;

/** The (offer, place) the viewer picked, or a 404 when it is not one of theirs. */
async function chosen(
	staff: Staff,
	offerPlace: string | null
): Promise<{ offer: Offer; placeSlug: string; placeName: string } | null> {
	if (!offerPlace) return null;
	const pair = (await offersAtPlacesOf(db(), staff)).find((o) => `${o.offerSlug}|${o.placeSlug}` === offerPlace);
	const offer = pair && (await offerBySlug(db(), pair.offerSlug));
	if (!pair || !offer) error(404);
	return { offer, placeSlug: pair.placeSlug, placeName: pair.placeName };
}

export const load: PageServerLoad = async ({ locals, url }) => {
	const staff = staffOf(locals);
	const offers = await offersAtPlacesOf(db(), staff);
	const pick = await chosen(staff, url.searchParams.get('offerPlace'));
	if (!pick) return { offers, pick: null };
	const now = new Date();
	// The caller's age band is asked on this page, after the times: where the rules wait for it, the offer's
	// first phase is shown, and booking checks the band (phoneBook).
	const phase = firstPhase(pick.offer, null) ?? pick.offer.phases[0]!.kind;
	// A day first, then its times (issue 13, item 6): a caller says "Tuesday", not "the 37th time".
	const day = url.searchParams.get('dag');
	const free = await freeByDay(
		db(),
		{
			offerSlug: pick.offer.slug,
			phase,
			placeSlug: pick.placeSlug,
			from: now,
			to: new Date(now.getTime() + WINDOW_DAYS * 86_400_000)
		},
		day && /^\d{4}-\d{2}-\d{2}$/.test(day) ? day : null
	);
	return {
		offers,
		pick: {
			offerPlace: `${pick.offer.slug}|${pick.placeSlug}`,
			offer: pick.offer,
			placeName: pick.placeName,
			phase,
			bands: AGE_BANDS.filter((b) => ageBandFits(pick.offer, b)),
			bandRequired: needsAgeBand(pick.offer),
			...free
		}
	};
};

const BookForm = z.object({
	offerPlace: z.string().min(3).max(200),
	slotId: z.uuid(),
	ageBand: z.union([z.literal(''), z.enum(AGE_BANDS)])
});

export const actions: Actions = {
	book: async ({ locals, request }) => {
		const staff = staffOf(locals);
		const form = await parseForm(request, BookForm, { code: 'phone_choose_time' });
		if (!form.ok) return form.failure;
		const { values } = form;
		const pick = await chosen(staff, form.data.offerPlace);
		if (!pick) error(404);
		// The same questions as on the web (SEL §101a stk. 3: by phone or web, one set of rules); never stored.
		// A question not answered is not a "no" (issue 11, item 6): it is asked again; "ved ikke" where the web has it.
		const answers: EligibilityAnswers = {};
		for (const q of pick.offer.eligibility) {
			const answer = form.form.get(`q_${q}`);
			if (answer === 'yes' || answer === 'no') answers[q] = answer === 'yes';
			else if (answer === 'unknown' && acceptsUnknown(q)) answers[q] = 'unknown';
		}
		const ageBand = form.data.ageBand || undefined;
		const verdict = checkEligibility(pick.offer, answers, ageBand);
		if (!verdict.eligible) {
			const code =
				verdict.unanswered.length > 0
					? 'phone_answer_all'
					: verdict.age !== 'fits'
						? 'phone_age'
						: 'phone_not_eligible';
			return refuse(400, { code }, values);
		}
		const result = await phoneBook(db(), staff, { slotId: form.data.slotId, ageBand: ageBand ?? null });
		if (!result.ok) {
			if (result.reason === 'not_found' || result.reason === 'slot_not_found') error(404);
			const code =
				result.reason === 'full'
					? 'phone_full'
					: result.reason === 'slot_past' || result.reason === 'slot_cancelled'
						? 'phone_gone'
						: 'phone_refused';
			return refuse(409, { code }, values);
		}
		const { ok: _, ...issued } = result;
		return { issued };
	}
};
