import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { EnvError, loadEnv, parseEnv } from '$lib/server/platform/env.js';

const KEY = randomBytes(32).toString('base64');
const problemsOf = (source: Record<string, string>, options: { serve?: boolean } = {}) => {
	const result = parseEnv(source, options);
	return result.ok ? [] : result.problems;
};

describe('the environment (platform/env.js): one check at start-up, every problem named', () => {
	it('development needs nothing: defaults for everything, no TOTP key (a fixed development key is used)', () => {
		const result = parseEnv({});
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(result.env).toMatchObject({
			production: false,
			DATA_DIR: 'data',
			PORT: 3000,
			HOST: '0.0.0.0',
			XFF_DEPTH: 1,
			KEEP_ALIVE_TIMEOUT: 5,
			COMPRESSION: 'on'
		});
		expect(result.env.STAFF_TOTP_KEY).toBeUndefined();
		expect(result.env.RATE_LIMIT_SECRET_FILE).toBe(resolve('data', 'secrets', 'rate-limit.key'));
	});

	it('a production start without STAFF_TOTP_KEY is refused', () => {
		expect(problemsOf({ NODE_ENV: 'production' })).toEqual([
			expect.stringMatching(/^STAFF_TOTP_KEY: is required \(in production/)
		]);
		expect(problemsOf({ NODE_ENV: 'production', STAFF_TOTP_KEY: KEY })).toEqual([]);
	});

	it('a STAFF_TOTP_KEY that is not 32 bytes of base64 is refused, in any mode', () => {
		for (const bad of [randomBytes(16).toString('base64'), 'not base64 at all!', randomBytes(33).toString('base64')]) {
			expect(problemsOf({ STAFF_TOTP_KEY: bad })).toEqual([
				'STAFF_TOTP_KEY: must be 32 bytes, base64-encoded (openssl rand -base64 32)'
			]);
		}
		expect(
			parseEnv({ STAFF_TOTP_KEY: KEY }).ok &&
				(parseEnv({ STAFF_TOTP_KEY: KEY }) as { env: { STAFF_TOTP_KEY: Buffer } }).env.STAFF_TOTP_KEY
		).toEqual(Buffer.from(KEY, 'base64'));
	});

	it('a RATE_LIMIT_SECRET shorter than 32 bytes or not base64 is refused', () => {
		expect(problemsOf({ RATE_LIMIT_SECRET: Buffer.from('too short').toString('base64') })).toEqual([
			'RATE_LIMIT_SECRET: must hold at least 32 random bytes, base64-encoded (openssl rand -base64 32)'
		]);
		expect(problemsOf({ RATE_LIMIT_SECRET: `${KEY}%%` })).toHaveLength(1);
		expect(problemsOf({ RATE_LIMIT_SECRET: randomBytes(48).toString('base64') })).toEqual([]);
	});

	it('database URLs must be postgres:// URLs, and serving needs DATABASE_URL', () => {
		expect(problemsOf({ DATABASE_URL: 'mysql://x@y/z' })).toEqual(['DATABASE_URL: must be a postgres:// URL']);
		expect(problemsOf({ MIGRATION_DATABASE_URL: 'localhost:5432/anon' })).toEqual([
			'MIGRATION_DATABASE_URL: must be a postgres:// URL'
		]);
		expect(problemsOf({}, { serve: true })).toEqual([expect.stringMatching(/^DATABASE_URL: is required/)]);
		expect(problemsOf({ DATABASE_URL: 'postgresql://app@127.0.0.1:5432/anon' }, { serve: true })).toEqual([]);
	});

	it('a DATABASE_URL may name a primary and its standbys, as postgres.js and libpq read it (issue 14: failover)', () => {
		expect(
			problemsOf(
				{ DATABASE_URL: 'postgres://app:pw@db1:5432,db2:5433/anon?target_session_attrs=primary' },
				{ serve: true }
			)
		).toEqual([]);
		expect(problemsOf({ MIGRATION_DATABASE_URL: 'postgres://owner@db1,db2/anon' })).toEqual([]);
		expect(problemsOf({ DATABASE_URL: 'postgres://app@db1,db 2/anon' })).toEqual([
			'DATABASE_URL: must be a postgres:// URL'
		]);
		expect(problemsOf({ DATABASE_URL: 'postgres://app@db1:x,db2/anon' })).toEqual([
			'DATABASE_URL: must be a postgres:// URL'
		]);
	});

	it('WORKERS, DATABASE_PREPARE and WORKER_ROLE are checked (issue 14)', () => {
		const result = parseEnv({});
		expect(result.ok && result.env).toMatchObject({ WORKER_ROLE: 'first', DATABASE_PREPARE: 'on' });
		expect(result.ok && result.env.WORKERS).toBeUndefined();
		expect(problemsOf({ WORKERS: '2', DATABASE_PREPARE: 'off', WORKER_ROLE: 'serve' })).toEqual([]);
		expect(problemsOf({ WORKERS: '0' })).toEqual(['WORKERS: must be a whole number from 1 to 64']);
		expect(problemsOf({ WORKERS: 'many' })).toEqual(['WORKERS: must be a whole number from 1 to 64']);
		expect(problemsOf({ DATABASE_PREPARE: 'no' })).toEqual([
			'DATABASE_PREPARE: must be on (prepared statements) or off (behind a transaction-mode pooler without them)'
		]);
	});

	it('ports, timeouts, proxy depth, origin, SEED_DEMO and COMPRESSION are checked', () => {
		expect(problemsOf({ PORT: 'eighty' })).toEqual(['PORT: must be a port number']);
		expect(problemsOf({ PORT: '70000' })).toEqual(['PORT: must be a port number']);
		expect(problemsOf({ KEEP_ALIVE_TIMEOUT: '-1' })).toEqual(['KEEP_ALIVE_TIMEOUT: must be a number of seconds']);
		expect(problemsOf({ HEADERS_TIMEOUT: 'soon' })).toEqual(['HEADERS_TIMEOUT: must be a number of seconds']);
		expect(problemsOf({ XFF_DEPTH: '0' })).toEqual(['XFF_DEPTH: must be a whole number, 1 or more']);
		expect(problemsOf({ ORIGIN: 'https://booking.example.dk/path' })).toEqual([
			'ORIGIN: must be the public origin, e.g. https://booking.example.dk (no path)'
		]);
		expect(problemsOf({ SEED_DEMO: 'yes' })).toEqual(['SEED_DEMO: must be 1 (seed demo times in production) or 0']);
		expect(problemsOf({ COMPRESSION: 'gzip' })).toEqual([
			'COMPRESSION: must be on (the portal compresses its pages) or off (a proxy in front does)'
		]);
	});

	it('every problem is named at once, and no value is ever repeated in the message', () => {
		const secret = Buffer.from('a secret too short').toString('base64');
		const source = {
			NODE_ENV: 'production',
			RATE_LIMIT_SECRET: secret,
			PORT: 'x',
			DATABASE_URL: 'http://user:hunter2@db/x'
		};
		expect(() => loadEnv({ serve: true }, source)).toThrow(EnvError);
		try {
			loadEnv({ serve: true }, source);
		} catch (e) {
			const message = (e as Error).message;
			for (const name of ['STAFF_TOTP_KEY', 'RATE_LIMIT_SECRET', 'PORT', 'DATABASE_URL'])
				expect(message).toContain(`  - ${name}: `);
			expect(message).not.toContain(secret);
			expect(message).not.toContain('hunter2');
		}
	});

	it('empty values count as unset', () => {
		expect(problemsOf({ NODE_ENV: 'production', STAFF_TOTP_KEY: '' })).toEqual([
			expect.stringMatching(/^STAFF_TOTP_KEY: is required/)
		]);
		expect(problemsOf({ PORT: '', SEED_DEMO: '' })).toEqual([]);
	});

	it('a production start without STAFF_TOTP_KEY exits at once with the message, before any build or database', () => {
		const root = resolve(import.meta.dirname, '../..');
		const env: NodeJS.ProcessEnv = {
			PATH: process.env.PATH,
			NODE_ENV: 'production',
			DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none'
		};
		const started = performance.now();
		const run = spawnSync(process.execPath, [join(root, 'src', 'start.js'), '--no-build'], {
			cwd: root,
			env,
			encoding: 'utf8',
			timeout: 20_000
		});
		expect(run.status, run.stdout + run.stderr).toBe(1);
		expect(run.stderr).toContain('The portal cannot start');
		expect(run.stderr).toMatch(/STAFF_TOTP_KEY: is required \(in production/);
		expect(run.stdout).not.toContain('Building');
		expect(performance.now() - started).toBeLessThan(10_000);
	});
});
