-- The receipt's end (059) is a code session's time like its start and last use: kept to the minute (045), so a
-- proxy's access log cannot be joined to the booking's microsecond through it. Rounded up, so a receipt is never
-- shorter than promised.
create or replace function anon.code_session_coarse_times() returns trigger language plpgsql as $$
begin
	new.created_at := date_trunc('minute', new.created_at);
	new.last_used_at := date_trunc('minute', new.last_used_at);
	if new.receipt_until is not null and new.receipt_until <> date_trunc('minute', new.receipt_until) then
		new.receipt_until := date_trunc('minute', new.receipt_until) + interval '1 minute';
	end if;
	return new;
end $$;

update anon.code_session set receipt_until = receipt_until where receipt_until is not null;
