-- Throttling must know "the same client again" without keeping the client's address: buckets are keyed by
-- SHA-256(pepper || bucket), and the pepper is replaced every day with the old one and its buckets deleted,
-- so yesterday's keys cannot be turned back into addresses even with the whole database in hand.
create table portal.rate_limit_pepper (
	day date primary key,
	pepper bytea not null
);
alter table portal.rate_limit add column day date not null default current_date;
-- Whether the latest request took a token: returned by the one statement that refills and takes.
alter table portal.rate_limit add column allowed boolean not null default true;
