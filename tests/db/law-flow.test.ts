import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { freshDatabase } from './fresh';
import { seedTestMunicipality, createSlot } from './fixtures';
import type { Sql } from '$lib/server/platform/db';
import type { Phase } from '$lib/domain/model';
import { bookSlotOrJoinSeries, issueCodeAndBook, recordAttendance } from '$lib/server/booking/bookings';
import { phaseFormat } from '$lib/ui/phase-format';

/**
 * Issue 11 through the one writer of bookings (bookings.ts) and the database's cap trigger (migrations/055): a
 * missed §101a clarifying conversation is not a dead end (items 2, 9), and the closing talk comes after the course
 * (item 15).
 */

let db: Awaited<ReturnType<typeof freshDatabase>>;
let sql: Sql;

const talk = (kind: Phase['kind'], max: number, requiresDecision: boolean, extra: Partial<Phase> = {}): Phase => ({
	kind,
	max,
	format: { kind: 'individual', minutes: 45 },
	requiresDecision,
	...extra
});
const phases101a = [talk('clarifying', 1, false), talk('course', 3, true), talk('closing', 1, true)];

beforeAll(async () => {
	db = await freshDatabase();
	sql = db.sql;
	await seedTestMunicipality(sql, [
		{ slug: 'afklaring', law: 'SEL §101a', minAge: 18, phases: phases101a },
		{
			// Gladsaxe's §101a course as 001 §5 gives it: 10 group sessions, or 10 individual talks where no group runs.
			slug: 'afklaring-alternativ',
			law: 'SEL §101a',
			minAge: 18,
			phases: [
				talk('clarifying', 1, false),
				{
					kind: 'course',
					max: 10,
					format: { kind: 'group', minutes: 90, seats: 8, weeks: 10, rollingIntake: true },
					alternative: { kind: 'individual', minutes: 45 },
					requiresDecision: true
				},
				talk('closing', 1, true)
			]
		},
		{
			slug: 'afklaring-taeller',
			law: 'SEL §101a',
			minAge: 18,
			phases: phases101a.map((p) => (p.kind === 'clarifying' ? { ...p, noShowUsesSession: true } : p))
		}
	]);
});
afterAll(() => db.drop());

const day = 86_400_000;
const ahead = (days: number) => new Date(Date.now() + days * day);

async function missedClarifying(offerSlug: string) {
	const first = await createSlot(sql, offerSlug, { phase: 'clarifying', startsAt: ahead(2) });
	const issued = await issueCodeAndBook(sql, { offerSlug, ageBand: null, slotId: first });
	if (!issued.ok) throw new Error(issued.reason);
	await sql`update anon.booking set status = 'no_show' where id = ${issued.bookingIds[0]!}`;
	return { codeId: issued.codeId, missedId: issued.bookingIds[0]! };
}

describe('SEL §101a stk. 3–4 (002): a missed clarifying conversation is not a dead end (issue 11, items 2 and 9)', () => {
	it('SEL §101a stk. 3 (002), declared default: after a no-show the person books a new clarifying conversation, and the database accepts it', async () => {
		const { codeId } = await missedClarifying('afklaring');
		const again = await bookSlotOrJoinSeries(
			sql,
			codeId,
			await createSlot(sql, 'afklaring', { phase: 'clarifying', startsAt: ahead(9) })
		);
		expect(again).toMatchObject({ ok: true });
	});

	it('configuration: where the offer counts a no-show as used, the new one is refused as "cap" by the rules and the trigger alike', async () => {
		const { codeId } = await missedClarifying('afklaring-taeller');
		const again = await bookSlotOrJoinSeries(
			sql,
			codeId,
			await createSlot(sql, 'afklaring-taeller', { phase: 'clarifying', startsAt: ahead(9) })
		);
		expect(again).toEqual({ ok: false, reason: 'cap' });
		const slot = await createSlot(sql, 'afklaring-taeller', { phase: 'clarifying', startsAt: ahead(10) });
		await expect(
			sql`insert into anon.booking (code_id, slot_id, phase, starts_at) select ${codeId}, id, phase, starts_at from anon.slot where id = ${slot}`
		).rejects.toMatchObject({
			constraint_name: 'booking_within_phase_cap'
		});
	});

	it('a no-show undone after a new clarifying conversation was booked would go over the cap: refused, not a server error', async () => {
		const { codeId, missedId } = await missedClarifying('afklaring');
		expect(
			await bookSlotOrJoinSeries(
				sql,
				codeId,
				await createSlot(sql, 'afklaring', { phase: 'clarifying', startsAt: ahead(11) })
			)
		).toMatchObject({ ok: true });
		const undone = await recordAttendance(sql, missedId, 'attended', () => {
			throw new Error('no audit row for a refused change');
		});
		expect(undone).toBe(false);
		const [row] = await sql<{ status: string }[]>`select status from anon.booking where id = ${missedId}`;
		expect(row!.status).toBe('no_show');
	});
});

