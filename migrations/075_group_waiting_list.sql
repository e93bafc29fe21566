-- Issue 13, item 7: a waiting list for a full group series. People (codes) who asked for a seat, in the order they
-- asked; a freed seat goes to the first in line (booking/bookings.ts checks under the slot's lock). The order is a
-- number, not a time: nothing here says when somebody asked. A code's entry goes with the code (purge).
create table anon.waitlist (
	position bigint generated always as identity primary key,
	series_id uuid not null,
	code_id uuid not null references anon.code on delete cascade,
	constraint waitlist_once_per_code unique (series_id, code_id)
);
create index on anon.waitlist (code_id);
