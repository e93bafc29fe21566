import { createHmac, timingSafeEqual } from 'node:crypto';
import { deviceCookieKey } from './staff-keys';
import { randomBytes } from '../platform/random';

/**
 * Device cookies against lockout (OWASP, "Slow Down Online Guessing Attacks with Device Cookies"; issue 9,
 * finding 5). A browser on which a staff member completed a full sign-in (password and, where set, TOTP) keeps a
 * token that says so. Sign-ins from that browser use a bucket of their own and are never refused by the
 * account's shared bucket, which a guesser from many addresses can empty; sign-ins from anywhere else share it.
 *
 * Why "trusted" means "holds a device cookie" and not "has never failed": a guesser can always present a client
 * that has never failed (a new address, no cookies), so a never-failed client can only be told apart from a
 * guesser's by something the guesser cannot make. The token is that: an HMAC, with a key outside the database
 * (staff-keys.ts), over the staff id, a random nonce and the day it was issued. It holds no personal data (the id
 * is only inside the MAC), is useless for any other account, expires after DEVICE_DAYS and is renewed at each
 * full sign-in. Someone who steals it gains no access, only a bucket of their own, which failures empty as any.
 * A real user on a new browser during a storm waits like everyone untrusted; that is the price of the shared cap.
 */

export const DEVICE_COOKIE = 'staff_device';
export const DEVICE_DAYS = 90;
/** Several colleagues may share one office computer: a few accounts' tokens fit in its cookie. */
const MAX_TOKENS = 4;
const TOKEN = /^([A-Za-z0-9_-]{22})\.(\d{1,6})\.([A-Za-z0-9_-]{43})$/;
/** Stands in for an unknown account, so checking a token costs the same for any username. */
const NOBODY = '00000000-0000-0000-0000-000000000000';

const today = (now: Date) => Math.floor(now.getTime() / 86_400_000);

function mac(staffId: string, nonce: string, day: number): Buffer {
	return createHmac('sha256', deviceCookieKey())
		.update(`staff-device\u0000${staffId}\u0000${nonce}\u0000${day}`)
		.digest();
}

function tokensOf(cookie: string | undefined): string[] {
	return (cookie ?? '')
		.split('~')
		.filter((t) => TOKEN.test(t))
		.slice(0, MAX_TOKENS);
}

function validFor(token: string, staffId: string, now: Date): boolean {
	const [, nonce, day, signature] = TOKEN.exec(token)!;
	// Compared as text, so a second spelling of the same bytes (base64's unused last bits) is no valid token.
	const expected = Buffer.from(mac(staffId, nonce!, Number(day)).toString('base64url'));
	const given = Buffer.from(signature!);
	const fresh = today(now) - Number(day) >= 0 && today(now) - Number(day) < DEVICE_DAYS;
	return given.length === expected.length && timingSafeEqual(given, expected) && fresh;
}

/**
 * The nonce of a token in the cookie that was issued to this staff member (it names the device's own bucket), or
 * null. Every token is checked, for an unknown account (null) against a stand-in id: the same work for any name.
 */
export function trustedDevice(cookie: string | undefined, staffId: string | null, now = new Date()): string | null {
	let found: string | null = null;
	for (const token of tokensOf(cookie)) {
		const valid = validFor(token, staffId ?? NOBODY, now);
		if (valid && staffId !== null && found === null) found = TOKEN.exec(token)![1]!;
	}
	return found;
}

/** The cookie after a full sign-in: a new token for this staff member first, their older ones dropped. */
export function withDevice(cookie: string | undefined, staffId: string, now = new Date()): string {
	const nonce = Buffer.from(randomBytes(16)).toString('base64url');
	const day = today(now);
	const token = `${nonce}.${day}.${mac(staffId, nonce, day).toString('base64url')}`;
	const others = tokensOf(cookie).filter((t) => !validFor(t, staffId, now));
	return [token, ...others].slice(0, MAX_TOKENS).join('~');
}
