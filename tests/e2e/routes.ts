import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from './portal-process';

/**
 * The portal's pages, endpoints and form actions as its router knows them: read from the manifest SvelteKit writes
 * at build time (the one the server routes by), with each page's actions and each endpoint's methods taken from
 * the compiled server modules themselves. The walkers (fuzz, headers, staff-tenancy, trust-encoded-paths) go
 * through this list, so a route or action added later is walked without anyone listing it, and nothing depends on
 * how a source file happens to be formatted.
 */

export interface Route {
	/** SvelteKit's route id, e.g. '/(citizen)/tilbud/[offer]/book/[slot]'. */
	id: string;
	/** A page (it may also have form actions). */
	page: boolean;
	/** HTTP methods its +server endpoint exports. */
	methods: string[];
	/** Names of its form actions ('default' or named), from +page.server's `actions`. */
	actions: string[];
}

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** The manifest of every route (`manifest-full.js`: prerendered ones too), written by `vite build`. */
const MANIFEST = join(ROOT, '.svelte-kit', 'output', 'server', 'manifest-full.js');

interface ManifestRoute {
	id: string;
	page: { leaf: number } | null;
	endpoint: (() => Promise<Record<string, unknown>>) | null;
}
interface Manifest {
	_: { nodes: (() => Promise<{ server?: { actions?: Record<string, unknown> } }>)[]; routes: ManifestRoute[] };
}

let cached: Promise<Route[]> | null = null;

/** Every route of the built portal, in the router's order. */
export function routes(): Promise<Route[]> {
	cached ??= (async () => {
		if (!existsSync(MANIFEST))
			throw new Error(`${MANIFEST} is missing: run \`npm run build\` before the browser tests`);
		const { manifest } = (await import(pathToFileURL(MANIFEST).href)) as { manifest: Manifest };
		const found: Route[] = [];
		for (const r of manifest._.routes) {
			const node = r.page ? await manifest._.nodes[r.page.leaf]!() : null;
			const endpoint = r.endpoint ? await r.endpoint() : null;
			found.push({
				id: r.id,
				page: r.page !== null,
				methods: endpoint ? Object.keys(endpoint).filter((k) => METHODS.has(k)) : [],
				actions: Object.keys(node?.server?.actions ?? {})
			});
		}
		return found;
	})();
	return cached;
}
