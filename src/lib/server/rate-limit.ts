import { sha256 } from '@oslojs/crypto/sha2';
import type { Sql } from './db';
import { randomBytes } from './random';

/**
 * Token buckets in PostgreSQL (not a process Map as in Lucia's examples), so the limit holds across app
 * instances and restarts. One statement reads, refills and takes a token, so concurrent requests cannot
 * both take the last one.
 */
export interface Bucket {
	/** What is limited, e.g. 'code-entry'. */
	name: string;
	max: number;
	refillPerSecond: number;
}

export const CODE_ENTRY_PER_CLIENT: Bucket = { name: 'code-entry:client', max: 10, refillPerSecond: 1 / 30 };
/** Everyone together: a distributed guesser still gets only so many tries a minute at all codes. */
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
export const STAFF_LOGIN_PER_ACCOUNT_ALL: Bucket = { name: 'staff-login:account-all', max: 50, refillPerSecond: 1 / 30 };

async function todaysPepper(sql: Sql): Promise<Uint8Array> {
	// Three separate statements, not one: a row inserted by a concurrent first request of the day is invisible
	// to a statement whose snapshot began before it committed, so the last select must be a statement of its own.
	const read = async () => (await sql<{ pepper: Uint8Array }[]>`select pepper from portal.rate_limit_pepper where day = current_date`)[0];
	let row = await read();
	if (!row) {
		await sql`insert into portal.rate_limit_pepper (day, pepper) values (current_date, ${randomBytes(32)}) on conflict (day) do nothing`;
		row = await read();
	}
	return new Uint8Array(row!.pepper);
}

/** Drops earlier days' peppers and buckets (run daily, and cheap to run more often). */
export async function forgetOldBuckets(sql: Sql): Promise<void> {
	await sql`delete from portal.rate_limit where day < current_date`;
	await sql`delete from portal.rate_limit_pepper where day < current_date`;
}

async function bucketKey(sql: Sql, bucket: Bucket, subject: string): Promise<Uint8Array> {
	const pepper = await todaysPepper(sql);
	const text = new TextEncoder().encode(`${bucket.name}\u0000${subject}`);
	const joined = new Uint8Array(pepper.length + text.length);
	joined.set(pepper);
	joined.set(text, pepper.length);
	return sha256(joined);
}

/** Takes one token; false when the bucket is empty (the caller answers "wait a moment"). */
export async function consume(sql: Sql, bucket: Bucket, subject: string): Promise<boolean> {
	const key = await bucketKey(sql, bucket, subject);
	const refilled = sql`least(${bucket.max}::float8, r.tokens + extract(epoch from now() - r.updated_at) * ${bucket.refillPerSecond}::float8)`;
	const [row] = await sql<{ allowed: boolean }[]>`
		insert into portal.rate_limit as r (key, tokens, updated_at, day, allowed)
		values (${key}, ${bucket.max - 1}, now(), current_date, true)
		on conflict (key) do update set
			tokens = case when ${refilled} >= 1 then ${refilled} - 1 else ${refilled} end,
			allowed = ${refilled} >= 1,
			updated_at = now()
		returning allowed`;
	return row!.allowed;
}

/**
 * Gives back the token a request took, when the request turned out to be no guess (a correct password):
 * only failures should count, or a user who signs in a few times in a row would lock themselves out.
 */
export async function refund(sql: Sql, bucket: Bucket, subject: string): Promise<void> {
	const key = await bucketKey(sql, bucket, subject);
	await sql`update portal.rate_limit set tokens = least(${bucket.max}::float8, tokens + 1) where key = ${key}`;
}
