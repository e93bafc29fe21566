import { error } from '@sveltejs/kit';
import { z } from 'zod';
import type { PageServerLoad } from './$types';
import { db } from '$lib/server/platform/app-db';
import { joinableSeries } from '$lib/server/booking/citizen';
import { timeChooser } from '$lib/server/booking/time-chooser';
import { minNoticeMinutes } from '$lib/domain/notice';
import { ageBandFrom, firstPhase, withBand } from '../flow';
import { clientSubject } from '$lib/server/auth/rate-limit';
import { countNoTimeWithinGuarantee, someTimeWithinGuarantee } from '$lib/server/operations/guarantee-no-time';

/**
 * Free times at the chosen place a month at a time, one day's times at once (issue 12, item 4); a group phase shows
 * its series and their start dates.
 */
export const load: PageServerLoad = async ({ parent, url, getClientAddress }) => {
	const { offer, providers } = await parent();
	const band = ageBandFrom(url, offer);
	const phase = firstPhase(offer, band);
	const place = z.string().max(100).safeParse(url.searchParams.get('sted'));
	const provider = providers.find((p) => place.success && p.place.slug === place.data);
	if (!phase || !provider) error(404, 'Not found');

	const now = new Date();
	const format = offer.phases.find((p) => p.kind === phase)!.format;
	const chooser =
		format.kind === 'group'
			? null
			: await timeChooser(db(), {
					offer,
					phase,
					placeSlug: provider.place.slug,
					now,
					month: url.searchParams.get('maaned'),
					day: url.searchParams.get('dag')
				});
	const series = format.kind === 'group' ? await joinableSeries(db(), offer, phase, now, provider.place.slug) : [];
	// SUL §141 stk. 2: the guarantee is told only with a way to use it — no time within 14 days here: say so, show
	// whom to call, and count the request (issue 11, item 7).
	const firstTimes = chooser
		? chooser.first
			? [chooser.first.startsAt]
			: []
		: series.flatMap((s) => s.starts.map((x) => x.startsAt));
	const guaranteeNoTime = offer.guarantee14Days && !someTimeWithinGuarantee(offer, firstTimes, now);
	if (guaranteeNoTime) await countNoTimeWithinGuarantee(db(), offer, clientSubject(getClientAddress()), now);
	return {
		guaranteeNoTime,
		band,
		phase,
		provider,
		chooser,
		series,
		minutes: format.minutes,
		noticeHours: Math.round(minNoticeMinutes(offer) / 60),
		timesBase: withBand(`/tilbud/${offer.slug}/tid`, band, { sted: provider.place.slug }),
		group: format.kind === 'group' ? format : null,
		bookBase: `/tilbud/${offer.slug}/book`,
		bandQuery: withBand('', band),
		otherPlaces: providers.length > 1 ? withBand(`/tilbud/${offer.slug}/sted`, band) : null
	};
};
