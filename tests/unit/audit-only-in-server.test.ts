import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * Issue 10, point 3: an audit row is written by the server function that does the action, inside its transaction.
 * A route that wrote one itself would write it after that transaction's commit, so the action could stand without
 * its row. No file under src/routes may import the audit writer (src/lib/server/operations/audit.ts).
 */

const root = resolve(__dirname, '../..');
const AUDIT = join(root, 'src/lib/server/operations/audit');

function filesUnder(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
		const path = join(dir, e.name);
		if (e.isDirectory()) return filesUnder(path);
		return /\.(ts|js|svelte)$/.test(e.name) ? [path] : [];
	});
}

/** Every module a source file imports: static imports, re-exports and dynamic import(). */
function importsOf(source: string): string[] {
	const found = [
		...source.matchAll(/\b(?:import|export)\s[^'"]*?\bfrom\s*['"]([^'"]+)['"]/g),
		...source.matchAll(/\bimport\s*['"]([^'"]+)['"]/g),
		...source.matchAll(/\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g)
	];
	return found.map((m) => m[1]!);
}

/** The file an import names, without its extension ($lib and relative paths; packages are left alone). */
function target(file: string, specifier: string): string | null {
	const path = specifier.startsWith('$lib/')
		? join(root, 'src/lib', specifier.slice('$lib/'.length))
		: specifier.startsWith('.')
			? resolve(dirname(file), specifier)
			: null;
	return path?.replace(/\.(ts|js)$/, '') ?? null;
}

const importsAudit = (file: string, source: string) => importsOf(source).some((s) => target(file, s) === AUDIT);

describe('routes never write audit rows themselves', () => {
	it('attack: a route writes the audit row after the action has committed', () => {
		const routes = filesUnder(join(root, 'src/routes'));
		expect(routes.length).toBeGreaterThan(20);
		const offenders = routes.filter((f) => importsAudit(f, readFileSync(f, 'utf8'))).map((f) => relative(root, f));
		expect(offenders).toEqual([]);
	});

	it('the scan finds the audit module however it is named', () => {
		const page = join(root, 'src/routes/staff/team/+page.server.ts');
		expect(importsAudit(page, "import { audit } from '$lib/server/operations/audit';")).toBe(true);
		expect(importsAudit(page, "import { audit } from '../../../lib/server/operations/audit.js';")).toBe(true);
		expect(importsAudit(page, "const { audit } = await import('$lib/server/operations/audit');")).toBe(true);
		expect(importsAudit(page, "import {\n\taudit,\n\ttype AuditEntry\n} from '$lib/server/operations/audit';")).toBe(
			true
		);
		// The coordinators' reading of the trail is another module, open to routes.
		expect(importsAudit(page, "import { auditOfMunicipality } from '$lib/server/operations/audit-trail';")).toBe(false);
	});
});
