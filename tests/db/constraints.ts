import type { Sql } from '$lib/server/platform/db';

/** The quoted words of a constraint or index definition, e.g. ARRAY['booked'::text, …] → ['booked', …]. */
export const literals = (definition: string) => [...definition.matchAll(/'([a-z0-9_]+)'::text/g)].map((m) => m[1]!);

/** The definitions of the CHECK constraints on one column of a table, as PostgreSQL prints them. */
export async function checksOn(sql: Sql, table: string, column: string): Promise<string[]> {
	const rows = await sql<{ definition: string }[]>`
		select pg_get_constraintdef(c.oid) as definition
		from pg_constraint c join pg_attribute a on a.attrelid = c.conrelid and a.attnum = any(c.conkey)
		where c.conrelid = ${table}::regclass and c.contype = 'c' and a.attname = ${column}`;
	return rows.map((r) => r.definition);
}
