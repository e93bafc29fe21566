import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';

const wrapper = pathToFileURL(
	fileURLToPath(new URL('../../src/lib/server/platform/embedded-postgres.js', import.meta.url))
);

describe('a failure exit code survives the embedded PostgreSQL (CI must see red tests)', () => {
	it('a process that loads the embedded PostgreSQL and sets exitCode 3 exits with 3, not 0', () => {
		// embedded-postgres's exit hook ended such a process with process.exit(0) on 'beforeExit': vitest's
		// "tests failed" code 1 became 0, so the database tests could fail while CI passed.
		const run = spawnSync(
			process.execPath,
			['--input-type=module', '-e', `await import(${JSON.stringify(wrapper.href)}); process.exitCode = 3;`],
			{ encoding: 'utf8', timeout: 30_000 }
		);
		expect(run.stderr).toBe('');
		expect(run.status).toBe(3);
	});
});
