import { hmac } from '@oslojs/crypto/hmac';
import { SHA256 } from '@oslojs/crypto/sha2';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Sql } from '../platform/db';
import { randomBytes } from '../platform/random';
import { env } from '../platform/env.js';

/**
 * Token buckets in PostgreSQL (not a process Map as in Lucia's examples), so the limit holds across app
 * instances and restarts. One statement reads, refills and takes a token, so concurrent requests cannot
 * both take the last one.
 *
 * What the database learns (issue 9, finding 2): a bucket's key is HMAC-SHA256(today's key, bucket ‖ subject),
 * and today's key is HMAC-SHA256(secret, day) with a secret that is never in the database (RATE_LIMIT_SECRET, or
 * a file outside PostgreSQL's data folder). With the whole database and no secret, a key cannot be matched to an
 * address or a username, not even by trying all 2³² IPv4 addresses. A row only says when its bucket is full
 * again, rounded to the bucket's own refill step; a full bucket has no row, and each day's rows go at midnight.
 */
export interface Bucket {
	/** What is limited, e.g. 'code-entry'. */
	name: string;
	max: number;
	refillPerSecond: number;
}

export const CODE_ENTRY_PER_CLIENT: Bucket = { name: 'code-entry:client', max: 10, refillPerSecond: 1 / 30 };
/**
 * Everyone together: a distributed guesser still gets only so many tries a minute at all codes. Spent only on a
 * well-formed code whose check symbol fits (real argon2 work), so malformed entries cannot empty it (finding 4).
 */
export const CODE_ENTRY_GLOBAL: Bucket = { name: 'code-entry:all', max: 600, refillPerSecond: 5 };
/**
 * A municipality's staff sign in from one office address in the morning: 30 at once, then 10 a minute. Guessing
 * one person's password is slowed by the per-account bucket below, not by this one.
 */
export const STAFF_LOGIN_PER_CLIENT: Bucket = { name: 'staff-login:client', max: 30, refillPerSecond: 1 / 6 };
/**
 * Per account and client: slows a guesser to one try a minute, and only at that client, so somebody guessing
 * from elsewhere cannot keep a real user out (issue 4).
 */
export const STAFF_LOGIN_PER_ACCOUNT: Bucket = { name: 'staff-login:account', max: 5, refillPerSecond: 1 / 60 };
/** Per account from all clients together: a guesser spread over many addresses still gets few tries an hour. */
export const STAFF_LOGIN_PER_ACCOUNT_ALL: Bucket = {
	name: 'staff-login:account-all',
	max: 50,
	refillPerSecond: 1 / 30
};
/**
 * First bookings make a new code each (issue 9, finding 3). A person books one time, perhaps a second after a
 * change of mind; a script that books out an offer's times needs dozens. Three new codes an hour per client and
 * offer, ten a day per client over all offers: no real person meets it, a script meets it at its fourth try.
 */
export const FIRST_BOOKING_PER_CLIENT_OFFER: Bucket = {
	name: 'first-booking:client-offer',
	max: 3,
	refillPerSecond: 3 / 3600
};
export const FIRST_BOOKING_PER_CLIENT: Bucket = { name: 'first-booking:client', max: 10, refillPerSecond: 10 / 86_400 };

/**
 * The subject for a client's buckets. An IPv6 client usually holds a whole /64 (and can pick any address in it),
 * so all of a /64 is one client; an IPv4-mapped IPv6 address is its IPv4 address.
 */
export function clientSubject(address: string): string {
	const bare = address
		.trim()
		.toLowerCase()
		.replace(/^\[|\]$/g, '')
		.replace(/%.*$/, '');
	if (!bare.includes(':')) return bare;
	const mapped = /^(?:0{0,4}:){0,4}:?(?:0{0,4}:)?ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(bare);
	if (mapped) return mapped[1]!;
	const [head = '', tail] = bare.split('::') as [string, string | undefined];
	const left = head ? head.split(':') : [];
	const right = tail ? tail.split(':') : [];
	// An embedded IPv4 tail counts as two groups; the /64 prefix never reaches it.
	const rightGroups = right.reduce((n, g) => n + (g.includes('.') ? 2 : 1), 0);
	const groups =
		tail === undefined ? left : [...left, ...Array(Math.max(0, 8 - left.length - rightGroups)).fill('0'), ...right];
	const prefix = groups.slice(0, 4).map((g) => (parseInt(g, 16) || 0).toString(16));
	return `${prefix.join(':')}::/64`;
}

// ---- The key material: a secret outside the database, and today's key derived from it -------------------------

const MIN_SECRET_BYTES = 32;
let secret: Uint8Array | null = null;
let today: { day: string; key: Uint8Array } | null = null;

/** Where the secret is kept when RATE_LIMIT_SECRET is not set: next to PostgreSQL's data folder, not inside it. */
export function rateLimitSecretFile(): string {
	return env().RATE_LIMIT_SECRET_FILE;
}

function decodeSecret(text: string, from: string): Uint8Array {
	const bytes = new Uint8Array(Buffer.from(text.trim(), 'base64'));
	if (bytes.length < MIN_SECRET_BYTES)
		throw new Error(`${from} must hold at least ${MIN_SECRET_BYTES} random bytes, base64-encoded.`);
	return bytes;
}

