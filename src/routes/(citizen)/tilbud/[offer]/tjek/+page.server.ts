import { error, fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/platform/app-db';
import { offerContext } from '$lib/server/booking/citizen';
import { acceptsUnknown, checkEligibility, needsAgeBand, type EligibilityAnswers } from '$lib/domain/eligibility';
import type { EligibilityQuestion } from '$lib/domain/model';
import { AgeBandParam, withBand } from '../flow';

export const load: PageServerLoad = async ({ parent }) => {
	const { offer } = await parent();
	return { askAge: needsAgeBand(offer) };
};

const YesNo = z.enum(['ja', 'nej', 'ved-ikke']).optional().catch(undefined);
type Chosen = 'ja' | 'nej' | 'ved-ikke';

/**
 * The answers are read from the POST body, judged, and dropped: they are never stored, logged, or put in an
 * address (issue 3). Only the age band travels on, in the address of the next step.
 */
export const actions: Actions = {
	default: async ({ params, request }) => {
		const context = await offerContext(db(), params.offer);
		if (!context) error(404, 'Not found');
		const { offer } = context;
		const form = await request.formData();
		const answers: EligibilityAnswers = {};
		for (const question of offer.eligibility) {
			const answer = YesNo.parse(form.get(question) ?? undefined);
			// "Ved ikke" only where the centre judges it in the clarifying conversation (domain/eligibility.ts).
			if (answer === 'ved-ikke') {
				if (acceptsUnknown(question)) answers[question] = 'unknown';
			} else if (answer) answers[question] = answer === 'ja';
		}
		const band = AgeBandParam.optional()
			.catch(undefined)
			.parse(form.get('alder') ?? undefined);
		const verdict = checkEligibility(offer, answers, band);
		if (verdict.eligible) redirect(303, withBand(`/tilbud/${offer.slug}/sted`, band ?? null));

		// Unanswered questions are asked again, not refused; the answers given are shown back as chosen.
		const chosen = Object.fromEntries(
			Object.entries(answers).map(([q, a]) => [q, a === 'unknown' ? 'ved-ikke' : a ? 'ja' : 'nej'])
		) as Record<string, Chosen>;
		const missing: string[] = [...verdict.unanswered, ...(verdict.age === 'unanswered' ? ['alder'] : [])];
		if (missing.length > 0) return fail(400, { missing, chosen, band: band ?? null });
		return {
			refused: { failed: verdict.failed as EligibilityQuestion[], age: verdict.age === 'outside' }
		};
	}
};
