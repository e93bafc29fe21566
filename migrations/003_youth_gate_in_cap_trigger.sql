-- The cap trigger mirrors the domain rule (src/lib/domain/sessions.ts): under 18, the youth gate replaces the
-- phase cap — the anonymous sessions, and the further ones only once parental consent is recorded (001, 003).
-- Without this, the database would refuse the sessions that a recorded consent unlocks.
create or replace function anon.booking_within_phase_cap() returns trigger language plpgsql as $$
declare
	c record;
	cap integer;
	used integer;
begin
	if not anon.booking_counts_seat(new.status) then
		return new;
	end if;
	select code.age_band, code.parental_consent, o.config -> 'youth' as youth, (o.config ->> 'minAge')::int as min_age,
		p.max_sessions
	into c
	from anon.code code
	join portal.offer o on o.slug = code.offer_slug
	join portal.offer_phase p on p.offer_slug = code.offer_slug and p.phase = new.phase
	where code.id = new.code_id
	for update of code;

	if c.youth is not null and jsonb_typeof(c.youth) = 'object'
		and (c.age_band = 'under18' or (c.age_band is null and c.min_age < 18)) then
		cap := (c.youth ->> 'anonymousMax')::int
			+ case when c.parental_consent then coalesce((c.youth ->> 'withConsentMax')::int, 0) else 0 end;
		select count(*) into used from anon.booking
			where code_id = new.code_id and anon.booking_counts_seat(status) and id <> new.id;
	else
		cap := c.max_sessions;
		if cap is null then
			return new;
		end if;
		select count(*) into used from anon.booking
			where code_id = new.code_id and phase = new.phase and anon.booking_counts_seat(status) and id <> new.id;
	end if;

	if used >= cap then
		raise exception 'phase cap reached' using errcode = 'P0001', constraint = 'booking_within_phase_cap';
	end if;
	return new;
end $$;
