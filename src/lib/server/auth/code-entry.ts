import type { Sql } from '../platform/db';
import { parseCode } from '$lib/domain/code';
import { findCode, type CodeLookup } from '../booking/codes';
import { CODE_ENTRY_GLOBAL, CODE_ENTRY_PER_CLIENT, clientSubject, consume, hasToken, refund } from './rate-limit';

/**
 * A code typed in, under the citizen's limits (routes/(citizen)/kode): per client address (keyed by an HMAC,
 * never stored) and one shared budget. Staff typing the code a caller reads out go through the same limits
 * (issue 13): the staff face is no way round them. Malformed and mistyped codes cost the shared budget nothing.
 */
export type CodeEntry = CodeLookup | { kind: 'slow_down' } | { kind: 'empty' };

export async function enterCode(sql: Sql, clientAddress: string, raw: string): Promise<CodeEntry> {
	const client = clientSubject(clientAddress);
	if (!(await hasToken(sql, CODE_ENTRY_GLOBAL, 'all')) || !(await consume(sql, CODE_ENTRY_PER_CLIENT, client)))
		return { kind: 'slow_down' };
	if (raw.trim() === '') return { kind: 'empty' };
	const shape = parseCode(raw);
	if (!shape.ok) return shape.reason === 'checksum' ? { kind: 'typo' } : { kind: 'malformed' };
	if (!(await consume(sql, CODE_ENTRY_GLOBAL, 'all'))) {
		await refund(sql, CODE_ENTRY_PER_CLIENT, client);
		return { kind: 'slow_down' };
	}
	return findCode(sql, raw);
}
