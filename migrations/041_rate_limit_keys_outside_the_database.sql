-- Issue 9, finding 2: the pepper that keyed the buckets sat in this database, so anyone who could read it could
-- try all 2^32 IPv4 addresses and turn a bucket back into an address (and a staff bucket into a username). Keys
-- are now HMAC-SHA256(today's key, bucket || subject), today's key derived from a secret kept outside the
-- database (src/lib/server/auth/rate-limit.ts). The peppers go, and with them every bucket made with them.
drop table portal.rate_limit_pepper;
delete from portal.rate_limit;

-- A row holds only when its bucket is full again, to a whole refill step (no updated_at to the microsecond that
-- could be lined up with a code session's created_at); a full bucket has no row. Refused requests write nothing,
-- so `allowed` (the outcome of the last request) is gone too. The table is altered, not recreated, so grants on
-- it stay as they are.
alter table portal.rate_limit
	drop column tokens,
	drop column updated_at,
	drop column allowed,
	add column full_at timestamptz not null;
-- The Copenhagen day whose key made `key`: the daily job deletes the rows of earlier days.
alter table portal.rate_limit alter column day drop default;
create index rate_limit_full_at on portal.rate_limit (full_at);
comment on table portal.rate_limit is
	'Token buckets. key = HMAC-SHA256(day key, bucket || subject); the day key comes from a secret outside the database.';
