import { json, type RequestHandler } from '@sveltejs/kit';
import { db } from '$lib/server/platform/app-db';

/** For load balancers and `npm start`: 200 when the database answers, 503 when it does not. */
export const GET: RequestHandler = async () => {
	try {
		await db()`select 1`;
		return json({ status: 'ok' }, { headers: { 'Cache-Control': 'no-store' } });
	} catch {
		return json({ status: 'database unavailable' }, { status: 503, headers: { 'Cache-Control': 'no-store' } });
	}
};
