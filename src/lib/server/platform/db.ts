import postgres from 'postgres';

export type Sql = postgres.Sql<Record<string, never>>;
export type Tx = postgres.TransactionSql<Record<string, never>>;

/**
 * One pool per process; every module takes it as an argument, so tests can hand in their own database.
 * applicationName shows in pg_stat_activity (which of the portal's connections is which).
 *
 * The URL may name several hosts (`postgres://…@db1,db2/anon_booking?target_session_attrs=primary`): postgres.js
 * tries them in turn for every new connection, so after a failover the pool's next connections find the new
 * primary by themselves, without a restart (tests/db/failover.test.ts). `prepare: false` for a pooler in
 * transaction mode that cannot keep named statements (DATABASE_PREPARE=off; README, "PgBouncer").
 */
export function connect(url: string, max = 20, applicationName?: string, options: { prepare?: boolean } = {}): Sql {
	return postgres(url, {
		max,
		prepare: options.prepare ?? true,
		...(applicationName ? { connection: { application_name: applicationName } } : {}),
		idle_timeout: 30,
		connect_timeout: 10,
		// postgres.js waits 3^n/100 s (up to 20 s) before each new attempt while the server refuses connections,
		// and every request queues behind that wait: with the database down a person waited up to 20 s for the
		// calm page, and after it came back the app stayed down as long (npm run faults). At most ~1 s instead.
		backoff: (retries: number) => Math.min(0.05 * 2 ** retries, 1) * (0.5 + Math.random() / 2),
		// Notices ("already exists, skipping") are not news, and the log must stay free of data.
		onnotice: () => {},
		transform: postgres.camel
	}) as unknown as Sql;
}

/** PostgreSQL error codes this application answers rather than fails on. */
export const PG = {
	uniqueViolation: '23505',
	checkViolation: '23514',
	foreignKeyViolation: '23503',
	exclusionViolation: '23P01',
	raiseException: 'P0001',
	serializationFailure: '40001',
	deadlock: '40P01'
} as const;

export function pgErrorCode(e: unknown): string | undefined {
	return typeof e === 'object' && e !== null && 'code' in e ? String((e as { code: unknown }).code) : undefined;
}

export function pgConstraint(e: unknown): string | undefined {
	if (typeof e !== 'object' || e === null) return undefined;
	const err = e as { constraint_name?: unknown; constraint?: unknown };
	const name = err.constraint_name ?? err.constraint;
	return typeof name === 'string' ? name : undefined;
}

/** The database is down or restarting (not a bug in a query): answer 503 and let the client try again. */
export function isDatabaseUnavailable(e: unknown): boolean {
	const code = pgErrorCode(e) ?? '';
	return (
		[
			'ECONNREFUSED',
			'ECONNRESET',
			'CONNECT_TIMEOUT',
			'CONNECTION_CLOSED',
			'CONNECTION_ENDED',
			'CONNECTION_DESTROYED'
		].includes(code) ||
		// 57P0x: shut down or restarting; 08: connection faults; 25006: a write reached a server that is (still or
		// by now) a standby, in the moments of a failover; 53300: too many connections while it settles.
		/^(57P0[123]|08|25006|53300)/.test(code)
	);
}
