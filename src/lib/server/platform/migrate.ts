import type { Sql } from 'postgres';

/**
 * Forward-only migrations: numbered SQL files in /migrations, each applied once, in order, and recorded. All
 * pending files run in ONE transaction (each in a savepoint), so a failing file leaves the database as it was
 * before the start, not half-migrated. An advisory lock makes several app instances starting together take turns.
 *
 * Why our own ~40 lines: the maintained runners either bring their own driver (node-pg-migrate needs `pg`)
 * or want JavaScript migration files (ley); ours stays plain SQL on the postgres.js pool we already have.
 */

export interface Migration {
	version: number;
	name: string;
	sql: string;
}

const files = import.meta.glob('/migrations/*.sql', { query: '?raw', import: 'default', eager: true });

/** An arbitrary constant: the key of the advisory lock that serialises migrating instances. */
const MIGRATION_LOCK = 7_101_141;

export function bundledMigrations(): Migration[] {
	return Object.entries(files)
		.map(([path, sql]) => {
			const name = path.split('/').pop()!;
			const match = /^(\d+)_[\w-]+\.sql$/.exec(name);
			if (!match) throw new Error(`Migration file name must be NNN_name.sql: ${name}`);
			return { version: Number(match[1]), name, sql: sql as string };
		})
		.sort((a, b) => a.version - b.version);
}

/**
 * The rights of the portal's roles, granted again after every run that applied something: tables a later migration
 * makes are covered even when it ran as another owner than 050 did, whose default privileges then do not apply.
 * The statements are migrations/050_roles.sql's own top-level `grant` lines, so the rights are written in one place.
 * Idempotent; a grant on an object this role does not own only warns. The audit trail is the exception: the
 * application may add to it and forget aliases in it, never delete from it (migrations/047).
 */
export function appGrants(): string {
	const roles = Object.entries(files).find(([path]) => path.endsWith('/050_roles.sql'))?.[1] as string | undefined;
	if (!roles) throw new Error("migrations/050_roles.sql is missing: it holds the rights of the portal's roles");
	const grants = roles.split('\n').filter((line) => /^grant .* to anon_booking_(app|anon);$/.test(line));
	return [...grants, 'revoke delete, truncate on portal.audit from anon_booking_app;'].join('\n');
}

/**
 * Applies what is not yet applied; returns the names applied now. Run it as the owner (MIGRATION_DATABASE_URL),
 * not as the application role, which may not make or change tables.
 */
export async function migrate(sql: Sql, migrations: Migration[] = bundledMigrations()): Promise<string[]> {
	const versions = new Set<number>();
	for (const m of migrations) {
		if (versions.has(m.version)) throw new Error(`Two migrations share version ${m.version}`);
		versions.add(m.version);
	}
	return sql.begin(async (tx) => {
		// Transaction-scoped: released on commit or rollback, even if this process dies.
		await tx`select pg_advisory_xact_lock(${MIGRATION_LOCK})`;
		await tx`create table if not exists public.schema_migration (
			version integer primary key,
			name text not null,
			applied_at timestamptz not null default now()
		)`;
		const done = new Set(
			(await tx<{ version: number }[]>`select version from public.schema_migration`).map((r) => r.version)
		);
		const applied: string[] = [];
		for (const m of migrations) {
			if (done.has(m.version)) continue;
			await tx.savepoint(async (sp) => {
				await sp.unsafe(m.sql);
				await sp`insert into public.schema_migration (version, name) values (${m.version}, ${m.name})`;
			});
			applied.push(m.name);
		}
		if (applied.length > 0) {
			const [ready] = await tx<{ ok: boolean }[]>`select
				to_regrole('anon_booking_app') is not null and to_regrole('anon_booking_anon') is not null
				and to_regnamespace('portal') is not null and to_regnamespace('anon') is not null as ok`;
			if (ready?.ok) await tx.unsafe(appGrants());
		}
		return applied;
	});
}
