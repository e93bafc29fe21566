-- Database roles (DESIGN.md "Data"; issue 9, finding 7). The role that runs the migrations owns the schemas and
-- tables (the embedded server's superuser, or the operator's owner role). The portal serves as another role:
--   anon_booking_app   the application: rows of the identified side (schema portal), nothing it owns, and
--                      membership in anon_booking_anon. The embedded server makes it LOGIN with a random
--                      password (src/lib/server/platform/embedded-postgres.js); on a real server the operator gives it a
--                      password or grants it to the login the portal uses (README, "Database roles").
--   anon_booking_anon  NOLOGIN: the rights on the anonymous schema, as a grant of their own, so that what can
--                      touch anonymous data is visible in one place.
-- Both get only SELECT, INSERT, UPDATE, DELETE on tables, USAGE on sequences, EXECUTE on functions: no TRUNCATE,
-- no REFERENCES, no TRIGGER, no DDL. No password here: a LOGIN role's password never sits in a migration.
--
-- Roles belong to the whole cluster while this runs in one database, so several databases (the test files', or
-- two instances) may get here at once: create only what is missing, and take "someone else just made it" as done.
do $$
begin
	if not exists (select from pg_roles where rolname = 'anon_booking_app') then
		begin
			create role anon_booking_app nologin;
		exception when duplicate_object or unique_violation then null;
		end;
	end if;
	if not exists (select from pg_roles where rolname = 'anon_booking_anon') then
		begin
			create role anon_booking_anon nologin;
		exception when duplicate_object or unique_violation then null;
		end;
	end if;
	if not pg_has_role('anon_booking_app', 'anon_booking_anon', 'member') then
		begin
			grant anon_booking_anon to anon_booking_app;
		exception when duplicate_object or unique_violation then null;
		end;
	end if;
end
$$;

-- The application makes no objects of its own, anywhere (PostgreSQL 15 and later already say so for public).
revoke create on schema public from public;
revoke all on schema portal, anon from public;

grant usage on schema portal to anon_booking_app;
grant select, insert, update, delete on all tables in schema portal to anon_booking_app;
grant usage, select on all sequences in schema portal to anon_booking_app;
grant execute on all functions in schema portal to anon_booking_app;

grant usage on schema anon to anon_booking_anon;
grant select, insert, update, delete on all tables in schema anon to anon_booking_anon;
grant usage, select on all sequences in schema anon to anon_booking_anon;
grant execute on all functions in schema anon to anon_booking_anon;

-- Tables, sequences and functions that later migrations make (as this same role) get the same rights.
-- The migration runner also re-grants the above after every run that applied something (src/lib/server/platform/migrate.ts).
alter default privileges in schema portal grant select, insert, update, delete on tables to anon_booking_app;
alter default privileges in schema portal grant usage, select on sequences to anon_booking_app;
alter default privileges in schema portal grant execute on functions to anon_booking_app;
alter default privileges in schema anon grant select, insert, update, delete on tables to anon_booking_anon;
alter default privileges in schema anon grant usage, select on sequences to anon_booking_anon;
alter default privileges in schema anon grant execute on functions to anon_booking_anon;
