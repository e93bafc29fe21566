-- Issue 4, "Roles": a coordinator edits their municipality's places, opening hours and offer settings.
-- The configuration files are seeded at every start; a row a coordinator has edited carries `edited_at`
-- and is no longer overwritten by that seed (src/lib/server/catalogue/seed.ts), only missing rows are inserted.
alter table portal.place add column edited_at timestamptz;
alter table portal.offer add column edited_at timestamptz;
alter table portal.offer_provider add column edited_at timestamptz;

-- The audit's closed list of actions (010), with the three kinds of settings edit.
alter table portal.audit drop constraint audit_action_known;
alter table portal.audit add constraint audit_action_known check (action in (
	'login', 'login_failed', 'login_throttled', 'logout', 'totp_enabled', 'totp_failed', 'totp_verified',
	'slot_created', 'series_created', 'slot_cancelled', 'phone_booking', 'attendance', 'decision',
	'parental_consent', 'course_ended', 'staff_created', 'staff_updated', 'staff_sessions_revoked',
	'place_updated', 'hours_updated', 'offer_updated'
));
