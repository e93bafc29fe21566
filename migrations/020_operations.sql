-- Operations (issue 5): monthly statistics that outlive the codes they count, and a once-a-day job claim.
--
-- Statistics are always "facts of the codes that still exist" + "facts folded in from codes already deleted".
-- The purge folds a code's facts into portal.stats_folded in the same transaction that deletes it, so the sum —
-- what coordinators see for a month — is the same before and after the deletion, and no job has to keep a copy
-- of live data up to date. Both halves come from one function (portal.code_facts), so they cannot drift apart.
--
-- Attribution: code facts (issued, caps, decisions, consent, guarantee) count in the Copenhagen month the code
-- was issued, at the place of its first session (null: no session yet); session facts count in the month and
-- at the place the session takes place. Nothing here identifies a person: every row is a count.

-- SUL §141 stk. 2, the same rule as guaranteeDeadline in src/lib/domain/guarantee.ts (the same Copenhagen wall
-- time 14 calendar days on, so a summer-time switch does not move it by an hour). It exists only so the purge,
-- which runs without the TypeScript domain, folds the same answer; tests/db/operations.test.ts checks
-- that both agree across the switches.
create function portal.guarantee_deadline(requested_at timestamptz) returns timestamptz
	language sql immutable as $$
	select ((requested_at at time zone 'Europe/Copenhagen') + interval '14 days') at time zone 'Europe/Copenhagen'
$$;

create function portal.copenhagen_month(at timestamptz) returns date
	language sql immutable as $$ select date_trunc('month', at at time zone 'Europe/Copenhagen')::date $$;

create table portal.stats_folded (
	municipality_slug text not null references portal.municipality,
	offer_slug text not null references portal.offer,
	-- null: codes that never had a session (they belong to no place).
	place_slug text references portal.place,
	month date not null check (extract(day from month) = 1),
	codes_issued integer not null default 0,
	caps_reached integer not null default 0,
	decisions_granted integer not null default 0,
	decisions_not_granted integer not null default 0,
	consent_steps integer not null default 0,
	guarantee_due integer not null default 0,
	guarantee_met integer not null default 0,
	sessions_booked integer not null default 0,
	sessions_attended integer not null default 0,
	sessions_no_show integer not null default 0,
	sessions_cancelled integer not null default 0,
	constraint stats_folded_cell unique nulls not distinct (offer_slug, place_slug, month)
);

