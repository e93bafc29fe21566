-- The receipt after a first booking (issue 12, item 1): for a short while the session that made a code can show
-- it again (a reload, Back, a slow phone), and then never. The code is kept here only encrypted (AES-256-GCM)
-- with a key derived from the session's secret, which the database never holds (it stores SHA-256 of the secret
-- under another label): the row alone cannot be read, and the receipt dies with the session (quick exit,
-- log-out, the 30-minute idle timeout, the daily sweep) or at `receipt_until`, whichever comes first.
alter table anon.code_session add column receipt bytea;
alter table anon.code_session add column receipt_until timestamptz;
alter table anon.code_session add constraint code_session_receipt_whole
	check ((receipt is null) = (receipt_until is null));
