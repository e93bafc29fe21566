-- Issue 13, point 5: an open time (no counsellor) is one per offer, place, phase and start, whether it is a single
-- time or part of a series, so creating the same series twice is refused like the same single time; a cancelled
-- time no longer blocks opening that time again. (A time with a counsellor is kept single by
-- slot_counsellor_no_overlap.) Refusals are worded by constraint name (booking/staff-slots.ts).
drop index anon.slot_open_unique;
create unique index slot_open_unique on anon.slot (offer_slug, place_slug, phase, starts_at)
	where counsellor_id is null and cancelled_at is null;
