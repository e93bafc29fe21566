import type { Sql } from '$lib/server/platform/db';
import { closeDb } from '$lib/server/platform/app-db';
import { forgetEnv } from '$lib/server/platform/env.js';

/**
 * Drives a route's form action the way SvelteKit does, without a server: the trust tests post from many client
 * addresses, which an HTTP test on loopback cannot do. The app's pool (app-db.ts) is pointed at the test's
 * database through its DATABASE_URL (platform/env.js).
 */
export async function pointAppAt(url: string): Promise<void> {
	await closeDb();
	process.env.DATABASE_URL = url;
	forgetEnv();
}

export { closeDb };

export interface ActionOutcome {
	/** 200 for a success (the action returned data or redirected), else the fail() status. */
	status: number;
	data: Record<string, unknown>;
	location?: string;
}

type Action = (event: never) => unknown;

/** Posts `form` to `action` as if from `client`; a thrown redirect counts as a success with its location. */
export async function post(
	action: Action | undefined,
	options: { path: string; client: string; form?: Record<string, string>; params?: Record<string, string> }
): Promise<ActionOutcome> {
	const url = new URL(`http://portal.test${options.path}`);
	const event = {
		request: new Request(url, { method: 'POST', body: new URLSearchParams(options.form ?? {}) }),
		url,
		params: options.params ?? {},
		locals: { code: null, codeSessionId: undefined, staff: null, locale: 'da' },
		cookies: { get: () => undefined, getAll: () => [], set: () => {}, delete: () => {}, serialize: () => '' },
		getClientAddress: () => options.client
	};
	try {
		const result = (await action!(event as never)) as
			{ status?: number; data?: Record<string, unknown> } | Record<string, unknown> | undefined;
		if (
			result &&
			typeof result === 'object' &&
			'status' in result &&
			typeof result.status === 'number' &&
			'data' in result
		) {
			return { status: result.status, data: (result.data ?? {}) as Record<string, unknown> };
		}
		return { status: 200, data: (result ?? {}) as Record<string, unknown> };
	} catch (e) {
		const thrown = e as { status?: number; location?: string };
		if (thrown && typeof thrown.status === 'number' && thrown.location)
			return { status: 200, data: {}, location: thrown.location };
		throw e;
	}
}

export async function count(sql: Sql, table: string): Promise<number> {
	const [row] = await sql<{ n: number }[]>`select count(*)::int as n from ${sql.unsafe(table)}`;
	return row!.n;
}
