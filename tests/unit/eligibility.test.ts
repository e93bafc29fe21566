import { describe, it, expect } from 'vitest';
import type { Offer } from '$lib/domain/model';
import { ageBandFits, checkEligibility, needsAgeBand } from '$lib/domain/eligibility';
import { alcohol, counselling25plus, counsellingFrom12, drugs101a, youthCounselling } from './offers';

const allYes = {
	adult: true,
	drugProblem: true,
	selfSupporting: true,
	hasHome: true,
	noSubstitution: true,
	noPsychiatric: true
};

describe('checkEligibility (SEL §101a: 001, 003, 004)', () => {
	it('001: an adult with a drug problem and no other social problems is eligible for §101a', () => {
		expect(checkEligibility(drugs101a, allYes)).toEqual({ eligible: true });
	});

	it('001: wanting substitution medicine or lacking a home rules a person out of §101a, naming which', () => {
		expect(checkEligibility(drugs101a, { ...allYes, noSubstitution: false, hasHome: false })).toEqual({
			eligible: false,
			failed: ['hasHome', 'noSubstitution'],
			unanswered: [],
			age: 'fits'
		});
	});

	it('001: an unanswered question is not a "no" — it is listed apart so the person is asked again', () => {
		const { noPsychiatric: _, ...missingOne } = allYes;
		expect(checkEligibility(drugs101a, missingOne)).toEqual({
			eligible: false,
			failed: [],
			unanswered: ['noPsychiatric'],
			age: 'fits'
		});
	});

	it('003, 004: Helsingør and København also require work or education', () => {
		const helsingor: Offer = { ...drugs101a, eligibility: [...drugs101a.eligibility, 'workOrEducation'] };
		expect(checkEligibility(helsingor, allYes)).toMatchObject({ eligible: false, unanswered: ['workOrEducation'] });
		expect(checkEligibility(helsingor, { ...allYes, workOrEducation: false })).toMatchObject({
			eligible: false,
			failed: ['workOrEducation']
		});
		expect(checkEligibility(helsingor, { ...allYes, workOrEducation: true })).toEqual({ eligible: true });
	});

	it('answers to questions the offer does not ask change nothing', () => {
		expect(checkEligibility(alcohol, { adult: true, hasHome: false, drugProblem: false })).toEqual({ eligible: true });
	});

	it('003: Helsingør counselling is for 25+ — an 18–24 band is "outside", a missing band "unanswered"', () => {
		expect(checkEligibility(counselling25plus, {}, '18to24')).toEqual({
			eligible: false,
			failed: [],
			unanswered: [],
			age: 'outside'
		});
		expect(checkEligibility(counselling25plus, {})).toEqual({
			eligible: false,
			failed: [],
			unanswered: [],
			age: 'unanswered'
		});
		expect(checkEligibility(counselling25plus, {}, '25plus')).toEqual({ eligible: true });
	});

	it('DOMAIN.md: where the age band is not needed, leaving it out does not hold the person back', () => {
		expect(checkEligibility(counsellingFrom12, {})).toEqual({ eligible: true });
	});
});

describe('ageBandFits (offer minAge/maxAge; maxAge exclusive)', () => {
	it('001: Gladsaxe youth counselling, 12 to under 25, fits under-18s and 18–24s but not 25+', () => {
		expect(ageBandFits(youthCounselling, 'under18')).toBe(true);
		expect(ageBandFits(youthCounselling, '18to24')).toBe(true);
		expect(ageBandFits(youthCounselling, '25plus')).toBe(false);
	});

	it('SEL §101a, SUL §141 stk. 7: an 18+ offer does not fit under-18s', () => {
		expect(ageBandFits(drugs101a, 'under18')).toBe(false);
		expect(ageBandFits(drugs101a, '18to24')).toBe(true);
		expect(ageBandFits(drugs101a, '25plus')).toBe(true);
	});

	it('eligibility.ts: a band straddling the offer edge fits, since the band is all the portal knows', () => {
		const from20: Offer = { ...counsellingFrom12, minAge: 20, maxAge: 22 };
		expect(ageBandFits(from20, '18to24')).toBe(true);
		expect(ageBandFits(from20, 'under18')).toBe(false);
		expect(ageBandFits(from20, '25plus')).toBe(false);
	});
});

describe('needsAgeBand (DOMAIN.md: the age band is asked only where a rule needs it)', () => {
	it('001: an offer with an under-18 consent gate needs the band', () => {
		expect(needsAgeBand(youthCounselling)).toBe(true);
		expect(needsAgeBand({ ...counsellingFrom12, youth: { anonymousMax: 5, withConsentMax: 0 } })).toBe(true);
	});

	it('003: an age range that leaves out a band needs it — Helsingør 25+, Helsingung under 25', () => {
		expect(needsAgeBand(counselling25plus)).toBe(true);
		expect(needsAgeBand({ ...counsellingFrom12, maxAge: 25 })).toBe(true);
	});

	it('000: 18+ alcohol treatment that asks "adult" does not need the band', () => {
		expect(needsAgeBand(alcohol)).toBe(false);
		expect(needsAgeBand(drugs101a)).toBe(false);
		expect(needsAgeBand({ ...alcohol, eligibility: [] })).toBe(true);
	});

	it('002: Odsherred counselling from 12, with no gate, does not need the band', () => {
		expect(needsAgeBand(counsellingFrom12)).toBe(false);
	});
});
