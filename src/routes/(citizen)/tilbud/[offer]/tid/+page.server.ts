import { error } from '@sveltejs/kit';
import { z } from 'zod';
import type { PageServerLoad } from './$types';
import { db } from '$lib/server/platform/app-db';
import { joinableSeries, timesAt } from '$lib/server/booking/citizen';
import { ageBandFrom, firstPhase, withBand } from '../flow';
import { clientSubject } from '$lib/server/auth/rate-limit';
import { countNoTimeWithinGuarantee, someTimeWithinGuarantee } from '$lib/server/operations/guarantee-no-time';

/** Free times at the chosen place for the next weeks; a group phase shows its series and their start dates. */
export const load: PageServerLoad = async ({ parent, url, getClientAddress }) => {
	const { offer, providers } = await parent();
	const band = ageBandFrom(url, offer);
	const phase = firstPhase(offer, band);
	const place = z.string().max(100).safeParse(url.searchParams.get('sted'));
	const provider = providers.find((p) => place.success && p.place.slug === place.data);
	if (!phase || !provider) error(404, 'Not found');

	const now = new Date();
	const format = offer.phases.find((p) => p.kind === phase)!.format;
	const [times, series] =
		format.kind === 'group'
			? [[], await joinableSeries(db(), offer, phase, now, provider.place.slug)]
			: [(await timesAt(db(), offer, phase, provider.place.slug, now)).map((s) => ({ id: s.id, startsAt: s.startsAt })), []];
	// SUL §141 stk. 2: the guarantee is told only with a way to use it — no time within 14 days here: say so, show
	// whom to call, and count the request (issue 11, item 7).
	const firstTimes = format.kind === 'group' ? series.flatMap((s) => s.starts.map((x) => x.startsAt)) : times.map((t) => t.startsAt);
	const guaranteeNoTime = offer.guarantee14Days && !someTimeWithinGuarantee(offer, firstTimes, now);
	if (guaranteeNoTime) await countNoTimeWithinGuarantee(db(), offer, clientSubject(getClientAddress()), now);
	return {
		guaranteeNoTime,
		band,
		phase,
		provider,
		times,
		series,
		group: format.kind === 'group' ? format : null,
		bookBase: `/tilbud/${offer.slug}/book`,
		bandQuery: withBand('', band),
		otherPlaces: providers.length > 1 ? withBand(`/tilbud/${offer.slug}/sted`, band) : null
	};
};
