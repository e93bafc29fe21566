-- One owner for the offer's rules in the database (issue 10, point 1).
--
-- The cap trigger (migration 003) and the statistics (portal.code_facts, migration 020) read the youth gate out
-- of the offer's JSON by camelCase key (`config->'youth'->>'anonymousMax'`): renaming a field in
-- src/lib/domain/model.ts silently broke both. They now read typed columns, written only by writeOffer
-- (src/lib/server/catalogue/catalogue.ts) from the same Offer value the domain rules use, and one SQL function holds the
-- youth-gate rule for both. tests/db/offer-rules-agree.test.ts checks that the domain's and the database's
-- verdicts agree for random offers and histories.

alter table portal.offer
	add column min_age integer,
	add column youth_anonymous_max integer check (youth_anonymous_max >= 0),
	add column youth_with_consent_max integer check (youth_with_consent_max >= 0),
	add constraint offer_youth_gate_whole check ((youth_anonymous_max is null) = (youth_with_consent_max is null));

update portal.offer set
	min_age = (config ->> 'minAge')::int,
	youth_anonymous_max = case when jsonb_typeof(config -> 'youth') = 'object' then (config -> 'youth' ->> 'anonymousMax')::int end,
	youth_with_consent_max = case when jsonb_typeof(config -> 'youth') = 'object' then coalesce((config -> 'youth' ->> 'withConsentMax')::int, 0) end;

alter table portal.offer alter column min_age set not null;

-- The under-18 gate (src/lib/domain/sessions.ts youthGateApplies and youthAllowance): on an offer with a gate,
-- a code whose band is under 18 — or unknown on an offer open to under-18s — may have this many sessions in all;
-- null when the gate does not apply and the phase caps bound the sessions instead.
create function portal.youth_allowance(offer_slug text, age_band text, parental_consent boolean) returns integer
	language sql stable as $$
	select o.youth_anonymous_max + case when parental_consent then o.youth_with_consent_max else 0 end
	from portal.offer o
	where o.slug = youth_allowance.offer_slug and o.youth_anonymous_max is not null
		and (youth_allowance.age_band = 'under18' or (youth_allowance.age_band is null and o.min_age < 18))
$$;

create or replace function anon.booking_within_phase_cap() returns trigger language plpgsql as $$
declare
	c record;
	allowance integer;
	used integer;
begin
	if not anon.booking_counts_seat(new.status) then
		return new;
	end if;
	select code.offer_slug, code.age_band, code.parental_consent, p.max_sessions
	into c
	from anon.code code
	join portal.offer_phase p on p.offer_slug = code.offer_slug and p.phase = new.phase
	where code.id = new.code_id
	for update of code;

	allowance := portal.youth_allowance(c.offer_slug, c.age_band, c.parental_consent);
	if allowance is not null then
		-- Under 18 the gate replaces the phase cap and counts every session of the code.
		select count(*) into used from anon.booking
			where code_id = new.code_id and anon.booking_counts_seat(status) and id <> new.id;
	else
		allowance := c.max_sessions;
		if allowance is null then
			return new;
		end if;
		select count(*) into used from anon.booking
			where code_id = new.code_id and phase = new.phase and anon.booking_counts_seat(status) and id <> new.id;
	end if;

	if used >= allowance then
		raise exception 'phase cap reached' using errcode = 'P0001', constraint = 'booking_within_phase_cap';
	end if;
	return new;
end $$;

-- The statistics' "cap reached" uses the same function (was a copy of the trigger's JSON reading).
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
			(select count(*) from anon.booking b where b.code_id = c.id and anon.booking_counts_seat(b.status)) as used
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
