-- A moved time says where it went (issue 12, item 7): "Flyttet til tirsdag 8. december kl. 10.00", not "Aflyst af
-- dig". The old booking is cancelled and points at the new one of the same code; nothing else is recorded.
alter table anon.booking add column moved_to uuid references anon.booking (id) on delete set null;
