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
create unique index waitlist_time_held_once on anon.waitlist (offered_slot_id) where offered_slot_id is not null;
