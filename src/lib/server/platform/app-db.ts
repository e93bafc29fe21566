import { env } from './env.js';
import { connect, type Sql } from './db';
import { migrate } from './migrate';

/**
 * The portal's two database logins (README, "Database roles"):
 * - DATABASE_URL: what it serves with, the application role (not a superuser, owns nothing);
 * - MIGRATION_DATABASE_URL: the owner of the schemas, used once at start to migrate and then closed. When unset,
 *   DATABASE_URL migrates too (one role for both, as before roles existed).
 * `npm start` sets both for its embedded PostgreSQL.
 */
let pool: Sql | null = null;

/** The running app's pool, opened on first use from DATABASE_URL (set by `npm start` or the operator). */
export function db(): Sql {
	if (pool) return pool;
	const url = env().DATABASE_URL;
	if (!url) throw new Error('DATABASE_URL is not set: start the portal with `npm start`.');
	pool = connect(url, 20, 'anon-booking', { prepare: env().DATABASE_PREPARE === 'on' });
	return pool;
}

/** Migrates as the owner (MIGRATION_DATABASE_URL, else DATABASE_URL); returns the migrations applied now. */
export async function migrateAsOwner(): Promise<string[]> {
	const url = env().MIGRATION_DATABASE_URL;
	if (!url) return migrate(db());
	const owner = connect(url, 1, 'anon-booking-migrate');
	try {
		return await migrate(owner);
	} finally {
		await owner.end({ timeout: 5 });
	}
}

/** Says so when the portal serves as a role that could step outside its rows (DESIGN.md: never a superuser). */
export async function warnAboutPowerfulRole(sql: Sql): Promise<void> {
	const [role] = await sql<{ name: string; rolsuper: boolean; owns: boolean }[]>`
		select r.rolname as name, r.rolsuper,
			exists (select 1 from pg_namespace n where n.nspowner = r.oid and n.nspname in ('portal', 'anon')) as owns
		from pg_roles r where r.rolname = current_user`;
	if (role?.rolsuper || role?.owns) {
		console.warn(
			`Database: the portal serves as "${role.name}", ${role.rolsuper ? 'a superuser' : 'the owner of its schemas'}. ` +
				'Set DATABASE_URL to the application role (anon_booking_app) and MIGRATION_DATABASE_URL to the owner; see the README, "Database roles".'
		);
	}
}

export async function closeDb(): Promise<void> {
	const p = pool;
	pool = null;
	await p?.end({ timeout: 5 });
}
