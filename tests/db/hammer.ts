import fc from 'fast-check';
import { randomBytes as nodeRandomBytes } from 'node:crypto';
import type { Sql } from '$lib/server/platform/db';
import type { AgeBand, Phase } from '$lib/domain/model';
import { ATTENDANCE_MARKS } from '$lib/domain/booking-status';
import { insertCode } from '$lib/server/booking/codes';
import { cancel, reschedule, issueCodeAndBook, bookSlotOrJoinSeries } from '$lib/server/booking/bookings';
import { cancelSlot } from '$lib/server/booking/staff-slots';
import { endCourse, recordParentalConsent, setAttendance } from '$lib/server/staff/staff-course';
import { createStaff, staffById, type Staff } from '$lib/server/staff/staff';
import { hashSecret } from '$lib/server/auth/password';
import { seedTestMunicipality, conversations } from './fixtures';

/**
 * A randomized hammer for the booking core (issue 6): many clients at once book (a slot, or a group series from
 * that session on), cancel, reschedule and take first bookings, while staff cancel times, end courses, record
 * attendance and parental consent, each through the function its page's action calls. Afterwards one SQL query
 * per rule of DOMAIN.md "What must never happen" must return no rows.
 */

const group: Phase = {
	kind: 'course',
	max: 4,
	format: { kind: 'group', minutes: 120, seats: 3, weeks: 6, rollingIntake: true },
	requiresDecision: false
};

/** The offers under test: a capped one, a monthly cadence (SUL §141), a youth gate (001), a group series (003). */
export const HAMMER_OFFERS = ['capped', 'monthly', 'youth', 'group'] as const;
export type HammerOffer = (typeof HAMMER_OFFERS)[number];

export async function seedHammerMunicipality(sql: Sql): Promise<Staff> {
	await seedTestMunicipality(sql, [
		{ slug: 'capped', phases: [conversations(3)] },
		{ slug: 'monthly', phases: [conversations(null)], cadence: { kind: 'perCalendarMonth', max: 2 } },
		{
			slug: 'youth',
			minAge: 12,
			maxAge: 25,
			phases: [conversations(4)],
			youth: { anonymousMax: 2, withConsentMax: 2 }
		},
		{ slug: 'group', phases: [group] }
	]);
	const created = await createStaff(
		sql,
		{
			municipalitySlug: 'testby',
			username: `coordinator-${nodeRandomBytes(4).toString('hex')}`,
			displayName: 'Koordinator',
			password: 'a long enough test password',
			role: 'coordinator',
			places: ['testby-center'],
			totpRequired: false
		},
		null
	);
	if (!created.ok) throw new Error('staff not created');
	return (await staffById(sql, created.id))!;
}

/** One generated operation; indices are taken modulo what exists when it runs. */
export type Op =
	| { kind: 'book'; code: number; slot: number; foreign: boolean }
	| { kind: 'cancel'; code: number; pick: number }
	| { kind: 'reschedule'; code: number; pick: number; slot: number }
	| { kind: 'attendance'; code: number; pick: number; mark: number }
	| { kind: 'issue'; offer: number; slot: number; band: number }
	| { kind: 'cancelSlot'; slot: number }
	| { kind: 'endCourse'; code: number }
	| { kind: 'consent'; code: number };

const idx = fc.nat({ max: 1_000_000 });

export const opArbitrary: fc.Arbitrary<Op> = fc.oneof(
	{
		weight: 52,
		arbitrary: fc.record({
			kind: fc.constant('book' as const),
			code: idx,
			slot: idx,
			foreign: fc.nat({ max: 9 }).map((n) => n === 0)
		})
	},
	{ weight: 18, arbitrary: fc.record({ kind: fc.constant('cancel' as const), code: idx, pick: idx }) },
	{ weight: 18, arbitrary: fc.record({ kind: fc.constant('reschedule' as const), code: idx, pick: idx, slot: idx }) },
	{ weight: 4, arbitrary: fc.record({ kind: fc.constant('attendance' as const), code: idx, pick: idx, mark: idx }) },
	{ weight: 3, arbitrary: fc.record({ kind: fc.constant('issue' as const), offer: idx, slot: idx, band: idx }) },
	{ weight: 3, arbitrary: fc.record({ kind: fc.constant('cancelSlot' as const), slot: idx }) },
	{ weight: 2, arbitrary: fc.record({ kind: fc.constant('endCourse' as const), code: idx }) },
	{ weight: 4, arbitrary: fc.record({ kind: fc.constant('consent' as const), code: idx }) }
);

