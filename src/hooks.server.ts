import type { HandleServerError, ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { loadEnv } from '$lib/server/platform/env.js';
import { db, closeDb, migrateAsOwner, warnAboutPowerfulRole } from '$lib/server/platform/app-db';
import { isDatabaseUnavailable } from '$lib/server/platform/db';
import { withoutQuotedText } from '$lib/server/platform/log-text';
import { startDailyPurge } from '$lib/server/platform/daily-purge';
import { loadRateLimitSecret } from '$lib/server/auth/rate-limit';
import { loadConfig } from '$lib/server/catalogue/config';
import { seedConfiguration, seedDemoSlots } from '$lib/server/catalogue/seed';
import { assignDemoCounsellors, printDemoStaff, seedDemoStaff } from '$lib/server/staff/demo-staff';
import { securityHeaders } from '$lib/server/http/security-headers';
import { compression } from '$lib/server/http/compression';
import { databaseUnavailable } from '$lib/server/http/database-unavailable';
import { formGuard } from '$lib/server/http/form-guard';
import { i18n } from '$lib/server/http/i18n';
import { codeSession } from '$lib/server/http/code-session';
import { staffSession } from '$lib/server/http/staff-session';

/**
 * Check the environment (a bad variable stops the start, named), migrate (as the owner), load and check the
 * configuration (a law violation stops start-up), seed (as the app).
 */
export const init: ServerInit = async () => {
	const env = loadEnv({ serve: true });
	// A missing or unreadable rate-limit key file stops the start rather than the first code entry.
	loadRateLimitSecret();
	// With several app processes (WORKERS, src/start.js) the first has migrated, seeded and runs the daily job
	// before the others start; they check the configuration and serve.
	if (env.WORKER_ROLE === 'serve') {
		loadConfig();
		process.once('sveltekit:shutdown', () => void closeDb());
		return;
	}
	await migrateAsOwner();
	const sql = db();
	await warnAboutPowerfulRole(sql);
	const { configs, warnings } = loadConfig();
	for (const w of warnings) console.warn(`Configuration: ${w}`);
	await seedConfiguration(sql, configs);
	if (!env.production || env.SEED_DEMO === '1') await seedDemoSlots(sql, configs);
	// Demo accounts have a published password: never on a production start, whatever SEED_DEMO says.
	if (!env.production) {
		printDemoStaff(await seedDemoStaff(sql));
		await assignDemoCounsellors(sql);
	}
	const stopPurge = startDailyPurge(sql);
	process.once('sveltekit:shutdown', () => {
		stopPurge();
		void closeDb();
	});
};

/** Outermost first: each handle does one job, and the ones before it see (and finish) its answer. */
export const handle = sequence(
	securityHeaders,
	compression,
	databaseUnavailable,
	formGuard,
	i18n,
	codeSession,
	staffSession
);

/** No request data, code or address in the log: only the route and the error's own message. */
export const handleError: HandleServerError = ({ error, event, status, message }) => {
	if (isDatabaseUnavailable(error)) {
		event.locals.databaseUnavailable = true;
		return { message: 'database_unavailable' };
	}
	if (status >= 500)
		console.error(
			`Error on ${event.route.id ?? 'unknown route'}:`,
			error instanceof Error ? withoutQuotedText(error.message) : 'unknown error'
		);
	return { message };
};
