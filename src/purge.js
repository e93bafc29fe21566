// `npm run purge`: runs the daily clean-up now, by hand (codes past their municipality's retention period or never
// booked, expired sessions, old rate-limit buckets); the server also does this once a day. DATABASE_URL's server
// (the application role, as the portal serves), or else the embedded PostgreSQL in ./data/pg as its application
// role (stopped again afterwards). Prints counts only.
import postgres from 'postgres';
import { resolve } from 'node:path';
import { startEmbeddedPostgres } from './lib/server/platform/embedded-postgres.js';
import { cleanUpNow, describePurge } from './lib/server/operations/purge.js';
import { env } from './lib/server/platform/env.js';

const root = resolve(import.meta.dirname, '..');

/** @type {(() => Promise<void>) | null} */
let stopDatabase = null;
const config = env();
let url = config.DATABASE_URL;
if (!url) {
	const db = await startEmbeddedPostgres({ dataDir: resolve(root, config.DATA_DIR, 'pg'), quiet: false });
	url = db.appUrl;
	stopDatabase = db.stop;
}

const sql = postgres(url, { max: 1, onnotice: () => {} });
let failed = false;
try {
	// By the catalogue, which needs no rights on the schemas (a database from before the roles grants none yet):
	// the operations schema, the roles' grants, and the rate-limit buckets as migration 041 left them.
	const [schema] = await sql`select
		exists (select 1 from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'portal' and c.relname = 'stats_folded')
		and exists (select 1 from pg_namespace n where n.nspname = 'anon' and has_schema_privilege(n.oid, 'usage'))
		and exists (select 1 from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
			where n.nspname = 'portal' and c.relname = 'rate_limit' and a.attname = 'full_at' and not a.attisdropped) as migrated`;
	if (!schema?.migrated) {
		console.error('The database is not migrated far enough yet: start the portal once (`npm start`).');
		failed = true;
	} else {
		console.log(describePurge(await cleanUpNow(sql)));
	}
} catch (e) {
	// The message only: a query error names tables and constraints, never row data.
	console.error('The purge failed:', e instanceof Error ? e.message : 'unknown error');
	failed = true;
} finally {
	await sql.end({ timeout: 5 });
	if (stopDatabase) await stopDatabase();
}
process.exit(failed ? 1 : 0);
