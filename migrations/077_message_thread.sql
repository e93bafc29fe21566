-- A message thread on the code (issue 15, part 1). The portal has no other way to reach a person who left no
-- contact data: a centre that cancels a time, or must recall someone, writes here, and the person reads it on
-- "Mine tider" and may answer. SEL §101a stk. 3: a person may contact the municipality anonymously via its website.
--
-- The text is the most sensitive data in the system, so it gets the least around it:
--   * it lives with the code and goes with it (on delete cascade): the purge that deletes a code at retention
--     deletes its thread in the same statement;
--   * no index on it and no function reads it: nobody can search messages, statistics never count them;
--   * the day only, like every other time in anon (migrations/045): the order inside a thread is a number per
--     code, not a clock that could join with a proxy's log;
--   * a notice the portal writes itself (a cancelled time, an ended course) stores no text at all, only its kind
--     and the time it is about, so it is shown in the reader's language when it is read.
create table anon.message (
	code_id uuid not null references anon.code on delete cascade,
	n int not null check (n > 0),
	sender text not null check (sender in ('centre', 'person')),
	body text check (char_length(body) between 1 and 1000),
	notice text check (notice in ('slot_cancelled', 'course_ended')),
	notice_starts_at timestamptz,
	created_at timestamptz not null default now(),
	-- read by the one it was written to: the person for the centre's messages, the centre for the person's
	read boolean not null default false,
	primary key (code_id, n),
	constraint message_text_or_notice check ((body is null) <> (notice is null)),
	constraint message_notice_from_centre check (notice is null or sender = 'centre')
);

create function anon.message_coarse_times() returns trigger language plpgsql as $$
begin
	new.created_at := anon.copenhagen_day(new.created_at);
	return new;
end $$;
create trigger message_coarse_times before insert or update on anon.message
	for each row execute function anon.message_coarse_times();

-- Staff writing to a code is audited (who wrote to which alias, on which day); never the text.
alter table portal.audit drop constraint audit_action_known;
alter table portal.audit add constraint audit_action_known check (action in (
	'login', 'login_failed', 'login_throttled', 'logout', 'totp_enabled', 'totp_failed', 'totp_verified',
	'password_changed', 'password_reset', 'totp_reset',
	'slot_created', 'series_created', 'slot_cancelled', 'phone_booking', 'attendance', 'decision',
	'parental_consent', 'course_ended', 'staff_created', 'staff_updated', 'staff_sessions_revoked',
	'place_updated', 'hours_updated', 'offer_updated', 'message_sent'
));
