// The portal's configuration: every environment variable it reads, checked by one zod schema (README,
// "Configuration"). Parsed once at start-up (hooks.server.ts's init, src/start.js before it builds or starts a
// database); a start with a bad or missing variable stops at once and names every one of them, never a value.
// Plain JavaScript so that src/start.js, src/server.js and src/purge.js, which run with node alone, read it too.
import { resolve } from 'node:path';
import { z } from 'zod';

/** @param {string} text */
const base64Bytes = (text) => (/^[A-Za-z0-9+/_-]+={0,2}$/.test(text) ? Buffer.from(text, 'base64') : Buffer.alloc(0));

/**
 * A postgres:// URL; it may name several hosts (`postgres://u:p@db1:5432,db2:5432/db?target_session_attrs=primary`,
 * as postgres.js and libpq read it), which WHATWG URLs cannot parse: checked with the first host in their place.
 * @param {string} v
 */
const canParsePostgresUrl = (v) => {
	const m = /^(postgres(?:ql)?:\/\/)(?:([^@/]*)@)?([^/?#]*)(.*)$/.exec(v);
	if (!m) return false;
	const hosts = (m[3] ?? '').split(',');
	return (
		hosts.every((h) => URL.canParse(`postgres://${h}`)) &&
		URL.canParse(`${m[1]}${m[2] !== undefined ? `${m[2]}@` : ''}${hosts[0]}${m[4]}`)
	);
};
const postgresUrl = z.string().refine(canParsePostgresUrl, 'must be a postgres:// URL');

/** @param {number} fallback */
const seconds = (fallback) =>
	z.coerce
		.number({ error: 'must be a number of seconds' })
		.nonnegative('must be a number of seconds')
		.default(fallback);

/** Every variable the portal reads; README, "Configuration", says what each is for. */
const fields = z.object({
	NODE_ENV: z.string().optional(),
	DATABASE_URL: postgresUrl.optional(),
	MIGRATION_DATABASE_URL: postgresUrl.optional(),
	DATA_DIR: z.string().default('data'),
	SEED_DEMO: z.enum(['0', '1'], { error: 'must be 1 (seed demo times in production) or 0' }).optional(),
	STAFF_TOTP_KEY: z
		.string()
		.transform((v) => base64Bytes(v.trim()))
		.refine((key) => key.length === 32, 'must be 32 bytes, base64-encoded (openssl rand -base64 32)')
		.optional(),
	RATE_LIMIT_SECRET: z
		.string()
		.transform((v) => base64Bytes(v.trim()))
		.refine((key) => key.length >= 32, 'must hold at least 32 random bytes, base64-encoded (openssl rand -base64 32)')
		.optional(),
	RATE_LIMIT_SECRET_FILE: z.string().optional(),
	HOST: z.string().default('0.0.0.0'),
	PORT: z.coerce
		.number({ error: 'must be a port number' })
		.int('must be a port number')
		.min(0)
		.max(65535, 'must be a port number')
		.default(3000),
	ORIGIN: z
		.string()
		.refine(
			(v) => /^https?:\/\/[^/]+$/.test(v) && URL.canParse(v),
			'must be the public origin, e.g. https://booking.example.dk (no path)'
		)
		.optional(),
	// Read by adapter-node itself; checked here so a typo stops the start instead of every request.
	ADDRESS_HEADER: z.string().optional(),
	XFF_DEPTH: z.coerce
		.number({ error: 'must be a whole number, 1 or more' })
		.int('must be a whole number, 1 or more')
		.min(1, 'must be a whole number, 1 or more')
		.default(1),
	KEEP_ALIVE_TIMEOUT: seconds(5),
	HEADERS_TIMEOUT: seconds(60),
	SHUTDOWN_TIMEOUT: seconds(30),
	COMPRESSION: z
		.enum(['on', 'off'], { error: 'must be on (the portal compresses its pages) or off (a proxy in front does)' })
		.default('on'),
	// How many app processes `npm start`/`npm run serve` run on the one port (Node's cluster module); unset: one in
	// development and the demo, one per core in production (README, "Configuration"; issue 14).
	WORKERS: z.coerce
		.number({ error: 'must be a whole number from 1 to 64' })
		.int('must be a whole number from 1 to 64')
		.min(1, 'must be a whole number from 1 to 64')
		.max(64, 'must be a whole number from 1 to 64')
		.optional(),
	// Set by src/start.js for the processes after the first: they serve only; the first alone migrates, seeds and
	// ticks the daily job. Not for operators.
	WORKER_ROLE: z.enum(['first', 'serve'], { error: 'is set by src/start.js (first or serve)' }).default('first'),
	// Named prepared statements on the database connections; off behind PgBouncer in transaction mode before 1.21
	// (or with max_prepared_statements = 0), where a statement prepared on one server connection is not on the next.
	DATABASE_PREPARE: z
		.enum(['on', 'off'], {
			error: 'must be on (prepared statements) or off (behind a transaction-mode pooler without them)'
		})
		.default('on'),
	// The citizen footer (issue 12, item 9): the deployment's accessibility statement (webtilgængelighedsloven; on
	// was.digst.dk) and who runs the portal. Unset, the pages say so instead of inventing either.
	ACCESSIBILITY_STATEMENT_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
	OPERATOR_NAME: z.string().max(200).optional()
});

const schema = fields.transform((v) => ({
	...v,
	production: v.NODE_ENV === 'production',
	RATE_LIMIT_SECRET_FILE: v.RATE_LIMIT_SECRET_FILE ?? resolve(v.DATA_DIR, 'secrets', 'rate-limit.key')
}));

/**
 * What must be set, beside what must be well-formed; checked apart from the schema, so that a start with both
 * kinds of problem hears of all of them at once.
 * @type {{ name: string; when: (given: Record<string, string>, options: { serve?: boolean }) => boolean; why: string }[]}
 */
const REQUIRED = [
	{
		name: 'DATABASE_URL',
		when: (_, options) => !!options.serve,
		why: 'the application role’s login; `npm start` makes one'
	},
	{
		name: 'STAFF_TOTP_KEY',
		when: (given) => given.NODE_ENV === 'production',
		why: 'in production: it encrypts staff TOTP keys at rest (openssl rand -base64 32)'
	}
];

/** @typedef {z.output<typeof schema>} Env */

/** Why the portal will not start: every bad or missing variable, by name, without its value. */
export class EnvError extends Error {
	/** @param {string[]} problems */
	constructor(problems) {
		super(
			`The portal cannot start: fix these environment variables (README, "Configuration"):\n${problems.map((p) => `  - ${p}`).join('\n')}`
		);
		this.name = 'EnvError';
		this.problems = problems;
	}
}

/**
 * Checks the variables; `serve` adds what serving needs beyond that (a database: src/start.js makes one when
 * DATABASE_URL is unset, so it checks before that without `serve`). Empty values count as unset.
 * @param {Record<string, string | undefined>} source
 * @param {{ serve?: boolean }} [options]
 * @returns {{ ok: true; env: Env } | { ok: false; problems: string[] }}
 */
export function parseEnv(source, options = {}) {
	/** @type {Record<string, string>} */
	const given = {};
	for (const key of Object.keys(fields.shape)) {
		const value = source[key];
		if (value !== undefined && value !== '') given[key] = value;
	}
	const result = schema.safeParse(given);
	const problems = [
		...REQUIRED.filter((r) => r.when(given, options) && given[r.name] === undefined).map(
			(r) => `${r.name}: is required (${r.why})`
		),
		...(result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`))
	];
	return result.success && problems.length === 0 ? { ok: true, env: result.data } : { ok: false, problems };
}

/** @type {Env | null} */
let loaded = null;

/**
 * Parses the environment and keeps the result; throws an EnvError naming every problem.
 * @param {{ serve?: boolean }} [options]
 * @param {Record<string, string | undefined>} [source]
 * @returns {Env}
 */
export function loadEnv(options = {}, source = process.env) {
	const result = parseEnv(source, options);
	if (!result.ok) throw new EnvError(result.problems);
	loaded = result.env;
	return loaded;
}

/** The configuration, as parsed at start-up (or on first use, in tests and scripts). */
export function env() {
	return loaded ?? loadEnv();
}

/** Tests that change process.env: the next env() parses it again. */
export function forgetEnv() {
	loaded = null;
}
