-- An interpreter when needed (issue 15, part 4). A booking may say that the person needs an interpreter and in
-- which language, as a language code (ISO 639) or 'other' (then the centre asks in the code's thread). Nothing
-- about who the person is: the language is a need of the appointment, kept and deleted with the booking.
alter table anon.booking add column interpreter text
	constraint booking_interpreter_language check (interpreter ~ '^([a-z]{2,3}|other)$');

-- How many working days ahead a centre needs to know, per municipality; null means the declared default
-- (INTERPRETER_NOTICE_WORKING_DAYS_DEFAULT in src/lib/domain/interpreter.ts), which no source gives.
alter table portal.municipality add column interpreter_notice_working_days int
	constraint municipality_interpreter_notice check (interpreter_notice_working_days between 0 and 30);
