-- Interpreter requests in the statistics (issue 15, part 4): how many times needed an interpreter, per language
-- and month, for the municipality of the code's offer. Counted as migrations/020 counts everything: the live
-- bookings' requests plus those the purge folded in before it deleted their codes, from one function
-- (portal.interpreter_facts), so a month's figures do not change when codes are deleted.
--
-- A request counts for a time that was kept in the calendar (booked, attended or missed: the seat-holding
-- statuses), in the Copenhagen month the time takes place, like the session counts. A request taken back, or on a
-- time cancelled before it took place, had nothing for the centre to arrange. The language is a need of the
-- appointment (migrations/078), never joined to an alias here: every row is a count.

create table portal.interpreter_folded (
	municipality_slug text not null references portal.municipality,
	month date not null check (extract(day from month) = 1),
	language text not null constraint interpreter_folded_language check (language ~ '^([a-z]{2,3}|other)$'),
	requests integer not null default 0,
	constraint interpreter_folded_cell unique (municipality_slug, month, language)
);

-- The requests of the given codes' bookings (all codes when null), per municipality, month and language.
create function portal.interpreter_facts(only_codes uuid[]) returns table (
	municipality_slug text, month date, language text, requests integer
) language sql stable as $$
	select o.municipality_slug, portal.copenhagen_month(b.starts_at), b.interpreter, count(*)::int
	from anon.booking b
		join anon.code c on c.id = b.code_id
		join portal.offer o on o.slug = c.offer_slug
	where b.interpreter is not null and anon.booking_counts_seat(b.status)
		and (only_codes is null or c.id = any(only_codes))
	group by o.municipality_slug, portal.copenhagen_month(b.starts_at), b.interpreter
$$;

-- Live and folded together: the one source for the statistics page and its CSV file.
create view portal.interpreter_month as
	select municipality_slug, month, language, sum(requests)::int as requests
	from (
		select * from portal.interpreter_facts(null)
		union all
		select municipality_slug, month, language, requests from portal.interpreter_folded
	) both_halves
	group by municipality_slug, month, language;