interface World {
	codes: { id: string; offer: HammerOffer }[];
	slots: Record<HammerOffer, string[]>;
	allSlots: string[];
	/** Booking ids each code was told about, so cancels and reschedules name real (and stale) bookings. */
	bookings: Map<string, string[]>;
	/** First bookings that were refused: their codes must not exist. */
	issued: { ok: number; refused: number };
}

const DAY = 86_400_000;
let salt = 0;

/**
 * Fresh codes and slots for one run. Monthly slots crowd the last and first days of Copenhagen months at late
 * evening hours, where a UTC month and a Copenhagen month differ (summer time included).
 */
export async function buildWorld(sql: Sql, size: { codes: number; slotsPerOffer: number }): Promise<World> {
	const secretHash = await hashSecret('not-a-real-secret');
	const bands: (AgeBand | null)[] = ['under18', 'under18', null, '18to24'];
	const codes: World['codes'] = [];
	for (let i = 0; i < size.codes; i++) {
		const offer = HAMMER_OFFERS[i % HAMMER_OFFERS.length]!;
		const band = offer === 'youth' ? bands[Math.floor(i / HAMMER_OFFERS.length) % bands.length]! : null;
		const prepared = { display: '', selector: nodeRandomBytes(12).toString('hex'), secretHash };
		const { id } = await insertCode(sql, prepared, offer, band);
		codes.push({ id, offer });
	}
	const run = salt++;
	const slots = { capped: [], monthly: [], youth: [], group: [] } as Record<HammerOffer, string[]>;
	const base = Date.now() + 2 * DAY;
	for (const offer of HAMMER_OFFERS) {
		if (offer === 'group') {
			// Two weekly series of six sessions, three seats each.
			for (let s = 0; s < Math.max(1, Math.floor(size.slotsPerOffer / 6)); s++) {
				const seriesId = crypto.randomUUID();
				for (let w = 0; w < 6; w++) {
					const startsAt = new Date(base + w * 7 * DAY + s * 3_600_000 + run * 60_000 * 7);
					slots.group.push(await insertSlot(sql, offer, 'course', startsAt, 3, seriesId));
				}
			}
			continue;
		}
		for (let i = 0; i < size.slotsPerOffer; i++) {
			const startsAt = offer === 'monthly' ? monthEdge(i, run) : new Date(base + i * 3 * 3_600_000 + run * 60_000);
			slots[offer].push(await insertSlot(sql, offer, 'conversation', startsAt, 1 + (i % 3), null));
		}
	}
	return { codes, slots, allSlots: Object.values(slots).flat(), bookings: new Map(), issued: { ok: 0, refused: 0 } };
}

/** Late on the last day of a month or early on the first, by Copenhagen clocks, over the next three months. */
function monthEdge(i: number, run: number): Date {
	const now = new Date();
	const month = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1 + (i % 3), 1));
	// 21:00–23:59Z on the last day of the previous month and 00:00–01:59Z on the first: both sides of midnight in Copenhagen.
	const offsetMinutes = -180 + ((i * 37 + run * 11) % 300);
	return new Date(month.getTime() + offsetMinutes * 60_000 + (i % 2) * 1000 * (run + 1));
}

async function insertSlot(
	sql: Sql,
	offer: string,
	phase: string,
	startsAt: Date,
	seats: number,
	seriesId: string | null
): Promise<string> {
	const [row] = await sql<{ id: string }[]>`
		insert into anon.slot (place_slug, offer_slug, phase, starts_at, ends_at, seats, series_id)
		values ('testby-center', ${offer}, ${phase}, ${startsAt}, ${new Date(startsAt.getTime() + 45 * 60_000)}, ${seats}, ${seriesId})
		returning id`;
	return row!.id;
}

const pick = <T>(xs: readonly T[], i: number): T | undefined => (xs.length === 0 ? undefined : xs[i % xs.length]);

/** What a request answered: a refusal is a calm answer; `fault` is what a person would see as a 500. */
export interface Tally {
	ok: number;
	refused: Record<string, number>;
	faults: string[];
}

export function newTally(): Tally {
	return { ok: 0, refused: {}, faults: [] };
}

/**
 * Runs the operations with `clients` of them in flight at once; each operation uses the pool `poolFor(i)` (one
 * pool per app instance). Nothing throws out of here: a thrown error is counted as a fault.
 */
