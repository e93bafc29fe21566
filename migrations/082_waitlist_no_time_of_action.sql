-- Outside review of the waiting list (issue 15, part 2), two ways a database reader could tie a place in line to
-- one request in a proxy's access log, and so to the address of whoever made it:
-- 1. The hold's end was "now + 48 hours" to the minute, so it kept the minute a seat was freed, i.e. when somebody
--    cancelled. A hold now ends at a Copenhagen midnight (domain/waitlist.ts holdEnds), or when its session begins
--    (an appointment, not a citizen's act). This trigger keeps it so: any other value is moved up to the next
--    Copenhagen midnight, so a hold is never shorter than the person was told.
-- 2. `position` was one identity sequence over every series, so the k-th place ever given matched the k-th
--    "join" request in the log. A place is now numbered within its series only (the next after the series' last,
--    under the series' lock, booking/waitlist.ts), and the series is not in the request's address.
create or replace function anon.waitlist_coarse_times() returns trigger language plpgsql as $$
declare
	local timestamp;
begin
	if new.offered_until is null
		or exists (select 1 from anon.slot s where s.series_id = new.series_id and s.starts_at = new.offered_until) then
		return new;
	end if;
	local := new.offered_until at time zone 'Europe/Copenhagen';
	if local <> date_trunc('day', local) then
		new.offered_until := (date_trunc('day', local) + interval '1 day') at time zone 'Europe/Copenhagen';
	end if;
	return new;
end $$;

alter table anon.waitlist alter column position drop identity;
alter table anon.waitlist drop constraint waitlist_pkey;
update anon.waitlist w set position = r.n
from (select series_id, code_id, row_number() over (partition by series_id order by position) as n from anon.waitlist) r
where r.series_id = w.series_id and r.code_id = w.code_id;
alter table anon.waitlist alter column position set not null;
alter table anon.waitlist add constraint waitlist_place_in_series unique (series_id, position);

-- A series that can take nobody more (a fixed start that has passed, or no session ahead) closes its line, and the
-- people on it are told so in their thread.
alter table anon.message drop constraint message_notice_check;
alter table anon.message add constraint message_notice_check
	check (notice in ('slot_cancelled', 'course_ended', 'waitlist_offer', 'waitlist_expired', 'waitlist_closed'));
