import type { Sql } from '../platform/db';
import type { MunicipalityConfig, Offer, OpeningInterval, Phase } from '$lib/domain/model';
import { writeOffer } from './catalogue';
import {
	addCalendarDays,
	candidateStarts,
	copenhagenDate,
	DEFAULT_CLOSED_DAYS,
	isClosedDay,
	wallTimeToInstant,
	type ClosedDays
} from '$lib/domain/hours';

/**
 * Writes the configuration files' municipalities, places and offers into the database (idempotent: run at
 * every start), and, for the demo, open times for the coming weeks inside each provider's opening hours. A row a
 * coordinator has edited (`edited_at` set, migrations/030) is kept as edited; only missing rows are inserted.
 */
export async function seedConfiguration(sql: Sql, configs: MunicipalityConfig[]): Promise<void> {
	await sql.begin(async (tx) => {
		for (const { municipality: m, closedDays } of configs) {
			const closed = closedDays ?? DEFAULT_CLOSED_DAYS;
			await tx`
				insert into portal.municipality (slug, name, phone, retention_months, closed_days, interpreter_notice_working_days, waitlist_hold_hours)
				values (${m.slug}, ${m.name}, ${m.phone.known ? m.phone.value : null}, ${m.retentionMonths}, ${tx.json(closed as never)}, ${m.interpreterNoticeWorkingDays ?? null}, ${m.waitlistHoldHours ?? null})
				on conflict (slug) do update set name = excluded.name, phone = excluded.phone, closed_days = excluded.closed_days,
					interpreter_notice_working_days = excluded.interpreter_notice_working_days,
					waitlist_hold_hours = excluded.waitlist_hold_hours`;
		}
		for (const { places } of configs) {
			for (const p of places) {
				await tx`
					insert into portal.place (slug, municipality_slug, name, address, phone, outside_hours_by_agreement)
					values (${p.slug}, ${p.municipality}, ${p.name}, ${p.address.known ? p.address.value : null},
						${p.phone.known ? p.phone.value : null}, ${p.outsideHoursByAgreement})
					on conflict (slug) do update set name = excluded.name, address = excluded.address, phone = excluded.phone,
						outside_hours_by_agreement = excluded.outside_hours_by_agreement
					where portal.place.edited_at is null`;
			}
		}
		for (const { offers } of configs) {
			for (const o of offers) await writeOffer(tx, o, 'seed');
		}
	});
}

/**
 * Where the documents do not give a provider's hours (Brydehuset, Odsherred, U-turn …), the place's hours stay
 * "not given" everywhere; the demo still needs times to book, so it opens some marked "by agreement"
 * (outside_hours), as staff would for a caller. They are demo data, never presented as opening hours.
 */
const DEMO_BY_AGREEMENT: OpeningInterval[] = [
	{ weekday: 1, from: '10:00', to: '14:00' },
	{ weekday: 2, from: '10:00', to: '14:00' },
	{ weekday: 3, from: '16:00', to: '20:00' },
	{ weekday: 4, from: '10:00', to: '14:00' }
];

/**
 * Demo open times: individual phases get a time at every format-length step inside the provider's hours;
 * a group phase gets a weekly series at its provider's latest weekly interval that fits (evening groups).
 */
export async function seedDemoSlots(
	sql: Sql,
	configs: MunicipalityConfig[],
	now = new Date(),
	days = 28
): Promise<number> {
	let created = 0;
	for (const { offers, closedDays } of configs) {
		const closed = closedDays ?? DEFAULT_CLOSED_DAYS;
		for (const offer of offers) {
			for (const provider of offer.providers) {
				const hours = provider.hours.known ? provider.hours.value : DEMO_BY_AGREEMENT;
				const byAgreement = !provider.hours.known;
				for (const phase of offer.phases) {
					created +=
						phase.format.kind === 'group'
							? await seedSeries(sql, offer, provider.place, phase, hours, now, byAgreement, closed)
							: await seedSingles(sql, offer, provider.place, phase, hours, now, days, byAgreement, closed);
				}
			}
		}
	}
	return created;
}

