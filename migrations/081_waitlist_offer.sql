-- Issue 15, part 2: a freed seat in a full group series is offered to the first in line and held for them for a
-- while (booking/waitlist.ts). The hold's end is the one time the list stores: it is needed to know when the seat
-- passes to the next person. Kept to the minute like a receipt's end (061) and rounded up, so a hold is never
-- shorter than the person was told. Still nothing says when anybody asked: the order is the position alone.
alter table anon.waitlist add column offered_until timestamptz;

create function anon.waitlist_coarse_times() returns trigger language plpgsql as $$
begin
	if new.offered_until is not null and new.offered_until <> date_trunc('minute', new.offered_until) then
		new.offered_until := date_trunc('minute', new.offered_until) + interval '1 minute';
	end if;
	return new;
end $$;
create trigger waitlist_coarse_times before insert or update on anon.waitlist
	for each row execute function anon.waitlist_coarse_times();

-- Open holds are looked up per series when a seat may pass on (settling), and all expired ones by the periodic job.
create index waitlist_open_offers on anon.waitlist (offered_until) where offered_until is not null;

-- How long a seat is held, per municipality; null means the declared default (WAITLIST_HOLD_HOURS_DEFAULT in
-- src/lib/domain/waitlist.ts), a product default that no source gives.
alter table portal.municipality add column waitlist_hold_hours int
	constraint municipality_waitlist_hold check (waitlist_hold_hours between 1 and 336);

-- The notices the portal writes for the list: a seat is offered to you; the hold ran out.
alter table anon.message drop constraint message_notice_check;
alter table anon.message add constraint message_notice_check
	check (notice in ('slot_cancelled', 'course_ended', 'waitlist_offer', 'waitlist_expired'));

-- Waits counted per month, offer and place for the statistics (issue 15: "statistics count waits"): counts only,
-- never a code, so a month's row says nothing about anybody; suppressed like the rest when shown.
create table portal.waitlist_month (
	month date not null,
	offer_slug text not null references portal.offer on delete cascade,
	place_slug text not null references portal.place on delete cascade,
	joined int not null default 0 check (joined >= 0),
	offered int not null default 0 check (offered >= 0),
	accepted int not null default 0 check (accepted >= 0),
	primary key (month, offer_slug, place_slug)
);
