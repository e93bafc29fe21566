import { describe, it, expect, afterAll } from 'vitest';
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstFolderClosedTo, startEmbeddedPostgres } from '../../src/lib/server/platform/embedded-postgres.js';

/**
 * Issue 10, point 11: started by root in a folder only root may enter (a clone under /root, a `mktemp -d`
 * folder), the embedded server's `postgres` user cannot reach initdb or the data folder, and start-up died with
 * "spawn … initdb EACCES" in the middle of the test run. Now it stops at once and says what to do.
 */

const made: string[] = [];
afterAll(() => {
	for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function privateFolder(): string {
	const dir = mkdtempSync(join(tmpdir(), 'anon-booking-private-'));
	made.push(dir);
	chmodSync(dir, 0o700);
	mkdirSync(join(dir, 'project', 'data'), { recursive: true, mode: 0o755 });
	return dir;
}

describe('the embedded PostgreSQL in a folder only root may enter (issue 10, point 11)', () => {
	const other = { uid: 4_000_001, gid: 4_000_001 };

	it('names the first folder another user cannot enter on the way to a path', () => {
		const dir = privateFolder();
		expect(firstFolderClosedTo(join(dir, 'project', 'data', 'pg'), other)).toBe(dir);
		chmodSync(dir, 0o711);
		expect(firstFolderClosedTo(join(dir, 'project', 'data', 'pg'), other)).toBeNull();
		// Its owner (and its group, with the group's x bit) may enter it.
		chmodSync(dir, 0o700);
		expect(firstFolderClosedTo(join(dir, 'project'), { uid: process.getuid!(), gid: 4_000_002 })).toBeNull();
	});

	it.runIf(process.getuid?.() === 0)(
		'as root, start-up stops at once with what to do instead of dying in initdb',
		async () => {
			const dir = privateFolder();
			const started = Date.now();
			await expect(startEmbeddedPostgres({ dataDir: join(dir, 'project', 'data', 'pg') })).rejects.toThrow(
				new RegExp(`cannot enter ${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}.*chmod o\\+x .*DATABASE_URL`)
			);
			expect(Date.now() - started).toBeLessThan(5_000);
		}
	);

	it.runIf(process.getuid?.() === 0)(
		"npm start's own layout starts: a data folder that is 0700 because the rate-limit secret was written into it first",
		async () => {
			const dir = mkdtempSync(join(tmpdir(), 'anon-booking-open-'));
			made.push(dir);
			chmodSync(dir, 0o755);
			mkdirSync(join(dir, 'data', 'secrets'), { recursive: true, mode: 0o700 });
			chmodSync(join(dir, 'data'), 0o700);
			const pg = await startEmbeddedPostgres({ dataDir: join(dir, 'data', 'pg') });
			await pg.stop();
		},
		120_000
	);
});
