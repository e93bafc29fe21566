import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fc from 'fast-check';
import { freshDatabase } from './fresh';
import type { Sql } from '$lib/server/platform/db';
import type { AgeBand, Offer, Phase, PhaseKind } from '$lib/domain/model';
import { remainingSessions, type CodeState } from '$lib/domain/sessions';
import type { SeatHoldingStatus } from '$lib/domain/booking-status';
import { writeOffer, offerBySlug } from '$lib/server/catalogue/catalogue';
import { seedTestMunicipality, testOffer, createSlot } from './fixtures';

/**
 * Issue 10, point 1: the cap and the under-18 gate are the domain's rules (src/lib/domain/sessions.ts); the
 * database enforces the same rules as a last line of defence (trigger booking_within_phase_cap, reading the typed
 * columns writeOffer writes). For random offers, code facts and histories, both must give the same verdict at
 * every step — if a field is renamed or a rule changed on one side only, this fails.
 */

let db: Awaited<ReturnType<typeof freshDatabase>>;
let sql: Sql;

beforeAll(async () => {
	db = await freshDatabase();
	sql = db.sql;
	await seedTestMunicipality(sql, []);
});
afterAll(() => db.drop());

const KINDS: PhaseKind[] = ['clarifying', 'conversation', 'course', 'closing'];

const phaseArb = (kind: PhaseKind): fc.Arbitrary<Phase> =>
	fc
		.tuple(fc.option(fc.integer({ min: 1, max: 4 }), { nil: null }), fc.option(fc.boolean(), { nil: undefined }))
		.map(([max, noShowUsesSession]) => ({
			kind,
			max,
			format: { kind: 'individual', minutes: 45 },
			requiresDecision: false,
			// Absent: the declared default per phase kind (sessions.ts); present: the offer's own setting (issue 11).
			...(noShowUsesSession === undefined ? {} : { noShowUsesSession })
		}));

const offerArb = fc
	.record({
		kinds: fc.subarray(KINDS, { minLength: 1 }),
		minAge: fc.constantFrom(12, 15, 18),
		youth: fc.option(
			fc.record({ anonymousMax: fc.integer({ min: 0, max: 3 }), withConsentMax: fc.integer({ min: 0, max: 3 }) }),
			{ nil: null }
		)
	})
	.chain(({ kinds, minAge, youth }) => fc.tuple(...kinds.map(phaseArb)).map((phases) => ({ phases, minAge, youth })));

const stepArb = fc.oneof(
	{ weight: 5, arbitrary: fc.record({ book: fc.nat(3) }) },
	{ weight: 1, arbitrary: fc.constant({ consent: true as const }) },
	// Staff record a session as missed (issue 11, items 2 and 9): whether it still uses a session is the phase's.
	{ weight: 2, arbitrary: fc.record({ noShow: fc.nat(7) }) }
);

let run = 0;

describe('the domain and the database agree on caps and the youth gate (issue 10, point 1)', () => {
	it('for random offers, code facts and histories with no-shows (issue 11: per-phase setting, declared default), a booking the domain allows is the one the database accepts', async () => {
		await fc.assert(
			fc.asyncProperty(
				offerArb,
				fc.constantFrom<AgeBand | null>('under18', '18to24', '25plus', null),
				fc.array(stepArb, { minLength: 1, maxLength: 8 }),
				async (shape, ageBand, steps) => {
					const slug = `agree-${run++}`;
					const offer: Offer = testOffer({ slug, minAge: shape.minAge, phases: shape.phases, youth: shape.youth });
					await sql.begin((tx) => writeOffer(tx, offer, 'seed'));
					// What the pages read back is the offer that was written.
					expect(await offerBySlug(sql, slug)).toEqual(offer);
					const [code] = await sql<{ id: string }[]>`
						insert into anon.code (selector, secret_hash, alias, offer_slug, age_band)
						values (${`S${run}X`.padEnd(6, 'X')}, 'h', ${`Agree-${run}`}, ${slug}, ${ageBand}) returning id`;
					const state: CodeState = { ageBand, decision: 'none', parentalConsent: false, courseEnded: false };
					const history: { id: string; phase: PhaseKind; startsAt: Date; status: SeatHoldingStatus }[] = [];
					let slotIndex = 0;
					for (const step of steps) {
						if ('consent' in step) {
							state.parentalConsent = true;
							await sql`update anon.code set parental_consent = true where id = ${code!.id}`;
							continue;
						}
						if ('noShow' in step) {
							// booked → no_show never uses more than it did, so the database accepts it whatever the setting.
							const missed = history.filter((b) => b.status === 'booked')[step.noShow % Math.max(1, history.length)];
							if (!missed) continue;
							await sql`update anon.booking set status = 'no_show' where id = ${missed.id}`;
							missed.status = 'no_show';
							continue;
						}
						const phase = offer.phases[step.book % offer.phases.length]!.kind;
						const left = remainingSessions(offer, phase, history, state);
						const domainAllows = left === null || left > 0;
						const slotId = await createSlot(sql, slug, {
							phase,
							startsAt: new Date(Date.UTC(2031, 0, 1) + run * 86_400_000 + slotIndex++ * 3_600_000)
						});
						let databaseAllows = true;
						let bookingId = '';
						try {
							const [row] = await sql<
								{ id: string }[]
							>`insert into anon.booking (code_id, slot_id, phase, starts_at) select ${code!.id}, id, phase, starts_at from anon.slot where id = ${slotId} returning id`;
							bookingId = row!.id;
						} catch (e) {
							expect((e as { constraint_name?: string }).constraint_name).toBe('booking_within_phase_cap');
							databaseAllows = false;
						}
						const missed = history.filter((b) => b.status === 'no_show').length;
						expect({
							phase,
							ageBand,
							consent: state.parentalConsent,
							used: history.length,
							missed,
							databaseAllows
						}).toEqual({
							phase,
							ageBand,
							consent: state.parentalConsent,
							used: history.length,
							missed,
							databaseAllows: domainAllows
						});
						if (databaseAllows) history.push({ id: bookingId, phase, startsAt: new Date(), status: 'booked' });
					}
				}
			),
			{ numRuns: 120 }
		);
	});
});
