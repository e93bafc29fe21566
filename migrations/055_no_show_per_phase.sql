-- Whether a missed session (no_show) uses up one of its phase's sessions is per offer phase (issue 11, items 2
-- and 9). The sources are silent; the declared default lives in src/lib/domain/sessions.ts
-- (DEFAULT_NO_SHOW_USES_SESSION: not for counselling conversations and the §101a clarifying conversation, yes for a
-- course and its closing talk), and writeOffer writes each phase's resolved value here. Before this migration a
-- no-show always counted, so a person who missed the one §101a clarifying conversation could never book another.
-- tests/db/offer-rules-agree.test.ts holds this trigger and the domain's rule equal, no-shows included.

alter table portal.offer_phase add column no_show_uses_session boolean not null default true;
update portal.offer_phase set no_show_uses_session = false where phase in ('clarifying', 'conversation');

-- A booking uses a session of the code's offer: it holds a seat, and a no-show only where its phase says so.
create function portal.booking_uses_session(offer_slug text, phase text, status text) returns boolean
	language sql stable as $$
	select anon.booking_counts_seat(booking_uses_session.status)
		and (booking_uses_session.status <> 'no_show' or coalesce((
			select p.no_show_uses_session from portal.offer_phase p
			where p.offer_slug = booking_uses_session.offer_slug and p.phase = booking_uses_session.phase), true))
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

	-- A no-show that uses no session takes nothing from the cap.
	if not portal.booking_uses_session(c.offer_slug, new.phase, new.status) then
		return new;
	end if;

	allowance := portal.youth_allowance(c.offer_slug, c.age_band, c.parental_consent);
	if allowance is not null then
		-- Under 18 the gate replaces the phase cap and counts every session of the code.
		select count(*) into used from anon.booking
			where code_id = new.code_id and portal.booking_uses_session(c.offer_slug, phase, status) and id <> new.id;
	else
		allowance := c.max_sessions;
		if allowance is null then
			return new;
		end if;
		select count(*) into used from anon.booking
			where code_id = new.code_id and phase = new.phase and portal.booking_uses_session(c.offer_slug, phase, status) and id <> new.id;
	end if;

	if used >= allowance then
		raise exception 'phase cap reached' using errcode = 'P0001', constraint = 'booking_within_phase_cap';
	end if;
	return new;
end $$;
