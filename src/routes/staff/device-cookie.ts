import type { Cookies } from '@sveltejs/kit';
import { dev } from '$app/environment';
import { DEVICE_COOKIE, DEVICE_DAYS } from '$lib/server/auth/staff-device';

/** The browser's device tokens (staff-device.ts), sent only to the staff face. */
export function deviceCookie(cookies: Cookies): string | undefined {
	return cookies.get(DEVICE_COOKIE);
}

/**
 * Kept across browser restarts (that is its point), but HttpOnly, SameSite=Strict and only under /staff; it
 * holds no personal data and opens nothing by itself.
 */
export function setDeviceCookie(cookies: Cookies, value: string, secure: boolean): void {
	cookies.set(DEVICE_COOKIE, value, {
		path: '/staff',
		httpOnly: true,
		sameSite: 'strict',
		secure: secure && !dev,
		maxAge: DEVICE_DAYS * 24 * 60 * 60
	});
}
