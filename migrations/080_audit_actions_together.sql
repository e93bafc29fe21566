-- Three changes made the audit action list in parallel (072 slot_changed, 074 the caller_* actions, 077
-- message_sent), each from the list it knew, so the last one to run dropped the others. This sets the whole
-- list once more; it is src/lib/domain/values.ts AUDIT_ACTIONS, which tests/db/value-lists-agree.test.ts compares.
alter table portal.audit drop constraint audit_action_known;
alter table portal.audit add constraint audit_action_known check (action in (
	'login', 'login_failed', 'login_throttled', 'logout', 'totp_enabled', 'totp_failed', 'totp_verified',
	'password_changed', 'password_reset', 'totp_reset',
	'slot_created', 'series_created', 'slot_changed', 'slot_cancelled', 'phone_booking', 'attendance', 'decision',
	'parental_consent', 'course_ended', 'message_sent', 'staff_created', 'staff_updated', 'staff_sessions_revoked',
	'place_updated', 'hours_updated', 'offer_updated',
	'caller_booked', 'caller_moved', 'caller_cancelled'
));
