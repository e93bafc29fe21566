import type { Sql } from './db';
import { describePurge, runDailyPurge } from '../operations/purge.js';
import { settleAllWaitlists } from '../booking/waitlist';

/**
 * Automatic deletion once a day (issue 5). Every instance ticks; which one runs the purge is decided in PostgreSQL
 * (runDailyPurge claims the day in portal.job_run), so ticking often costs one UPDATE and a tick too many or too
 * few in some process is harmless. The timer never keeps the process alive.
 *
 * The same tick settles the waiting lists, a group's and a place's individual times' (booking/waitlist.ts): a seat
 * or time held for somebody who never came back
 * passes to the next in line within a tick, though nobody looks at the list. It is no clock of its own: settling is
 * also done whenever a seat is freed or the list is looked at, and it is safe on every instance at once (the series'
 * lock, or the place's free times' locks), so tests never have a timer to stop.
 */
const TICK_MS = 15 * 60_000;
const FIRST_TICK_MS = 10_000;

export function startDailyPurge(sql: Sql): () => void {
	let running = false;
	const tick = async () => {
		if (running) return;
		running = true;
		try {
			await settleAllWaitlists(sql);
		} catch (e) {
			console.error('Settling waiting lists failed:', e instanceof Error ? e.message : 'unknown error');
		}
		try {
			const result = await runDailyPurge(sql as never);
			if (result) console.log(`Daily purge: ${describePurge(result)}`);
		} catch (e) {
			// Counts and messages only; tomorrow's claim is still open, so the next tick tries again.
			console.error('Daily purge failed:', e instanceof Error ? e.message : 'unknown error');
		} finally {
			running = false;
		}
	};
	const first = setTimeout(() => void tick(), FIRST_TICK_MS);
	const every = setInterval(() => void tick(), TICK_MS);
	first.unref();
	every.unref();
	return () => {
		clearTimeout(first);
		clearInterval(every);
	};
}
