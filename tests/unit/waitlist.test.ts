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
		expect(seatsToOffer(line, 2, now)).toEqual({ expire: [], offer: ['b'] });
	});

	it('an open hold counts against the free seats: no seat is offered twice', () => {
		const line = [
			{ codeId: 'a', offeredUntil: later },
			{ codeId: 'b', offeredUntil: null }
		];
		expect(seatsToOffer(line, 1, now)).toEqual({ expire: [], offer: [] });
	});

	it('a hold that ran out passes the seat to the next in line', () => {
		const line = [
			{ codeId: 'a', offeredUntil: earlier },
			{ codeId: 'b', offeredUntil: null }
		];
		expect(seatsToOffer(line, 1, now)).toEqual({ expire: ['a'], offer: ['b'] });
	});

	it('fewer free seats than holds (staff took seats away): nobody new is offered one, nobody loses theirs early', () => {
		const line = [
			{ codeId: 'a', offeredUntil: later },
			{ codeId: 'b', offeredUntil: later },
			{ codeId: 'c', offeredUntil: null }
		];
		expect(seatsToOffer(line, 1, now)).toEqual({ expire: [], offer: [] });
	});
});

describe('how long a seat is held', () => {
	it(`the declared product default holds a seat ${WAITLIST_HOLD_HOURS_DEFAULT} hours`, () => {
		const start = new Date('2026-12-10T15:00:00Z');
		expect(holdEnds(now, WAITLIST_HOLD_HOURS_DEFAULT, start)).toEqual(new Date('2026-12-03T12:00:00Z'));
	});

	it('a hold never lasts past the start of the session the seat begins at', () => {
		const start = new Date('2026-12-01T20:00:00Z');
		expect(holdEnds(now, 48, start)).toEqual(start);
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

	it("a hold ends after the hold time, or at the time's start minus the minimum notice (to the minute) if that is sooner", () => {
		const start = new Date(now.getTime() + 10 * 3_600_000 + 30_000);
		expect(timeHoldEnds(now, WAITLIST_HOLD_HOURS_DEFAULT, start, 120)).toEqual(new Date(now.getTime() + 8 * 3_600_000));
		const far = new Date(now.getTime() + 100 * 3_600_000);
		expect(timeHoldEnds(now, WAITLIST_HOLD_HOURS_DEFAULT, far, 120)).toEqual(
			new Date(now.getTime() + WAITLIST_HOLD_HOURS_DEFAULT * 3_600_000)
		);
	});
});
