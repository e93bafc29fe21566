// `npm run purge`: deletes the codes past their municipality's retention period now, by hand; the server also
// does this once a day. DATABASE_URL's server (the application role, as the portal serves), or else the embedded
// PostgreSQL in ./data/pg as its application role (stopped again afterwards). Prints counts only.
import postgres from 'postgres';
import { resolve } from 'node:path';
import { startEmbeddedPostgres } from './lib/server/embedded-postgres.js';
import { describePurge, purgeExpiredCodes } from './lib/server/purge.js';

const root = resolve(import.meta.dirname, '..');

/** @type {(() => Promise<void>) | null} */
let stopDatabase = null;
let url = process.env.DATABASE_URL;
if (!url) {
	const db = await startEmbeddedPostgres({ dataDir: resolve(root, process.env.DATA_DIR ?? 'data', 'pg'), quiet: false });
	url = db.appUrl;
	stopDatabase = db.stop;
}

const sql = postgres(url, { max: 1, onnotice: () => {} });
let failed = false;
try {
	// By the catalogue, which needs no rights on the schemas (a database from before the roles grants none yet).
	const [schema] = await sql`select
		exists (select 1 from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'portal' and c.relname = 'stats_folded')
		and exists (select 1 from pg_namespace n where n.nspname = 'anon' and has_schema_privilege(n.oid, 'usage')) as migrated`;
	if (!schema?.migrated) {
		console.error('The database is not migrated to the operations schema and roles yet: start the portal once (`npm start`).');
		failed = true;
	} else {
		console.log(describePurge(await purgeExpiredCodes(sql)));
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
