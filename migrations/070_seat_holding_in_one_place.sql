-- Which booking statuses hold a seat was written out twice in SQL: in anon.booking_counts_seat() and in the
-- predicate of the one-booking-per-slot index. The index now asks the function, so SQL says it once. The function
-- and the status check constraint mirror src/lib/domain/booking-status.ts; tests/db/booking-status-agrees.test.ts
-- fails when they differ.
drop index anon.booking_one_per_code_and_slot;
create unique index booking_one_per_code_and_slot on anon.booking (code_id, slot_id)
	where anon.booking_counts_seat(status);
