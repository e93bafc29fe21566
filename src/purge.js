// `npm run purge`: runs the daily clean-up now, by hand (codes past their municipality's retention period or never
// booked, expired sessions, old rate-limit buckets); the server also does this once a day. DATABASE_URL's server, or else the embedded PostgreSQL in ./data/pg (stopped again
// afterwards). Prints counts only.
import postgres from 'postgres';
import { resolve } from 'node:path';
import { startEmbeddedPostgres } from './lib/server/embedded-postgres.js';
import { cleanUpNow, describePurge } from './lib/server/purge.js';

const root = resolve(import.meta.dirname, '..');

/** @type {(() => Promise<void>) | null} */
let stopDatabase = null;
let url = process.env.DATABASE_URL;
if (!url) {
	const db = await startEmbeddedPostgres({ dataDir: resolve(root, process.env.DATA_DIR ?? 'data', 'pg'), quiet: false });
	url = db.url;
	stopDatabase = db.stop;
}

const sql = postgres(url, { max: 1, onnotice: () => {} });
let failed = false;
try {
	// The newest table the clean-up needs: the rate-limit buckets as migration 041 left them.
	const [schema] = await sql`
		select exists (select 1 from information_schema.columns
			where table_schema = 'portal' and table_name = 'rate_limit' and column_name = 'full_at') as migrated`;
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
