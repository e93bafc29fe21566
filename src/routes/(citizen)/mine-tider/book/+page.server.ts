import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/platform/app-db';
import { earliestFreePerPlace, fullSeries, joinableSeries } from '$lib/server/booking/citizen';
import { joinTimeWaitlist, joinWaitlist, timeLineChoice, waitsOfCode } from '$lib/server/booking/waitlist';
import { WAITLIST_WEEKS_AHEAD } from '$lib/domain/waitlist';
import { timeChooser } from '$lib/server/booking/time-chooser';
import { bookableFrom } from '$lib/domain/notice';
import { nextPhase } from '$lib/domain/sessions';

/**
 * The next time for a code holder: the phase the rules open to them (domain nextPhase), at a place they choose.
 * Refusals are explained on /mine-tider itself, so here a closed phase just shows no times.
 */
export const load: PageServerLoad = async ({ parent, url, locals }) => {
	const { offer, providers, held, state } = await parent();
	const next = nextPhase(offer, held, state);
	const now = new Date();
	const none = { full: [], waitingOn: [] as string[], timeWait: null, weeks: WAITLIST_WEEKS_AHEAD };
	if (!next.ok) return { phase: null, choices: [], provider: null, chooser: null, series: [], group: null, ...none };
	const phase = next.phase;
	const format = offer.phases.find((p) => p.kind === phase)!.format;
	const group = format.kind === 'group' ? format : null;
	if (group) {
		// A full group offers its waiting list instead (issue 15, part 2); the series the person waits for say so.
		const waits = locals.code ? await waitsOfCode(db(), locals.code.id, now) : [];
		return {
			phase,
			choices: [],
			provider: null,
			chooser: null,
			series: await joinableSeries(db(), offer, phase, now),
			group,
			full: await fullSeries(db(), offer, phase, now),
			waitingOn: waits.map((w) => w.seriesId)
		};
	}

	const chosen = z.string().max(100).nullable().parse(url.searchParams.get('sted'));
	const provider = providers.length === 1 ? providers[0]! : providers.find((p) => p.place.slug === chosen);
	if (!provider) {
		const earliest = await earliestFreePerPlace(db(), { offerSlug: offer.slug, phase, from: bookableFrom(offer, now) });
		const choices = providers.map((p) => ({
			...p,
			earliest: earliest.get(p.place.slug) ?? null,
			href: `/mine-tider/book?sted=${p.place.slug}`
		}));
		return { phase, choices, provider: null, chooser: null, series: [], group, ...none };
	}
	const chooser = await timeChooser(db(), {
		offer,
		phase,
		placeSlug: provider.place.slug,
		now,
		month: url.searchParams.get('maaned'),
		day: url.searchParams.get('dag'),
		held
	});
	// Every time here in the coming weeks full for this person: the place's waiting list (issue 15, part 2).
	const timeWait = locals.code
		? await timeLineChoice(db(), { id: locals.code.id, offer }, provider.place.slug, now)
		: null;
	return { phase, choices: [], provider, chooser, series: [], group, place: provider.place.slug, ...none, timeWait };
};

const Join = z.object({ series: z.uuid() });
const JoinAtPlace = z.object({ place: z.string().min(1).max(100) });

export const actions: Actions = {
	/** "Skriv mig på ventelisten": the person's place in line is shown on /mine-tider. */
	waitlist: async ({ locals, request }) => {
		if (!locals.code) return fail(401, { sessionGone: true as const });
		const parsed = Join.safeParse(Object.fromEntries(await request.formData()));
		if (!parsed.success) return fail(400, { joinFailed: true as const });
		const result = await joinWaitlist(db(), locals.code.id, parsed.data.series);
		if (!result.ok && result.reason === 'not_full') return fail(409, { notFull: true as const });
		if (!result.ok && result.reason === 'already_waiting') return fail(409, { alreadyWaiting: true as const });
		if (!result.ok) return fail(409, { joinFailed: true as const });
		redirect(303, '/mine-tider?besked=venteliste');
	},
	/** The same for the individual times at a place, when all of them in the coming weeks are full. */
	waitlistTime: async ({ locals, request }) => {
		if (!locals.code) return fail(401, { sessionGone: true as const });
		const parsed = JoinAtPlace.safeParse(Object.fromEntries(await request.formData()));
		if (!parsed.success) return fail(400, { joinFailed: true as const });
		const result = await joinTimeWaitlist(db(), locals.code.id, parsed.data.place);
		if (!result.ok && result.reason === 'not_full') return fail(409, { timeFree: true as const });
		if (!result.ok && result.reason === 'already_waiting') return fail(409, { alreadyWaiting: true as const });
		if (!result.ok) return fail(409, { joinFailed: true as const });
		redirect(303, '/mine-tider?besked=venteliste');
	}
};
