import type { Sql, Tx } from '../platform/db';
import { generateCode, parseCode } from '$lib/domain/code';
import type { AgeBand } from '$lib/domain/model';
import type { Decision } from '$lib/domain/values';
import { hashSecret, verifySecret, decoyHash } from '../auth/password';
import { randomAlias } from './alias';
import { randomBytes, randomInt } from '../platform/random';
import { availableParallelism } from 'node:os';

/** What the portal knows of a code holder: the rules' facts, no person. */
export interface CodeRecord {
	id: string;
	alias: string;
	offerSlug: string;
	ageBand: AgeBand | null;
	decision: Decision;
	parentalConsent: boolean;
	courseEnded: boolean;
	createdAt: Date;
}

export type CodeLookup =
	| { kind: 'found'; code: CodeRecord }
	| { kind: 'typo' } // the check symbol does not fit: a mistyped code, not a wrong one
	| { kind: 'malformed' } // wrong length or letters that are never in a code
	| { kind: 'unknown' }; // well-formed, but no such code (never issued, or deleted)

export interface PreparedCode {
	display: string;
	selector: string;
	secretHash: string;
}

/** Draws a code and hashes its secret (the slow part), before any transaction is opened. */
export async function prepareCode(): Promise<PreparedCode> {
	const issued = generateCode(randomBytes);
	return { display: issued.display, selector: issued.selector, secretHash: await hashSecret(issued.secret) };
}

/**
 * At most as many first bookings hash and write at once as the machine has cores (argon2 takes ~50 ms of one
 * core; issue 14). When hundreds ask for the last seats of a slot at once, all of them pass a quick "full?" look
 * before any seat is taken; without a bound they all hashed side by side, and even the winners waited for 500
 * hashes (slowest answer 6.6 s). Now each waits for its turn, looks again when it comes, and keeps the turn until
 * its booking is written: once the seats are gone the rest hear "full" without hashing, and the winners' hashes
 * never queue behind the losers'.
 */
const TURNS = Math.max(1, availableParallelism());
let turnsTaken = 0;
const waitingForTurn: (() => void)[] = [];

/** Runs `work` (a code's hash and its write) when one of the turns is free. */
export async function inHashingTurn<T>(work: () => Promise<T>): Promise<T> {
	if (turnsTaken < TURNS) turnsTaken++;
	else await new Promise<void>((turn) => waitingForTurn.push(turn)); // the one finishing hands its turn over
	try {
		return await work();
	} finally {
		const next = waitingForTurn.shift();
		if (next) next();
		else turnsTaken--;
	}
}

/**
 * Inserts the code row inside the caller's transaction. A 30-bit selector can collide with an existing one;
 * then a fresh code is drawn (and `prepared` is replaced), never an error for the person. An alias in use by
 * another live code is drawn again (`code_alias_unique`): staff must never see one alias for two people.
 */
export async function insertCode(
	tx: Sql | Tx,
	prepared: PreparedCode,
	offerSlug: string,
	ageBand: AgeBand | null,
	drawAlias: () => string = () => randomAlias(randomInt)
): Promise<{ prepared: PreparedCode; id: string }> {
	for (;;) {
		const [row] = await tx<{ id: string }[]>`
			insert into anon.code (selector, secret_hash, alias, offer_slug, age_band)
			values (${prepared.selector}, ${prepared.secretHash}, ${drawAlias()}, ${offerSlug}, ${ageBand})
			on conflict do nothing
			returning id`;
		if (row) return { prepared, id: row.id };
		const [taken] = await tx`select 1 from anon.code where selector = ${prepared.selector}`;
		if (taken) prepared = await prepareCode();
	}
}

/** Issues a code with no booking (staff may do so for a caller); the display form is shown once, never stored. */
export async function issueCode(
	sql: Sql,
	input: { offerSlug: string; ageBand: AgeBand | null }
): Promise<{ display: string; code: CodeRecord }> {
	const { prepared, id } = await insertCode(sql, await prepareCode(), input.offerSlug, input.ageBand);
	return { display: prepared.display, code: (await getCode(sql, id))! };
}

export async function findCode(sql: Sql, raw: string): Promise<CodeLookup> {
	const parsed = parseCode(raw);
	if (!parsed.ok) return parsed.reason === 'checksum' ? { kind: 'typo' } : { kind: 'malformed' };
	const [row] = await sql<(CodeRecord & { secretHash: string })[]>`
		select id, alias, offer_slug, age_band, decision, parental_consent, course_ended, created_at, secret_hash
		from anon.code where selector = ${parsed.selector}`;
	// Verify against a decoy when the selector is unknown, so both answers take an argon2 verification.
	const ok = await verifySecret(row?.secretHash ?? (await decoyHash()), parsed.secret);
	if (!row || !ok) return { kind: 'unknown' };
	const { secretHash: _, ...code } = row;
	await sql`update anon.code set last_activity_at = now() where id = ${code.id}`;
	return { kind: 'found', code };
}

/** A code's facts (code `c`): for the reads here and the code session's join (auth/session.ts). */
export const CODE_COLUMNS = (sql: Sql) =>
	sql`c.id, c.alias, c.offer_slug, c.age_band, c.decision, c.parental_consent, c.course_ended, c.created_at`;

export async function getCode(sql: Sql, id: string): Promise<CodeRecord | null> {
	const [code] = await sql<CodeRecord[]>`select ${CODE_COLUMNS(sql)} from anon.code c where c.id = ${id}`;
	return code ?? null;
}
