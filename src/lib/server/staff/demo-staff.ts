import type { Sql } from '../platform/db';
import { pgConstraint } from '../platform/db';
import { createStaff, staffForLogin, type StaffRole } from './staff';

/**
 * Demo accounts so `npm start` can show the staff face on a fresh machine (issue 4). Never seeded by a
 * production start (hooks.server.ts). The password is public by design: it is printed and in the README.
 */

export const DEMO_PASSWORD = 'demo-adgangskode';

interface DemoAccount {
	username: string;
	displayName: string;
	role: StaffRole;
	municipalitySlug: string;
}

const MUNICIPALITIES = ['gladsaxe', 'odsherred', 'helsingor', 'kobenhavn'] as const;

export function demoAccounts(): DemoAccount[] {
	const accounts: DemoAccount[] = MUNICIPALITIES.flatMap((m) => [
		{
			username: `${m}.raadgiver`,
			displayName: `Rådgiver ${m} (demo)`,
			role: 'counsellor' as const,
			municipalitySlug: m
		},
		{
			username: `${m}.koordinator`,
			displayName: `Koordinator ${m} (demo)`,
			role: 'coordinator' as const,
			municipalitySlug: m
		}
	]);
	// Gladsaxe's §101a partner outside the municipality (001): Brydehuset, run by Ballerup Kommune.
	accounts.push({
		username: 'brydehuset.partner',
		displayName: 'Brydehuset (demo)',
		role: 'partner',
		municipalitySlug: 'ballerup'
	});
	return accounts;
}

/** Creates the missing demo accounts (idempotent); returns the accounts that exist afterwards. */
export async function seedDemoStaff(sql: Sql): Promise<DemoAccount[]> {
	const seeded: DemoAccount[] = [];
	for (const account of demoAccounts()) {
		const places = await sql<{ slug: string }[]>`
			select slug from portal.place where municipality_slug = ${account.municipalitySlug} order by slug`;
		if (places.length === 0) continue; // the municipality is not configured: nothing to work at
		if (!(await staffForLogin(sql, account.username))) {
			const created = await createStaff(
				sql,
				{
					...account,
					password: DEMO_PASSWORD,
					// A coordinator manages everything; counsellors and partners work at their places.
					places: account.role === 'coordinator' ? [] : places.map((p) => p.slug),
					totpRequired: false,
					// Published on purpose (README): forcing a change would only make the demo harder to try.
					mustChangePassword: false,
					publishedDemoPassword: true
				},
				null
			);
			if (!created.ok && created.reason !== 'username_taken')
				throw new Error(`Demo account ${account.username} not created: ${created.reason}`);
		}
		seeded.push(account);
	}
	return seeded;
}

export function printDemoStaff(accounts: DemoAccount[]): void {
	if (accounts.length === 0) return;
	const width = Math.max(...accounts.map((a) => a.username.length));
	console.log('\nDemo staff (not in production), sign in at /staff/login with the password ' + `"${DEMO_PASSWORD}":`);
	for (const a of accounts) console.log(`  ${a.username.padEnd(width)}  ${a.role}`);
}

/**
 * The demo's open talks get the demo counsellor of their municipality (issue 13, point 2: every seeded time showed
 * "Rådgiver –", so "Mig" showed nothing). Each counsellor takes the free individual times at their places that
 * do not overlap one they already hold; the rest stay open to anyone. Idempotent: run at every demo start.
 */
export async function assignDemoCounsellors(sql: Sql, now = new Date()): Promise<number> {
	let assigned = 0;
	for (const account of demoAccounts().filter((a) => a.role === 'counsellor')) {
		const staff = await staffForLogin(sql, account.username);
		if (!staff) continue;
		const taken = await sql<{ startsAt: Date; endsAt: Date }[]>`
			select starts_at, ends_at from anon.slot
			where counsellor_id = ${staff.id} and cancelled_at is null and ends_at > ${now}`;
		const open = await sql<{ id: string; startsAt: Date; endsAt: Date }[]>`
			select s.id, s.starts_at, s.ends_at from anon.slot s join portal.offer o on o.slug = s.offer_slug
			where s.counsellor_id is null and s.cancelled_at is null and s.seats = 1 and s.starts_at > ${now}
				and s.place_slug = any(${staff.places}::text[]) and o.municipality_slug = ${account.municipalitySlug}
			order by s.starts_at, s.offer_slug, s.phase`;
		const ranges = taken.map((t) => [t.startsAt.getTime(), t.endsAt.getTime()] as const);
		const mine: string[] = [];
		for (const s of open) {
			const [from, to] = [s.startsAt.getTime(), s.endsAt.getTime()];
			if (ranges.some(([a, b]) => from < b && a < to)) continue;
			ranges.push([from, to]);
			mine.push(s.id);
		}
		if (mine.length === 0) continue;
		try {
			const result =
				await sql`update anon.slot set counsellor_id = ${staff.id} where id = any(${mine}::uuid[]) and counsellor_id is null`;
			assigned += result.count;
		} catch (e) {
			// Another instance starting at the same moment assigned some first: the demo keeps theirs.
			if (pgConstraint(e) !== 'slot_counsellor_no_overlap') throw e;
		}
	}
	return assigned;
}
