import { env } from '$env/dynamic/private';
import { connect, type Sql } from './db';

let pool: Sql | null = null;

/** The running app's pool, opened on first use from DATABASE_URL (set by `npm start` or the operator). */
export function db(): Sql {
	if (pool) return pool;
	if (!env.DATABASE_URL) throw new Error('DATABASE_URL is not set: start the portal with `npm start`.');
	pool = connect(env.DATABASE_URL);
	return pool;
}

export async function closeDb(): Promise<void> {
	const p = pool;
	pool = null;
	await p?.end({ timeout: 5 });
}
