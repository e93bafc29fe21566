import type { Cookies } from '@sveltejs/kit';
import { dev } from '$app/environment';
import type { SessionKind } from '../auth/session';

/** HttpOnly, SameSite=Lax, Secure outside local development; no Expires: gone when the browser closes. */
export function setSessionCookie(cookies: Cookies, kind: SessionKind, token: string, secure: boolean): void {
	cookies.set(kind.cookie, token, { path: '/', httpOnly: true, sameSite: 'lax', secure: secure && !dev });
}

export function deleteSessionCookie(cookies: Cookies, kind: SessionKind): void {
	cookies.delete(kind.cookie, { path: '/' });
}
