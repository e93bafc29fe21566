import { error, fail } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/platform/app-db';
import type { AgeBand, Offer } from '$lib/domain/model';
import { AGE_BANDS, acceptsUnknown, ageBandFits, checkEligibility, needsAgeBand, type EligibilityAnswers } from '$lib/domain/eligibility';
import { nextPhase } from '$lib/domain/sessions';
import { offerBySlug } from '$lib/server/catalogue/catalogue';
import { freeSlots } from '$lib/server/booking/slots';
import { offersAtPlacesOf, type Staff } from '$lib/server/staff/staff';
import { phoneBook } from '$lib/server/staff/staff-course';
import { m } from '$lib/paraglide/messages';
import { formValues, staffOf } from '../guard';

/** How far ahead a caller is offered times: four weeks, as the web shows. */
const WINDOW_DAYS = 28;

/** The (offer, place) the viewer picked, or a 404 when it is not one of theirs. */
async function chosen(staff: Staff, offerPlace: string | null): Promise<{ offer: Offer; placeSlug: string; placeName: string } | null> {
	if (!offerPlace) return null;
	const pair = (await offersAtPlacesOf(db(), staff)).find((o) => `${o.offerSlug}|${o.placeSlug}` === offerPlace);
	const offer = pair && (await offerBySlug(db(), pair.offerSlug));
	if (!pair || !offer) error(404);
	return { offer, placeSlug: pair.placeSlug, placeName: pair.placeName };
}

/** The phase a new caller starts in: the clarifying conversation for §101a (stk. 3), else the first. */
function firstPhase(offer: Offer) {
	const next = nextPhase(offer, [], { ageBand: null, decision: 'none', parentalConsent: false, courseEnded: false });
	return next.ok ? next.phase : offer.phases[0]!.kind;
}

export const load: PageServerLoad = async ({ locals, url }) => {
	const staff = staffOf(locals);
	const offers = await offersAtPlacesOf(db(), staff);
	const pick = await chosen(staff, url.searchParams.get('offerPlace'));
	if (!pick) return { offers, pick: null };
	const now = new Date();
	const phase = firstPhase(pick.offer);
	const slots = await freeSlots(db(), {
		offerSlug: pick.offer.slug,
		phase,
		placeSlug: pick.placeSlug,
		from: now,
		to: new Date(now.getTime() + WINDOW_DAYS * 86_400_000),
		limit: 80
	});
	return {
		offers,
		pick: {
			offerPlace: `${pick.offer.slug}|${pick.placeSlug}`,
			offer: pick.offer,
			placeName: pick.placeName,
			phase,
			bands: (Object.keys(AGE_BANDS) as AgeBand[]).filter((b) => ageBandFits(pick.offer, b)),
			bandRequired: needsAgeBand(pick.offer),
			slots
		}
	};
};

const BookForm = z.object({
	offerPlace: z.string().min(3).max(200),
	slotId: z.uuid(),
	ageBand: z.enum(['', 'under18', '18to24', '25plus'])
});

export const actions: Actions = {
	book: async ({ locals, request }) => {
		const staff = staffOf(locals);
		const data = await request.formData();
		const values = formValues(data);
		const parsed = BookForm.safeParse(Object.fromEntries(data));
		if (!parsed.success) return fail(400, { message: m.staff_phone_choose_time(), values });
		const pick = await chosen(staff, parsed.data.offerPlace);
		if (!pick) error(404);
		// The same questions as on the web (SEL §101a stk. 3: by phone or web, one set of rules); never stored.
		// A question not answered is not a "no" (issue 11, item 6): it is asked again; "ved ikke" where the web has it.
		const answers: EligibilityAnswers = {};
		for (const q of pick.offer.eligibility) {
			const answer = data.get(`q_${q}`);
			if (answer === 'yes' || answer === 'no') answers[q] = answer === 'yes';
			else if (answer === 'unknown' && acceptsUnknown(q)) answers[q] = 'unknown';
		}
		const ageBand = parsed.data.ageBand || undefined;
		const verdict = checkEligibility(pick.offer, answers, ageBand);
		if (!verdict.eligible) {
			const message =
				verdict.unanswered.length > 0 ? m.staff_phone_answer_all()
				: verdict.age !== 'fits' ? m.staff_phone_age()
				: m.staff_phone_not_eligible();
			return fail(400, { message, values });
		}
		const result = await phoneBook(db(), staff, { slotId: parsed.data.slotId, ageBand: ageBand ?? null });
		if (!result.ok) {
			if (result.reason === 'not_found' || result.reason === 'slot_not_found') error(404);
			const message =
				result.reason === 'full' ? m.staff_phone_full()
				: result.reason === 'slot_past' || result.reason === 'slot_cancelled' ? m.staff_phone_gone()
				: m.staff_phone_refused();
			return fail(409, { message, values });
		}
		const { ok: _, ...issued } = result;
		return { issued };
	}
};