function secretFromFile(path: string): Uint8Array {
	try {
		return decodeSecret(readFileSync(path, 'utf8'), path);
	} catch (e) {
		if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
	}
	mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
	try {
		// 'wx': of two instances starting at once, one writes and the other reads what it wrote.
		writeFileSync(path, `${Buffer.from(randomBytes(MIN_SECRET_BYTES)).toString('base64')}\n`, {
			mode: 0o600,
			flag: 'wx'
		});
	} catch (e) {
		if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
	}
	return decodeSecret(readFileSync(path, 'utf8'), path);
}

/** Reads (or on first start creates) the secret; called at start-up so a bad setting stops the start. */
export function loadRateLimitSecret(): void {
	if (secret) return;
	// platform/env.js checked RATE_LIMIT_SECRET (at least 32 bytes); the file is checked here, as it is read.
	const configured = env().RATE_LIMIT_SECRET;
	secret = configured ? new Uint8Array(configured) : secretFromFile(rateLimitSecretFile());
	today = null;
}

/** Replaces the secret held in memory (tests); null reads it again from the environment or the file. */
export function setRateLimitSecret(value: Uint8Array | null): void {
	secret = value;
	today = null;
}

const COPENHAGEN_DAY = new Intl.DateTimeFormat('en-CA', {
	timeZone: 'Europe/Copenhagen',
	year: 'numeric',
	month: '2-digit',
	day: '2-digit'
});

/** The day whose key is in use: Copenhagen's, the day the daily job claims (purge.js). */
export function rateLimitDay(now = new Date()): string {
	return COPENHAGEN_DAY.format(now);
}

function dayKey(day: string): Uint8Array {
	if (today?.day === day) return today.key;
	loadRateLimitSecret();
	const key = hmac(SHA256, secret!, new TextEncoder().encode(`rate-limit day ${day}`));
	today = { day, key };
	return key;
}

/** The bucket's key for the subject on the day of `now`; every instance with the same secret computes the same. */
export function bucketKey(bucket: Bucket, subject: string, now = new Date()): Uint8Array {
	return hmac(SHA256, dayKey(rateLimitDay(now)), new TextEncoder().encode(`${bucket.name}\u0000${subject}`));
}

// ---- The buckets ------------------------------------------------------------------------------------------------

/**
 * A row holds the time its bucket is full again (full_at; the generic cell rate algorithm): each token taken moves
 * it one refill step later, and a token may be taken while it lies less than max steps ahead. That time is kept
 * only to a whole refill step (30 s for a code-entry client, 20 min for first bookings), rounded down: the step is
 * all the refill needs, a client gains at most part of one token, and the row cannot be lined up with a code
 * session's created_at more closely than that.
 */
function stepMs(bucket: Bucket): number {
	return Math.max(1, Math.round(1000 / bucket.refillPerSecond));
}

/** `at` plus one step, rounded down to a whole multiple of the step since 1970. */
function nextStep(sql: Sql, at: ReturnType<Sql>, step: number) {
	return sql`'epoch'::timestamptz
		+ floor((extract(epoch from ${at})::float8 * 1000 + ${step}::float8) / ${step}::float8) * ${step}::float8 * interval '1 millisecond'`;
}

/**
 * Takes one token; false when the bucket is empty (the caller answers "wait a moment"). A refused request writes
 * nothing (finding 9). Buckets that are full again are deleted by whichever request comes next.
 */
export async function consume(sql: Sql, bucket: Bucket, subject: string): Promise<boolean> {
	const key = bucketKey(bucket, subject);
	const step = stepMs(bucket);
	const rows = await sql`
		with swept as (
			delete from portal.rate_limit where key in (
				select key from portal.rate_limit where full_at <= now() and key <> ${key} for update skip locked)
		)
		insert into portal.rate_limit as r (key, full_at, day)
		values (${key}, ${nextStep(sql, sql`now()`, step)}, ${rateLimitDay()}::date)
		on conflict (key) do update set full_at = ${nextStep(sql, sql`greatest(r.full_at, now())`, step)}
			where r.full_at <= now() + ${(bucket.max - 1) * step}::float8 * interval '1 millisecond'
		returning 1`;
	return rows.length === 1;
}

/** Whether the bucket would give a token now, without taking it or writing anything. */
export async function hasToken(sql: Sql, bucket: Bucket, subject: string): Promise<boolean> {
	const [row] = await sql<{ ok: boolean }[]>`
		select full_at <= now() + ${(bucket.max - 1) * stepMs(bucket)}::float8 * interval '1 millisecond' as ok
		from portal.rate_limit where key = ${bucketKey(bucket, subject)}`;
	return row?.ok ?? true;
}

/**
 * Gives back the token a request took, when the request turned out to be no guess (a correct password):
 * only failures should count, or a user who signs in a few times in a row would lock themselves out.
 * A bucket that is full again loses its row.
 */
export async function refund(sql: Sql, bucket: Bucket, subject: string): Promise<void> {
	const key = bucketKey(bucket, subject);
	const back = sql`${stepMs(bucket)}::float8 * interval '1 millisecond'`;
	const gone = await sql`delete from portal.rate_limit where key = ${key} and full_at - ${back} <= now() returning 1`;
	if (gone.length === 0) await sql`update portal.rate_limit set full_at = full_at - ${back} where key = ${key}`;
}

/** Takes a token from each bucket in turn; when one refuses, gives back what the others took. */
export async function consumeAll(sql: Sql, buckets: [Bucket, string][]): Promise<boolean> {
	const taken: [Bucket, string][] = [];
	for (const [bucket, subject] of buckets) {
		if (!(await consume(sql, bucket, subject))) {
			for (const [b, s] of taken) await refund(sql, b, s);
			return false;
		}
		taken.push([bucket, subject]);
	}
	return true;
}
