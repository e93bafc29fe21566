import { describe, it, expect } from 'vitest';
import { holdEnds, seatsToOffer, timeHoldEnds, timesToOffer, WAITLIST_HOLD_HOURS_DEFAULT } from '$lib/domain/waitlist';

/** Issue 15, part 2: a freed seat is offered to the first in line, held for a set time, then to the next. */
const now = new Date('2026-12-01T12:00:00Z');
const later = new Date('2026-12-02T12:00:00Z');
const earlier = new Date('2026-11-30T12:00:00Z');

describe('who is offered a freed seat', () => {
	it('a free seat goes to the first in line who has no offer yet, in the order they asked', () => {
		const line = [
			{ codeId: 'a', offeredUntil: later },
			{ codeId: 'b', offeredUntil: null },
			{ codeId: 'c', offeredUntil: null }
		];
		expect(seatsToOffer(line, 2, now)).toEqual({ expire: [], renew: [], offer: ['b'] });
	});

	it('an open hold counts against the free seats: no seat is offered twice', () => {
		const line = [
			{ codeId: 'a', offeredUntil: later },
			{ codeId: 'b', offeredUntil: null }
		];
		expect(seatsToOffer(line, 1, now)).toEqual({ expire: [], renew: [], offer: [] });
	});

	it('a hold that ran out passes the seat to the next in line', () => {
		const line = [
			{ codeId: 'a', offeredUntil: earlier },
			{ codeId: 'b', offeredUntil: null }
		];
		expect(seatsToOffer(line, 1, now)).toEqual({ expire: ['a'], renew: [], offer: ['b'] });
	});

	it('fewer free seats than holds (staff took seats away): nobody new is offered one, nobody loses theirs early', () => {
		const line = [
			{ codeId: 'a', offeredUntil: later },
			{ codeId: 'b', offeredUntil: later },
			{ codeId: 'c', offeredUntil: null }
		];
		expect(seatsToOffer(line, 1, now)).toEqual({ expire: [], renew: [], offer: [] });
	});
});

describe('how long a seat is held', () => {
	it(`the declared product default holds a seat at least ${WAITLIST_HOLD_HOURS_DEFAULT} hours, to the end of that day`, () => {
		const start = new Date('2026-12-10T15:00:00Z');
		// 48 hours from 13:00 on 1 December (Copenhagen) is 13:00 on 3 December: held to midnight after it (23:00Z).
		expect(holdEnds(now, WAITLIST_HOLD_HOURS_DEFAULT, start)).toEqual(new Date('2026-12-03T23:00:00Z'));
	});

	it('privacy: the hold end keeps no time of the freeing write finer than its day (a proxy log could join a minute)', () => {
		const start = new Date('2027-01-10T15:00:00Z');
		const a = holdEnds(new Date('2026-12-01T08:07:23.456Z'), 48, start);
		const b = holdEnds(new Date('2026-12-01T15:59:01.002Z'), 48, start);
		expect(a).toEqual(b);
		// Summer time: a Copenhagen midnight is 22:00Z.
		expect(holdEnds(new Date('2026-06-01T10:00:00Z'), 48, start)).toEqual(new Date('2026-06-03T22:00:00Z'));
	});

	it('a hold never lasts past the start of the session the seat begins at', () => {
		const start = new Date('2026-12-01T20:00:00Z');
		expect(holdEnds(now, 48, start)).toEqual(start);
	});

	it('a hold cut short because its session began keeps the person first in line, with a seat from a later session', () => {
		const began = new Date('2026-12-01T09:00:00Z');
		const line = [
			{ codeId: 'a', offeredUntil: began },
			{ codeId: 'b', offeredUntil: null }
		];
		expect(seatsToOffer(line, 1, now, [began])).toEqual({ expire: [], renew: ['a'], offer: ['a'] });
		// A hold that ran its full time is over: the seat passes on.
		expect(seatsToOffer(line, 1, now, [])).toEqual({ expire: ['a'], renew: [], offer: ['b'] });
	});
});

describe('who is offered a freed individual time (issue 15, part 2)', () => {
	const t = (id: string, h: number) => ({ id, startsAt: new Date(now.getTime() + h * 3_600_000) });
	const wait = (codeId: string, offeredUntil: Date | null = null, offeredSlotId: string | null = null) => ({
		codeId,
		offeredUntil,
		offeredSlotId
	});

	it('each free time goes, earliest first, to the first in line without a hold who may book it; one hold each', () => {
		const line = [wait('a', later, 't1'), wait('b'), wait('c'), wait('d')];
		const free = [t('t3', 30), t('t1', 10), t('t2', 20)];
		expect(timesToOffer(line, free, () => true, now).offer).toEqual([
			{ codeId: 'b', slotId: 't2' },
			{ codeId: 'c', slotId: 't3' }
		]);
	});

	it('the rules decide (bookingVerdict): one who may not book a time is passed over for it and keeps their place; a time nobody may take stays free', () => {
		const line = [wait('capped'), wait('b')];
		const free = [t('t1', 10), t('t2', 20)];
		const result = timesToOffer(line, free, (c) => c !== 'capped', now);
		expect(result.offer).toEqual([{ codeId: 'b', slotId: 't1' }]);
		expect(timesToOffer([wait('capped')], free, (c) => c !== 'capped', now).offer).toEqual([]);
	});

	it('a hold that ran out leaves the line; a hold on a time that is gone is void and the person waits again, first', () => {
		const line = [wait('gone', later, 'cancelled'), wait('late', earlier, 't1'), wait('c')];
		const result = timesToOffer(line, [t('t1', 10)], () => true, now);
		expect(result.expire).toEqual(['late']);
		expect(result.offer).toEqual([{ codeId: 'gone', slotId: 't1' }]);
		expect(timesToOffer(line, [], () => true, now).release).toEqual(['gone']);
	});

	it("a hold ends at the end of the day the hold time is up, or at the time's start minus the minimum notice if that is sooner", () => {
		const start = new Date(now.getTime() + 10 * 3_600_000 + 30_000);
		expect(timeHoldEnds(now, WAITLIST_HOLD_HOURS_DEFAULT, start, 120)).toEqual(new Date(now.getTime() + 8 * 3_600_000));
		const far = new Date(now.getTime() + 100 * 3_600_000);
		// 48 hours from 13:00 on 1 December (Copenhagen) is 3 December: held to its end (midnight, 23:00Z).
		expect(timeHoldEnds(now, WAITLIST_HOLD_HOURS_DEFAULT, far, 120)).toEqual(new Date('2026-12-03T23:00:00Z'));
	});
});
