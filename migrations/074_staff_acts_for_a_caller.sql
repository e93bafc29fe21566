-- Issue 13, item 3: staff help a caller who reads their code out: they book, move or cancel that code's times.
-- Each is audited with the code's alias, so the row keeps only the day (portal.audit_coarse_citizen_time, 048).
-- The list is src/lib/domain/values.ts AUDIT_ACTIONS (tests/db/value-lists-agree.test.ts compares).
alter table portal.audit drop constraint audit_action_known;
alter table portal.audit add constraint audit_action_known check (action in (
	'login', 'login_failed', 'login_throttled', 'logout', 'totp_enabled', 'totp_failed', 'totp_verified',
	'password_changed', 'password_reset', 'totp_reset',
	'slot_created', 'series_created', 'slot_cancelled', 'phone_booking', 'attendance', 'decision',
	'parental_consent', 'course_ended', 'staff_created', 'staff_updated', 'staff_sessions_revoked',
	'place_updated', 'hours_updated', 'offer_updated',
	'caller_booked', 'caller_moved', 'caller_cancelled'
));