export async function hammer(
	pools: Sql[],
	staff: Staff,
	world: World,
	ops: readonly Op[],
	clients: number,
	tally: Tally
): Promise<void> {
	let next = 0;
	const worker = async () => {
		for (let i = next++; i < ops.length; i = next++) {
			const sql = pools[i % pools.length]!;
			try {
				note(tally, await run(sql, staff, world, ops[i]!));
			} catch (e) {
				tally.faults.push(`${ops[i]!.kind}: ${(e as { code?: string }).code ?? ''} ${(e as Error).message}`);
			}
		}
	};
	await Promise.all(Array.from({ length: clients }, worker));
}

function note(tally: Tally, result: { ok: boolean; reason?: string } | null) {
	if (!result) return;
	if (result.ok) tally.ok++;
	else tally.refused[result.reason ?? '?'] = (tally.refused[result.reason ?? '?'] ?? 0) + 1;
}

function remember(world: World, codeId: string, ids: string[]) {
	world.bookings.set(codeId, [...(world.bookings.get(codeId) ?? []), ...ids]);
}

async function run(sql: Sql, staff: Staff, world: World, op: Op): Promise<{ ok: boolean; reason?: string } | null> {
	switch (op.kind) {
		case 'book': {
			const code = pick(world.codes, op.code)!;
			const slot = pick(op.foreign ? world.allSlots : world.slots[code.offer], op.slot)!;
			const r = await bookSlotOrJoinSeries(sql, code.id, slot);
			if (r.ok) remember(world, code.id, r.bookingIds);
			return r;
		}
		case 'cancel': {
			const code = pick(world.codes, op.code)!;
			const booking = pick(world.bookings.get(code.id) ?? [], op.pick);
			if (!booking) return null;
			return cancel(sql, code.id, booking);
		}
		case 'reschedule': {
			const code = pick(world.codes, op.code)!;
			const booking = pick(world.bookings.get(code.id) ?? [], op.pick);
			if (!booking) return null;
			const r = await reschedule(sql, code.id, booking, pick(world.slots[code.offer], op.slot)!);
			if (r.ok) remember(world, code.id, [r.bookingId]);
			return r;
		}
		case 'attendance': {
			// Recorded as on the session's own day, while its holder may still be cancelling or moving it.
			const code = pick(world.codes, op.code)!;
			const booking = pick(world.bookings.get(code.id) ?? [], op.pick);
			if (!booking) return null;
			const [row] = await sql<
				{ slotId: string; startsAt: Date }[]
			>`select slot_id, starts_at from anon.booking where id = ${booking}`;
			const r = await setAttendance(sql, staff, row!.slotId, booking, pick(ATTENDANCE_MARKS, op.mark)!, row!.startsAt);
			return r.ok ? { ok: true } : r;
		}
		case 'issue': {
			const offer = pick(HAMMER_OFFERS, op.offer)!;
			const band = offer === 'youth' ? pick(['under18', '18to24', null] as const, op.band)! : null;
			const r = await issueCodeAndBook(sql, {
				offerSlug: offer,
				ageBand: band,
				slotId: pick(world.slots[offer], op.slot)!
			});
			if (r.ok) {
				world.issued.ok++;
				world.codes.push({ id: r.codeId, offer });
				remember(world, r.codeId, r.bookingIds);
			} else world.issued.refused++;
			return r;
		}
		case 'cancelSlot': {
			const r = await cancelSlot(sql, staff, pick(world.allSlots, op.slot)!, true);
			return r.ok ? { ok: true } : r;
		}
		case 'endCourse': {
			const r = await endCourse(sql, staff, pick(world.codes, op.code)!.id);
			return r.ok ? { ok: true } : r;
		}
		case 'consent': {
			const youth = world.codes.filter((c) => c.offer === 'youth');
			const r = await recordParentalConsent(sql, staff, pick(youth, op.code)!.id);
			return r.ok ? { ok: true } : r;
		}
	}
}

