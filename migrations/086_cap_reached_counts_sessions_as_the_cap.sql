-- The statistics' "cap reached" counted every no-show as a used session, while the domain
-- (src/lib/domain/sessions.ts noShowUsesSession) and the cap trigger (migrations/055) count a no-show only where
-- its phase does: a person who missed one counselling conversation showed as "cap reached" though they could
-- still book their last one. code_facts now counts sessions with the trigger's own function,
-- portal.booking_uses_session, so the two cannot drift apart again (tests/db/operations.test.ts).
-- Codes already folded by the purge keep the count they were folded with: a fold stores totals, not sessions.

create or replace function portal.code_facts(only_codes uuid[]) returns table (
	municipality_slug text, offer_slug text, place_slug text, month date,
	codes_issued integer, caps_reached integer, decisions_granted integer, decisions_not_granted integer,
	consent_steps integer, guarantee_due integer, guarantee_met integer,
	sessions_booked integer, sessions_attended integer, sessions_no_show integer, sessions_cancelled integer
) language sql stable as $$
	with codes as (
		select c.*, o.municipality_slug, o.guarantee_14_days,
			portal.youth_allowance(c.offer_slug, c.age_band, c.parental_consent) as youth_allowance,
			(select b.starts_at from anon.booking b where b.code_id = c.id and anon.booking_counts_seat(b.status)
				order by b.starts_at limit 1) as first_at,
			(select s.place_slug from anon.booking b join anon.slot s on s.id = b.slot_id
				where b.code_id = c.id and anon.booking_counts_seat(b.status) order by b.starts_at limit 1) as first_place,
			-- Sessions used as the cap trigger counts them (migrations/055): a no-show only where its phase says so.
			(select count(*) from anon.booking b
				where b.code_id = c.id and portal.booking_uses_session(c.offer_slug, b.phase, b.status)) as used
		from anon.code c join portal.offer o on o.slug = c.offer_slug
		where only_codes is null or c.id = any(only_codes)
	),
	code_rows as (
		select c.municipality_slug, c.offer_slug, c.first_place as place_slug, portal.copenhagen_month(c.created_at) as month,
			1 as codes_issued,
			-- The whole allowance used: the youth gate's when it applies (as in the cap trigger), else every phase's
			-- cap added up; an offer with an uncapped phase has no cap to reach.
			coalesce(case when c.youth_allowance is not null
				then c.used >= c.youth_allowance
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
