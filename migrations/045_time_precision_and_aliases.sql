-- Rows that re-identify by time (issue 9, finding 10; DESIGN.md "Store only the precision a rule needs").
--
-- A microsecond timestamp on a code, a booking or an audit row about a citizen joins with any other log that
-- has the same moment: a phone system's call log (who called when), a proxy's access log (which address
-- posted when). The rules need far less:
--   anon.code.created_at        the 14-day guarantee counts Copenhagen calendar days from the request, and
--                               statistics count per month: the request's day is enough;
--   anon.code.last_activity_at  deletion after retention_months: the day is enough;
--   anon.booking.created_at, changed_at  no rule reads them: the day is kept only for operators' sanity;
--   anon.code_session.*         the 30-minute idle timeout needs the minute; the rows are deleted when the
--                               session ends or expires (the daily job sweeps the rest);
--   portal.audit.at             on a row that names a citizen's alias, the day (who did what to which alias,
--                               on which day); rows about staff only (sign-in, settings) keep the full time.
-- Triggers, not the application, cut the precision, so no code path can store more.

create function anon.copenhagen_day(at timestamptz) returns timestamptz
	language sql stable as $$ select date_trunc('day', at, 'Europe/Copenhagen') $$;

create function anon.code_coarse_times() returns trigger language plpgsql as $$
begin
	new.created_at := anon.copenhagen_day(new.created_at);
	new.last_activity_at := anon.copenhagen_day(new.last_activity_at);
	return new;
end $$;
create trigger code_coarse_times before insert or update on anon.code
	for each row execute function anon.code_coarse_times();

create function anon.booking_coarse_times() returns trigger language plpgsql as $$
begin
	new.created_at := anon.copenhagen_day(new.created_at);
	new.changed_at := anon.copenhagen_day(new.changed_at);
	return new;
end $$;
create trigger booking_coarse_times before insert or update on anon.booking
	for each row execute function anon.booking_coarse_times();

create function anon.code_session_coarse_times() returns trigger language plpgsql as $$
begin
	new.created_at := date_trunc('minute', new.created_at);
	new.last_used_at := date_trunc('minute', new.last_used_at);
	return new;
end $$;
create trigger code_session_coarse_times before insert or update on anon.code_session
	for each row execute function anon.code_session_coarse_times();

create function portal.audit_coarse_citizen_time() returns trigger language plpgsql as $$
begin
	if new.alias is not null then
		new.at := anon.copenhagen_day(new.at);
	end if;
	return new;
end $$;
create trigger audit_coarse_citizen_time before insert or update on portal.audit
	for each row execute function portal.audit_coarse_citizen_time();

-- Existing rows: the same precision (the triggers fire on these updates).
update anon.code set created_at = created_at;
update anon.booking set created_at = created_at;
update anon.code_session set created_at = created_at;
update portal.audit set at = at where alias is not null;
-- A phone booking's audit row pointed at the new code's alias at the minute of the call: with the phone
-- system's call log that linked a caller's number to the code. The row now says only who booked by phone.
update portal.audit set alias = null, detail = detail - 'slot' where action = 'phone_booking';

-- SUL §141 stk. 2 counted in whole Copenhagen days from the request's day (the day is all that is stored):
-- a first session any time on the 14th day after the request keeps the guarantee. The same rule as
-- guaranteeDeadline in src/lib/domain/guarantee.ts; tests/db/operations.test.ts checks that both agree.
create or replace function portal.guarantee_deadline(requested_at timestamptz) returns timestamptz
	language sql immutable as $$
	select (date_trunc('day', requested_at at time zone 'Europe/Copenhagen') + interval '15 days') at time zone 'Europe/Copenhagen'
$$;

-- Aliases (finding 17): 2 880 names repeated within one offer. Now 32 animals × 90 000 numbers, and no two
-- codes alive at once share one, so an alias is never ambiguous on a calendar, a partner's included.
-- Earlier duplicates get three more digits (the old two-digit names cannot meet the new five-digit ones).
do $$
declare
	dup record;
	candidate text;
begin
	for dup in
		select id, alias from (
			select id, alias, row_number() over (partition by alias order by created_at, id) as n from anon.code
		) d where n > 1
	loop
		loop
			candidate := dup.alias || lpad(floor(random() * 1000)::int::text, 3, '0');
			exit when not exists (select 1 from anon.code where alias = candidate);
		end loop;
		update anon.code set alias = candidate where id = dup.id;
	end loop;
end $$;
create unique index code_alias_unique on anon.code (alias);
