import { describe, it, expect } from 'vitest';
import { holdEnds, seatsToOffer, WAITLIST_HOLD_HOURS_DEFAULT } from '$lib/domain/waitlist';

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
