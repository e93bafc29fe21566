import { describe, it, expect } from 'vitest';
import { databaseForFile } from './fresh';
import { checksOn, literals } from './constraints';
import { AGE_BANDS, AUDIT_ACTIONS, DECISIONS, PHASE_KINDS } from '$lib/domain/values';
import { MESSAGE_NOTICES } from '$lib/domain/message';
import { DEFAULT_MIN_NOTICE_MINUTES } from '$lib/domain/notice';

/**
 * The value lists live once, in src/lib/domain/values.ts; where SQL checks a column against a list, the database
 * repeats it. These tests read each CHECK back from pg_constraint and fail when the two drift apart.
 */

const { sql } = await databaseForFile();

async function checkList(table: string, column: string): Promise<string[]> {
	const checks = await checksOn(sql, table, column);
	expect(checks, `${table}.${column} has one check`).toHaveLength(1);
	return literals(checks[0]!).sort();
}

describe('the database checks the same value lists as the domain', () => {
	it('age bands: anon.code.age_band allows exactly AGE_BANDS', async () => {
		expect(await checkList('anon.code', 'age_band')).toEqual([...AGE_BANDS].sort());
	});

	it('§101a decisions (stk. 4): anon.code.decision allows exactly DECISIONS', async () => {
		expect(await checkList('anon.code', 'decision')).toEqual([...DECISIONS].sort());
	});

	it('phase kinds: portal.offer_phase.phase allows exactly PHASE_KINDS', async () => {
		expect(await checkList('portal.offer_phase', 'phase')).toEqual([...PHASE_KINDS].sort());
	});

	it('audit actions: portal.audit.action allows exactly AUDIT_ACTIONS (each worded on the audit page)', async () => {
		expect(await checkList('portal.audit', 'action')).toEqual([...AUDIT_ACTIONS].sort());
	});

	it('message notices: anon.message.notice allows exactly MESSAGE_NOTICES (each worded in both faces)', async () => {
		// The column has a second check (a notice is the centre's); the list is the one that names notices.
		const lists = (await checksOn(sql, 'anon.message', 'notice')).map(literals).filter((l) => l.length > 1);
		expect(lists).toHaveLength(1);
		expect(lists[0]!.sort()).toEqual([...MESSAGE_NOTICES].sort());
	});

	it("minimum notice: the waiting list's hold trigger falls back to DEFAULT_MIN_NOTICE_MINUTES, as the domain does", async () => {
		const [fn] = await sql<{ body: string }[]>`
			select pg_get_functiondef('anon.waitlist_coarse_times'::regproc) as body`;
		expect(fn!.body).toContain(`coalesce((o.config ->> 'minNoticeMinutes')::int, ${DEFAULT_MIN_NOTICE_MINUTES})`);
	});
});
