import type { Sql } from '$lib/server/platform/db';

/** A code written directly (no argon2: these tests are about counting, not about codes). */
export async function code(
	sql: Sql,
	offerSlug: string,
	alias: string,
	createdAt: Date,
	extra: { decision?: string; ageBand?: string } = {}
): Promise<{ id: string; selector: string }> {
	const selector = `SEL${alias.replace(/\W/g, '').toUpperCase()}${Math.random().toString(36).slice(2, 8).toUpperCase()}`;
	const [row] = await sql<{ id: string }[]>`
		insert into anon.code (selector, secret_hash, alias, offer_slug, created_at, last_activity_at, decision, age_band)
		values (${selector}, 'not-a-real-hash', ${alias}, ${offerSlug}, ${createdAt}, ${createdAt}, ${extra.decision ?? 'none'}, ${extra.ageBand ?? null})
		returning id`;
	return { id: row!.id, selector };
}

/** A session of the code in the slot, with the slot's time. */
export async function book(
	sql: Sql,
	codeId: string,
	slotId: string,
	status = 'attended',
	phase = 'conversation'
): Promise<string> {
	const [row] = await sql<{ id: string }[]>`
		insert into anon.booking (code_id, slot_id, phase, starts_at, status, changed_at)
		select ${codeId}, id, ${phase}, starts_at, ${status}, starts_at from anon.slot where id = ${slotId}
		returning id`;
	return row!.id;
}

export async function slotAt(
	sql: Sql,
	offerSlug: string,
	placeSlug: string,
	startsAt: Date,
	seats = 10,
	phase = 'conversation'
): Promise<string> {
	const [row] = await sql<{ id: string }[]>`
		insert into anon.slot (place_slug, offer_slug, phase, starts_at, ends_at, seats)
		values (${placeSlug}, ${offerSlug}, ${phase}, ${startsAt}, ${new Date(startsAt.getTime() + 45 * 60_000)}, ${seats})
		returning id`;
	return row!.id;
}
