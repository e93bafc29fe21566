-- The staff face (issue 4).

-- RFC 6238 §5.2: a verifier must not accept the same one-time password twice, so the last accepted time
-- step is kept and only later steps pass.
alter table portal.staff add column totp_last_step bigint;

-- A coordinator ends a colleague's access without deleting them, so the audit keeps saying who did what.
alter table portal.staff add column disabled_at timestamptz;

-- A counsellor's own calendar is read by counsellor and time on every page view.
create index slot_counsellor_starts on anon.slot (counsellor_id, starts_at) where counsellor_id is not null;

-- The audit names the staff member and the action; the alias is the only trace of a citizen (DOMAIN.md:
-- never a code, never free text about a person). The action is one of a closed list, so no sentence
-- about a person can be written into it.
alter table portal.audit add constraint audit_action_known check (action in (
	'login', 'login_failed', 'login_throttled', 'logout', 'totp_enabled', 'totp_failed', 'totp_verified',
	'slot_created', 'series_created', 'slot_cancelled', 'phone_booking', 'attendance', 'decision',
	'parental_consent', 'course_ended', 'staff_created', 'staff_updated', 'staff_sessions_revoked'
));
