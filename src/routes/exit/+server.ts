import { redirect, type RequestHandler } from '@sveltejs/kit';
import { NEUTRAL_SITE } from '$lib/ui/exit';
import { db } from '$lib/server/platform/app-db';
import { endCodeSession } from '$lib/server/booking/citizen';

/**
 * Quick exit: leave for a neutral site at once, with or without JavaScript, and end the code session if the
 * person asked for it from one of our own pages.
 *
 * The link must work without JavaScript, so GET stays. But a SameSite=Lax cookie rides along on a top-level link
 * from any site, and SvelteKit's CSRF check covers only form posts, so without a check of our own any page could
 * log a code holder out by linking here (issue 9 #16). The session therefore ends only when the browser says the
 * request came from our own origin: Fetch Metadata `Sec-Fetch-Site: same-origin` (our link, or the beacon our
 * script sends) or `none` (typed or bookmarked). A request from elsewhere is sent on to the neutral site all the
 * same and touches nothing. Only the session whose whole token (id and secret) the hooks validated is ended;
 * an id alone ends nothing.
 */
const leave: RequestHandler = async (event) => {
	if (fromOurOwnPage(event.request, event.url)) {
		// Leaving must never fail: a database that is down only means the session ends by its idle timeout.
		await endCodeSession(db(), event).catch(() => {});
	}
	redirect(303, NEUTRAL_SITE);
};

function fromOurOwnPage(request: Request, url: URL): boolean {
	const site = request.headers.get('sec-fetch-site');
	if (site !== null) return site === 'same-origin' || site === 'none';
	// A browser without Fetch Metadata (Safari before 16.4) still sends Origin with the beacon's POST, and a
	// Referer with our own link (src/app.html keeps same-origin referrers). Nothing at all: leave it be.
	return (request.headers.get('origin') ?? originOf(request.headers.get('referer'))) === url.origin;
}

function originOf(address: string | null): string | null {
	if (!address) return null;
	try {
		return new URL(address).origin;
	} catch {
		return null;
	}
}

export const GET = leave;
export const POST = leave;