/** Each rule as one query that lists what breaks it; all must come back empty. */
export const INVARIANTS: Record<string, (sql: Sql) => PromiseLike<readonly unknown[]>> = {
	'no slot holds more people than its seats, and slot.booked counts its seat-holding bookings': (sql) => sql`
		select s.id, s.seats, s.booked, count(b.id)::int as holding
		from anon.slot s left join anon.booking b on b.slot_id = s.id and anon.booking_counts_seat(b.status)
		group by s.id
		having count(b.id) > s.seats or count(b.id) <> s.booked`,

	'no code gets past its phase cap (outside the youth gate)': (sql) => sql`
		select b.code_id, b.phase, count(*)::int as used, p.max_sessions
		from anon.booking b
			join anon.code c on c.id = b.code_id
			join portal.offer o on o.slug = c.offer_slug
			join portal.offer_phase p on p.offer_slug = c.offer_slug and p.phase = b.phase
		where anon.booking_counts_seat(b.status) and p.max_sessions is not null
			-- a no-show uses a session only where its phase says so (issue 11, item 9; migrations/055)
			and (b.status <> 'no_show' or p.no_show_uses_session)
			and not (jsonb_typeof(o.config -> 'youth') = 'object'
				and (c.age_band = 'under18' or (c.age_band is null and (o.config ->> 'minAge')::int < 18)))
		group by b.code_id, b.phase, p.max_sessions
		having count(*) > p.max_sessions`,

	'no code gets past its monthly cadence, counted by calendar month in Europe/Copenhagen': (sql) => sql`
		select b.code_id, to_char(b.starts_at at time zone 'Europe/Copenhagen', 'YYYY-MM') as month, count(*)::int as used
		from anon.booking b
			join anon.code c on c.id = b.code_id
			join portal.offer o on o.slug = c.offer_slug
			join portal.offer_phase p on p.offer_slug = c.offer_slug and p.phase = b.phase
		where anon.booking_counts_seat(b.status) and o.config -> 'cadence' ->> 'kind' = 'perCalendarMonth'
			-- a no-show that uses no session is no contact either (domain/sessions.ts countedSessions; 055)
			and (b.status <> 'no_show' or p.no_show_uses_session)
		group by b.code_id, month, o.config
		having count(*) > (o.config -> 'cadence' ->> 'max')::int`,

	'no code gets past its weekly cadence (per phase, ISO week in Europe/Copenhagen)': (sql) => sql`
		select b.code_id, b.phase, date_trunc('week', b.starts_at at time zone 'Europe/Copenhagen') as week, count(*)::int as used
		from anon.booking b
			join anon.code c on c.id = b.code_id
			join portal.offer o on o.slug = c.offer_slug
			join portal.offer_phase p on p.offer_slug = c.offer_slug and p.phase = b.phase
		where anon.booking_counts_seat(b.status) and o.config -> 'cadence' ->> 'kind' = 'perWeek'
			and (b.status <> 'no_show' or p.no_show_uses_session)
		group by b.code_id, b.phase, week, o.config
		having count(*) > (o.config -> 'cadence' ->> 'max')::int`,

	'no under-18 code gets past its gate without parental consent, nor past the consented sessions': (sql) => sql`
		select c.id, c.parental_consent, count(b.id)::int as used
		from anon.code c
			join portal.offer o on o.slug = c.offer_slug
			left join anon.booking b on b.code_id = c.id and anon.booking_counts_seat(b.status)
				and (b.status <> 'no_show' or (select p.no_show_uses_session from portal.offer_phase p
					where p.offer_slug = c.offer_slug and p.phase = b.phase))
		where jsonb_typeof(o.config -> 'youth') = 'object'
			and (c.age_band = 'under18' or (c.age_band is null and (o.config ->> 'minAge')::int < 18))
		group by c.id, o.config
		having count(b.id) > (o.config -> 'youth' ->> 'anonymousMax')::int
			+ case when c.parental_consent then (o.config -> 'youth' ->> 'withConsentMax')::int else 0 end`,

	'no active booking on a cancelled slot': (sql) => sql`
		select b.id from anon.booking b join anon.slot s on s.id = b.slot_id
		where s.cancelled_at is not null and b.status = 'booked'`,

	'no future booking on a code whose course has ended': (sql) => sql`
		select b.id from anon.booking b join anon.code c on c.id = b.code_id
		where c.course_ended and b.status = 'booked' and b.starts_at > now()`,

	'no booking without its code, and each booking is its slot’s phase and time': (sql) => sql`
		select b.id from anon.booking b
			left join anon.code c on c.id = b.code_id
			left join anon.slot s on s.id = b.slot_id
		where c.id is null or s.id is null or s.phase <> b.phase or s.starts_at <> b.starts_at`,

	'a code holds at most one active booking per slot': (sql) => sql`
		select code_id, slot_id from anon.booking where anon.booking_counts_seat(status)
		group by code_id, slot_id having count(*) > 1`
};

/** Every broken rule with a few of its rows; empty when all hold. */
export async function brokenInvariants(sql: Sql): Promise<Record<string, unknown[]>> {
	const broken: Record<string, unknown[]> = {};
	for (const [rule, query] of Object.entries(INVARIANTS)) {
		const rows = await query(sql);
		if (rows.length > 0) broken[rule] = rows.slice(0, 5);
	}
	return broken;
}
