-- SUL §141 stk. 2: treatment starts within 14 days of the request. The clock started only when a code was made, so
-- a person who looked at the times, found none within 14 days and left was never counted (issue 11, item 7). This
-- counts those requests: one number per Copenhagen day and offer, nothing else — no code, no address, no time finer
-- than the day. Written only by src/lib/server/operations/guarantee-no-time.ts; shown on /staff/garanti.
create table portal.guarantee_no_time (
	day date not null,
	offer_slug text not null references portal.offer (slug) on delete cascade,
	requests integer not null check (requests > 0),
	primary key (offer_slug, day)
);
