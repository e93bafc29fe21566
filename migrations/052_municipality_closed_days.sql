-- Closed days per municipality (issue 11 item 10). DOMAIN.md: "Danish public holidays: centres are closed. Other
-- closed or half days (5 June, 24 and 31 December) are not in the documents: per-municipality configuration."
-- The value is the municipality file's `closedDays` (src/lib/domain/model.ts ClosedDays), written at every start
-- by seedConfiguration; the default is the declared one, public holidays only. Staff-slot checks read it here.
alter table portal.municipality add column closed_days jsonb not null default '{"publicHolidays": true, "days": []}'::jsonb
	check (jsonb_typeof(closed_days -> 'days') = 'array' and jsonb_typeof(closed_days -> 'publicHolidays') = 'boolean');
