-- Issue 15, part 2: "when a group OR ALL TIMES OF AN OFFER IN THE COMING WEEKS are full, a person may join the
-- waiting list". The same list (075, 081) now holds two kinds of line, and a row is on exactly one:
--   * a group series' line (series_id), as before;
--   * the line for the individual times of an offer at a place (offer_slug, place_slug): a freed time there is
--     offered to the first in line who may book it (booking/waitlist.ts).
-- One table rather than a second one: the order, the hold's end (to the minute), the notices, the purge with the
-- code and the one writer stay the same for both; a check keeps a row on exactly one line.
alter table anon.waitlist alter column series_id drop not null;
alter table anon.waitlist
	add column offer_slug text references portal.offer on delete cascade,
	add column place_slug text references portal.place on delete cascade,
	-- The one individual time held for the person while offered_until lies ahead. Never two holds on one time (the
	-- unique index below): a time is offered to one person at a time. A time that is deleted drops the hold, not
	-- the person's place in line.
	add column offered_slot_id uuid references anon.slot on delete set null;
alter table anon.waitlist add constraint waitlist_on_one_line check (
	(series_id is not null and offer_slug is null and place_slug is null and offered_slot_id is null)
	or (series_id is null and offer_slug is not null and place_slug is not null));

-- Once per code and line (a series' line keeps its unique constraint from 075).
create unique index waitlist_once_per_code_at_place on anon.waitlist (offer_slug, place_slug, code_id)
	where series_id is null;
-- A place in an offer's line at a place is numbered within that line, as a series' is (082).
create unique index waitlist_place_at_place on anon.waitlist (offer_slug, place_slug, position) where series_id is null;
create unique index waitlist_time_held_once on anon.waitlist (offered_slot_id) where offered_slot_id is not null;

-- The hold's end keeps no time of a citizen's act (082): a Copenhagen midnight, the start of a session of its
-- series, or, for a held individual time, the last moment a citizen may book that time online (its start less the
-- offer's minimum notice, domain/notice.ts; 120 minutes is DEFAULT_MIN_NOTICE_MINUTES, tested to agree). Any other
-- value is moved up to the next Copenhagen midnight, or down to that last moment if it comes first.
create or replace function anon.waitlist_coarse_times() returns trigger language plpgsql as $$
declare
	local timestamp;
	last_chance timestamptz;
begin
	if new.offered_until is null
		or (new.series_id is not null
			and exists (select 1 from anon.slot s where s.series_id = new.series_id and s.starts_at = new.offered_until)) then
		return new;
	end if;
	if new.offered_slot_id is not null then
		select s.starts_at - make_interval(mins => coalesce((o.config ->> 'minNoticeMinutes')::int, 120))
			into last_chance
		from anon.slot s join portal.offer o on o.slug = s.offer_slug where s.id = new.offered_slot_id;
		if new.offered_until = last_chance then
			return new;
		end if;
	end if;
	local := new.offered_until at time zone 'Europe/Copenhagen';
	if local <> date_trunc('day', local) then
		new.offered_until := (date_trunc('day', local) + interval '1 day') at time zone 'Europe/Copenhagen';
	end if;
	if last_chance is not null and new.offered_until > last_chance then
		new.offered_until := last_chance;
	end if;
	return new;
end $$;
