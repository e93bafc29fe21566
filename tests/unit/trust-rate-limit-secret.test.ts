import { describe, it, expect, afterEach } from 'vitest';
import { mkdtempSync, rmSync, statSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CODE_ENTRY_PER_CLIENT, bucketKey, loadRateLimitSecret, setRateLimitSecret } from '$lib/server/auth/rate-limit';
import { forgetEnv } from '$lib/server/platform/env.js';

const saved = { secret: process.env.RATE_LIMIT_SECRET, file: process.env.RATE_LIMIT_SECRET_FILE };
afterEach(() => {
	for (const [name, value] of [
		['RATE_LIMIT_SECRET', saved.secret],
		['RATE_LIMIT_SECRET_FILE', saved.file]
	] as const) {
		if (value === undefined) delete process.env[name];
		else process.env[name] = value;
	}
	forgetEnv();
	setRateLimitSecret(null);
});

describe("issue 9, finding 2: the rate limiter's secret lives outside the database", () => {
	it('without RATE_LIMIT_SECRET, a random secret is written once to a 0600 file and read back after a restart', () => {
		const dir = mkdtempSync(join(tmpdir(), 'rate-limit-secret-'));
		try {
			delete process.env.RATE_LIMIT_SECRET;
			process.env.RATE_LIMIT_SECRET_FILE = join(dir, 'secrets', 'rate-limit.key');
			forgetEnv();
			setRateLimitSecret(null);
			loadRateLimitSecret();
			const file = process.env.RATE_LIMIT_SECRET_FILE;
			expect(statSync(file).mode & 0o777).toBe(0o600);
			expect(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64')).toHaveLength(32);
			const key = Buffer.from(bucketKey(CODE_ENTRY_PER_CLIENT, '192.0.2.1')).toString('hex');
			setRateLimitSecret(null); // as after a restart
			expect(Buffer.from(bucketKey(CODE_ENTRY_PER_CLIENT, '192.0.2.1')).toString('hex')).toBe(key);
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});

	it('a RATE_LIMIT_SECRET shorter than 32 bytes stops the start', () => {
		process.env.RATE_LIMIT_SECRET = Buffer.from('too short').toString('base64');
		forgetEnv();
		setRateLimitSecret(null);
		expect(() => loadRateLimitSecret()).toThrow(/at least 32/);
	});
});
