import { error, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/platform/app-db';
import { freeByDay } from '$lib/server/booking/slots';
import {
	CALLER_PATH,
	callerBook,
	callerCancel,
	callerMove,
	closeCaller,
	currentCaller,
	openCaller,
	type CallerResult
} from '$lib/server/staff/caller';
import { parseForm, refuse } from '$lib/server/http/form';
import type { StaffRefusal } from '$lib/views/staff';
import { staffOf } from '../../guard';

/** How far ahead a caller is offered times: four weeks, as the web shows (../+page.server.ts). */
const WINDOW_DAYS = 28;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const Notice = z.enum(['flyttet', 'aflyst', 'booket']).nullable().catch(null);

/**
 * Staff help a caller who already has a code (issue 13, item 3): the code read out opens the caller's bookings;
 * `?flyt=<booking>` chooses a new time for one, `?ny` books the next session; in both a day first, then a time.
 */
export const load: PageServerLoad = async ({ locals, url, cookies }) => {
	const staff = staffOf(locals);
	const caller = await currentCaller(db(), staff, cookies);
	if (!caller) return { caller: null, choose: null, cancelling: null, notice: null };
	const now = new Date();
	// `?aflys=<booking>`: the step that asks before a caller's time is cancelled (issue 13, item 3).
	const cancelling =
		caller.view.bookings.find(
			(b) => b.id === url.searchParams.get('aflys') && b.status === 'booked' && b.startsAt > now
		)?.id ?? null;
	const moving = caller.view.bookings.find(
		(b) => b.id === url.searchParams.get('flyt') && b.status === 'booked' && b.startsAt > now
	);
	const phase = moving?.phase ?? (url.searchParams.has('ny') && caller.view.next.ok ? caller.view.next.phase : null);
	let choose = null;
	if (phase) {
		const day = url.searchParams.get('dag');
		const free = await freeByDay(
			db(),
			{
				offerSlug: caller.offer.slug,
				phase,
				placeSlugs: caller.view.places.map((p) => p.slug),
				from: now,
				to: new Date(now.getTime() + WINDOW_DAYS * 86_400_000)
			},
			day && DAY.test(day) ? day : null
		);
		choose = { moving: moving?.id ?? null, phase, ...free };
	}
	return { caller: caller.view, choose, cancelling, notice: Notice.parse(url.searchParams.get('besked')) };
};

const CodeForm = z.object({ code: z.string().max(64) });
const CancelForm = z.object({ booking: z.uuid(), confirm: z.literal('yes').optional() });
const MoveForm = z.object({ booking: z.uuid(), slotId: z.uuid() });
const BookForm = z.object({ slotId: z.uuid() });

function refused(result: Exclude<CallerResult, { ok: true }>, values: Record<string, string>) {
	if (result.reason === 'not_found' || result.reason === 'slot_not_found' || result.reason === 'booking_not_found')
		error(404);
	const refusal: StaffRefusal['code'] =
		result.reason === 'full'
			? 'phone_full'
			: result.reason === 'slot_past' || result.reason === 'slot_cancelled'
				? 'phone_gone'
				: result.reason === 'slow_down'
					? 'caller_day_limit'
					: 'phone_refused';
	return refuse(409, { code: refusal }, values);
}

async function callerOr404(locals: App.Locals, cookies: Parameters<typeof currentCaller>[2]) {
	const staff = staffOf(locals);
	const caller = await currentCaller(db(), staff, cookies);
	// The call timed out (30 minutes idle) or was ended in another tab: the code must be read out again.
	if (!caller) redirect(303, CALLER_PATH);
	return { staff, caller };
}

export const actions: Actions = {
	open: async ({ locals, request, cookies, url, getClientAddress }) => {
		const staff = staffOf(locals);
		const form = await parseForm(request, CodeForm, { code: 'caller_code_malformed' });
		if (!form.ok) return form.failure;
		const opened = await openCaller(db(), staff, { cookies, url, clientAddress: getClientAddress() }, form.data.code);
		// What was typed is not handed back: it is a citizen's code.
		if (!opened.ok)
			return refuse(opened.reason === 'slow_down' ? 429 : 400, {
				code: opened.reason === 'slow_down' ? 'caller_slow_down' : `caller_code_${opened.reason}`
			});
		redirect(303, CALLER_PATH);
	},
	cancel: async ({ locals, request, cookies }) => {
		const { staff, caller } = await callerOr404(locals, cookies);
		const form = await parseForm(request, CancelForm);
		if (!form.ok) return form.failure;
		// Not without the caller's yes, read back to them: a cancel that skipped the question asks it first.
		if (form.data.confirm !== 'yes') redirect(303, `${CALLER_PATH}?aflys=${form.data.booking}`);
		const result = await callerCancel(db(), staff, caller, form.data.booking);
		if (!result.ok) return refused(result, form.values);
		redirect(303, `${CALLER_PATH}?besked=aflyst`);
	},
	move: async ({ locals, request, cookies }) => {
		const { staff, caller } = await callerOr404(locals, cookies);
		const form = await parseForm(request, MoveForm, { code: 'phone_choose_time' });
		if (!form.ok) return form.failure;
		const result = await callerMove(db(), staff, caller, form.data.booking, form.data.slotId);
		if (!result.ok) return refused(result, form.values);
		redirect(303, `${CALLER_PATH}?besked=flyttet`);
	},
	book: async ({ locals, request, cookies }) => {
		const { staff, caller } = await callerOr404(locals, cookies);
		const form = await parseForm(request, BookForm, { code: 'phone_choose_time' });
		if (!form.ok) return form.failure;
		const result = await callerBook(db(), staff, caller, form.data.slotId);
		if (!result.ok) return refused(result, form.values);
		redirect(303, `${CALLER_PATH}?besked=booket`);
	},
	close: async ({ locals, cookies }) => {
		staffOf(locals);
		await closeCaller(db(), cookies);
		redirect(303, CALLER_PATH);
	}
};