-- The facts of the given codes (all codes when null), summed per municipality, offer, place and month.
-- Counts only: an aggregate of one code is still a count, and the pages suppress small ones.
create function portal.code_facts(only_codes uuid[]) returns table (
	municipality_slug text, offer_slug text, place_slug text, month date,
	codes_issued integer, caps_reached integer, decisions_granted integer, decisions_not_granted integer,
	consent_steps integer, guarantee_due integer, guarantee_met integer,
	sessions_booked integer, sessions_attended integer, sessions_no_show integer, sessions_cancelled integer
) language sql stable as $$
	with codes as (
		select c.*, o.municipality_slug, o.guarantee_14_days, o.config,
			(select b.starts_at from anon.booking b where b.code_id = c.id and anon.booking_counts_seat(b.status)
				order by b.starts_at limit 1) as first_at,
			(select s.place_slug from anon.booking b join anon.slot s on s.id = b.slot_id
				where b.code_id = c.id and anon.booking_counts_seat(b.status) order by b.starts_at limit 1) as first_place,
			(select count(*) from anon.booking b where b.code_id = c.id and anon.booking_counts_seat(b.status)) as used
		from anon.code c join portal.offer o on o.slug = c.offer_slug
		where only_codes is null or c.id = any(only_codes)
	),
	code_rows as (
		select c.municipality_slug, c.offer_slug, c.first_place as place_slug, portal.copenhagen_month(c.created_at) as month,
			1 as codes_issued,
			-- The whole allowance used: the youth gate's when it applies (as in the cap trigger, migration 003),
			-- else every phase's cap added up; an offer with an uncapped phase has no cap to reach.
			coalesce(case when jsonb_typeof(c.config -> 'youth') = 'object'
					and (c.age_band = 'under18' or (c.age_band is null and (c.config ->> 'minAge')::int < 18))
				then c.used >= (c.config -> 'youth' ->> 'anonymousMax')::int
					+ case when c.parental_consent then coalesce((c.config -> 'youth' ->> 'withConsentMax')::int, 0) else 0 end
				else not exists (select 1 from portal.offer_phase p where p.offer_slug = c.offer_slug and p.max_sessions is null)
					and c.used >= (select sum(p.max_sessions) from portal.offer_phase p where p.offer_slug = c.offer_slug)
			end, false)::int as caps_reached,
			(c.decision = 'granted')::int as decisions_granted,
			(c.decision = 'not_granted')::int as decisions_not_granted,
			c.parental_consent::int as consent_steps,
			-- Decided: the first session is booked, or the deadline passed without one.
			(c.guarantee_14_days and (c.first_at is not null or portal.guarantee_deadline(c.created_at) < now()))::int as guarantee_due,
			coalesce(c.guarantee_14_days and c.first_at <= portal.guarantee_deadline(c.created_at), false)::int as guarantee_met,
			0 as sessions_booked, 0 as sessions_attended, 0 as sessions_no_show, 0 as sessions_cancelled
		from codes c
	),
	session_rows as (
		select c.municipality_slug, c.offer_slug, s.place_slug, portal.copenhagen_month(b.starts_at) as month,
			0, 0, 0, 0, 0, 0, 0,
			(b.status = 'booked')::int, (b.status = 'attended')::int, (b.status = 'no_show')::int,
			(b.status in ('cancelled', 'cancelled_by_centre'))::int
		from codes c join anon.booking b on b.code_id = c.id join anon.slot s on s.id = b.slot_id
	)
	select municipality_slug, offer_slug, place_slug, month,
		sum(codes_issued)::int, sum(caps_reached)::int, sum(decisions_granted)::int, sum(decisions_not_granted)::int,
		sum(consent_steps)::int, sum(guarantee_due)::int, sum(guarantee_met)::int,
		sum(sessions_booked)::int, sum(sessions_attended)::int, sum(sessions_no_show)::int, sum(sessions_cancelled)::int
	from (select * from code_rows union all select * from session_rows) facts
	group by municipality_slug, offer_slug, place_slug, month
$$;

-- What the portal counts, live and folded together: the one source for the statistics and partner pages.
create view portal.stats_month as
	select municipality_slug, offer_slug, place_slug, month,
		sum(codes_issued)::int as codes_issued, sum(caps_reached)::int as caps_reached,
		sum(decisions_granted)::int as decisions_granted, sum(decisions_not_granted)::int as decisions_not_granted,
		sum(consent_steps)::int as consent_steps, sum(guarantee_due)::int as guarantee_due,
		sum(guarantee_met)::int as guarantee_met, sum(sessions_booked)::int as sessions_booked,
		sum(sessions_attended)::int as sessions_attended, sum(sessions_no_show)::int as sessions_no_show,
		sum(sessions_cancelled)::int as sessions_cancelled
	from (
		select * from portal.code_facts(null)
		union all
		select municipality_slug, offer_slug, place_slug, month, codes_issued, caps_reached, decisions_granted,
			decisions_not_granted, consent_steps, guarantee_due, guarantee_met, sessions_booked, sessions_attended,
			sessions_no_show, sessions_cancelled
		from portal.stats_folded
	) both_halves
	group by municipality_slug, offer_slug, place_slug, month;

-- A daily job runs once a day across all app instances: the instance whose UPDATE moves last_run to today
-- runs it; the others' UPDATE waits on the row lock, then finds nothing to claim. No timer has to be right.
create table portal.job_run (
	name text primary key,
	last_run date not null default '-infinity',
	finished_at timestamptz
);
insert into portal.job_run (name) values ('purge');
