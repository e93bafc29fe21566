import type { Sql } from '../platform/db';
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
		{ username: `${m}.raadgiver`, displayName: `Rådgiver ${m} (demo)`, role: 'counsellor' as const, municipalitySlug: m },
		{ username: `${m}.koordinator`, displayName: `Koordinator ${m} (demo)`, role: 'coordinator' as const, municipalitySlug: m }
	]);
	// Gladsaxe's §101a partner outside the municipality (001): Brydehuset, run by Ballerup Kommune.
	accounts.push({ username: 'brydehuset.partner', displayName: 'Brydehuset (demo)', role: 'partner', municipalitySlug: 'ballerup' });
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
			const created = await createStaff(sql, {
				...account,
				password: DEMO_PASSWORD,
				// A coordinator manages everything; counsellors and partners work at their places.
				places: account.role === 'coordinator' ? [] : places.map((p) => p.slug),
				totpRequired: false,
				// Published on purpose (README): forcing a change would only make the demo harder to try.
				mustChangePassword: false,
				publishedDemoPassword: true
			}, null);
			if (!created.ok && created.reason !== 'username_taken') throw new Error(`Demo account ${account.username} not created: ${created.reason}`);
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