async function seedSingles(
	sql: Sql,
	offer: Offer,
	place: string,
	phase: Phase,
	hours: OpeningInterval[],
	now: Date,
	days: number,
	outsideHours: boolean,
	closed: ClosedDays
) {
	const minutes = phase.format.minutes;
	// A demo time a counsellor took (staff/demo-staff.ts) or staff cancelled is no longer open: it is not opened again.
	const existing = await sql<{ startsAt: Date }[]>`
		select starts_at from anon.slot where offer_slug = ${offer.slug} and place_slug = ${place} and phase = ${phase.kind} and starts_at > ${now}`;
	const seen = new Set(existing.map((e) => e.startsAt.getTime()));
	const starts = candidateStarts(hours, now, days, minutes, closed).filter(
		(s) => s.getTime() > now.getTime() && !seen.has(s.getTime())
	);
	if (starts.length === 0) return 0;
	const rows = starts.map((s) => ({
		placeSlug: place,
		offerSlug: offer.slug,
		phase: phase.kind,
		startsAt: s,
		endsAt: new Date(s.getTime() + minutes * 60_000),
		seats: 1,
		outsideHours
	}));
	const result = await sql`
		insert into anon.slot ${sql(rows, 'placeSlug', 'offerSlug', 'phase', 'startsAt', 'endsAt', 'seats', 'outsideHours')}
		on conflict (offer_slug, place_slug, phase, starts_at) where counsellor_id is null and cancelled_at is null do nothing`;
	return result.count;
}

async function seedSeries(
	sql: Sql,
	offer: Offer,
	place: string,
	phase: Phase,
	hours: OpeningInterval[],
	now: Date,
	outsideHours: boolean,
	closed: ClosedDays
) {
	if (phase.format.kind !== 'group') return 0;
	const { minutes, seats, weeks } = phase.format;
	const [existing] = await sql`
		select 1 from anon.slot where offer_slug = ${offer.slug} and place_slug = ${place} and phase = ${phase.kind}
		and series_id is not null and starts_at > ${now} limit 1`;
	if (existing) return 0;
	const fitting = hours.filter((h) => toMinutes(h.to) - toMinutes(h.from) >= minutes);
	const interval = fitting.sort((a, b) => toMinutes(b.from) - toMinutes(a.from) || a.weekday - b.weekday)[0];
	if (!interval) return 0;
	// A rolling-intake group is already running when the demo starts (people join any week; 003), so it began
	// a few weeks ago; a closed course starts next time its weekday comes round.
	const startFrom = phase.format.rollingIntake ? new Date(now.getTime() - 28 * 86_400_000) : now;
	const first = candidateStarts([{ ...interval, to: addMinutes(interval.from, minutes) }], startFrom, 8, minutes).find(
		(s) => s.getTime() > startFrom.getTime()
	);
	if (!first) return 0;
	const seriesId = crypto.randomUUID();
	const rows = [];
	for (let week = 0; week < weeks; week++) {
		const day = addCalendarDays(copenhagenDate(first), 7 * week);
		const startsAt = wallTimeToInstant(day, interval.from);
		// A public holiday is skipped, not moved: the group does not meet that week.
		if (isClosedDay(startsAt, closed).holiday) continue;
		rows.push({
			placeSlug: place,
			offerSlug: offer.slug,
			phase: phase.kind,
			seriesId,
			startsAt,
			endsAt: new Date(startsAt.getTime() + minutes * 60_000),
			seats,
			outsideHours
		});
	}
	if (rows.length === 0) return 0;
	const result =
		await sql`insert into anon.slot ${sql(rows, 'placeSlug', 'offerSlug', 'phase', 'seriesId', 'startsAt', 'endsAt', 'seats', 'outsideHours')}`;
	return result.count;
}

function toMinutes(wall: string): number {
	const [h, m] = wall.split(':').map(Number);
	return (h ?? 0) * 60 + (m ?? 0);
}

function addMinutes(wall: string, minutes: number): `${number}:${number}` {
	const total = toMinutes(wall) + minutes;
	return `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}` as `${number}:${number}`;
}
