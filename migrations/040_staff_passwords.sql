-- Issue 9, finding 8 (OWASP ASVS 5.0 chapter 6): a password somebody else chose for a staff member (a coordinator
-- creating or resetting the account) is known to that somebody, so it must be changed at the next sign-in,
-- before anything else. Accounts that exist keep working as they are.
alter table portal.staff add column must_change_password boolean not null default false;

-- Changing one's own password, a coordinator's reset of a colleague's password or lost TOTP phone are audited.
-- 'login_throttled' stays allowed for rows already written; no new ones are (finding 9: a throttled sign-in
-- writes nothing).
alter table portal.audit drop constraint audit_action_known;
alter table portal.audit add constraint audit_action_known check (action in (
	'login', 'login_failed', 'login_throttled', 'logout', 'totp_enabled', 'totp_failed', 'totp_verified',
	'password_changed', 'password_reset', 'totp_reset',
	'slot_created', 'series_created', 'slot_cancelled', 'phone_booking', 'attendance', 'decision',
	'parental_consent', 'course_ended', 'staff_created', 'staff_updated', 'staff_sessions_revoked',
	'place_updated', 'hours_updated', 'offer_updated'
));
