import { baseLocale, cookieName, overwriteSetLocale } from '$lib/paraglide/runtime';

/**
 * Paraglide's own setLocale, which its getLocale also calls once on every page load in the browser, writes the
 * language cookie with a Max-Age of 400 days. A cookie that outlives the visit tells the next person at a shared
 * or borrowed computer that this portal was used (issue 9 #16), so the browser keeps the language as a session
 * cookie, as /sprog sets it (src/routes/sprog/+server.ts), and writes nothing while Danish, the default, is shown.
 */
overwriteSetLocale((locale, options) => {
	const current = document.cookie
		.split('; ')
		.find((c) => c.startsWith(`${cookieName}=`))
		?.slice(cookieName.length + 1);
	if (current === locale || (current === undefined && locale === baseLocale)) return;
	const secure = location.protocol === 'https:' ? '; secure' : '';
	document.cookie = `${cookieName}=${locale}; path=/; samesite=lax${secure}`;
	if (options?.reload !== false) location.reload();
});