describe('SEL §101a stk. 8 (002): the closing conversation ("afsluttende") is booked after the course (issue 11, item 15)', () => {
	it('SEL §101a stk. 8 (002): bookings.ts refuses a closing talk before the last course session, and takes one after it', async () => {
		const clarifying = await createSlot(sql, 'afklaring', { phase: 'clarifying', startsAt: ahead(3) });
		const issued = await issueCodeAndBook(sql, { offerSlug: 'afklaring', ageBand: null, slotId: clarifying });
		if (!issued.ok) throw new Error(issued.reason);
		await sql`update anon.code set decision = 'granted' where id = ${issued.codeId}`;
		const codeId = issued.codeId;
		expect(
			await bookSlotOrJoinSeries(
				sql,
				codeId,
				await createSlot(sql, 'afklaring', { phase: 'closing', startsAt: ahead(5) })
			)
		).toEqual({
			ok: false,
			reason: 'closing_before_course'
		});
		expect(
			await bookSlotOrJoinSeries(
				sql,
				codeId,
				await createSlot(sql, 'afklaring', { phase: 'course', startsAt: ahead(7) })
			)
		).toMatchObject({ ok: true });
		expect(
			await bookSlotOrJoinSeries(
				sql,
				codeId,
				await createSlot(sql, 'afklaring', { phase: 'closing', startsAt: ahead(6) })
			)
		).toEqual({
			ok: false,
			reason: 'closing_before_course'
		});
		expect(
			await bookSlotOrJoinSeries(
				sql,
				codeId,
				await createSlot(sql, 'afklaring', { phase: 'closing', startsAt: ahead(8) })
			)
		).toMatchObject({ ok: true });
	});
});

describe('001 §5: "Hvis der ikke udbydes relevant gruppebehandling, kan borger tilbydes 10 individuelle samtaler" (phase.alternative)', () => {
	it('where no group runs, staff open one-seat course times; a granted person books them as individual talks, and the course cap of 10 holds across them', async () => {
		const first = await createSlot(sql, 'afklaring-alternativ', { phase: 'clarifying', startsAt: ahead(1) });
		const issued = await issueCodeAndBook(sql, { offerSlug: 'afklaring-alternativ', ageBand: null, slotId: first });
		if (!issued.ok) throw new Error(issued.reason);
		await sql`update anon.code set decision = 'granted' where id = ${issued.codeId}`;
		const talks = [];
		for (let i = 0; i < 11; i++)
			talks.push(await createSlot(sql, 'afklaring-alternativ', { phase: 'course', seats: 1, startsAt: ahead(3 + i) }));
		const outcomes = [];
		for (const slot of talks) outcomes.push(await bookSlotOrJoinSeries(sql, issued.codeId, slot));
		expect(outcomes.slice(0, 10).every((o) => o.ok)).toBe(true);
		expect(outcomes[10]).toMatchObject({ ok: false, reason: 'cap' });
		// Both faces name such a time by its format: a one-seat course time is an individual talk, the phase is either.
		expect(
			phaseFormat(
				{
					format: { kind: 'group', minutes: 90, seats: 8, weeks: 10, rollingIntake: true },
					alternative: { kind: 'individual', minutes: 45 }
				},
				1
			)
		).toBe('individual');
		expect(
			phaseFormat({
				format: { kind: 'group', minutes: 90, seats: 8, weeks: 10, rollingIntake: true },
				alternative: { kind: 'individual', minutes: 45 }
			})
		).toBe('either');
	});
});
