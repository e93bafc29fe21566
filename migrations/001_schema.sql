-- The portal's first schema.
-- Two schemas keep identified and anonymous data apart (SEL §101a stk. 7; DESIGN.md):
--   portal: configuration (municipalities, places, offers) and staff, who are identified employees;
--   anon:   codes, slots, bookings and code sessions. Nothing in anon holds a name, CPR number, contact
--           detail or IP address, and nothing in it points at an identified treatment record.

create extension if not exists btree_gist;

create schema portal;
create schema anon;

create table portal.municipality (
	slug text primary key,
	name text not null,
	phone text,
	retention_months integer not null check (retention_months between 1 and 120)
);

-- A place's address is the centre's, never a citizen's; null means "not given in the documents".
create table portal.place (
	slug text primary key,
	municipality_slug text not null references portal.municipality,
	name text not null,
	address text,
	phone text,
	outside_hours_by_agreement boolean not null default false
);

create table portal.offer (
	slug text primary key,
	municipality_slug text not null references portal.municipality,
	law text not null,
	audience text not null check (audience in ('self', 'relative')),
	guarantee_14_days boolean not null,
	-- The whole validated offer (src/lib/domain/model.ts), read back as configuration.
	config jsonb not null
);

create table portal.offer_phase (
	offer_slug text not null references portal.offer on delete cascade,
	phase text not null check (phase in ('clarifying', 'conversation', 'course', 'closing')),
	max_sessions integer check (max_sessions is null or max_sessions > 0),
	requires_decision boolean not null,
	seats integer not null check (seats > 0),
	minutes integer not null check (minutes > 0),
	primary key (offer_slug, phase)
);

create table portal.offer_provider (
	offer_slug text not null references portal.offer on delete cascade,
	place_slug text not null references portal.place,
	-- null: the documents do not give the hours (Brydehuset).
	hours jsonb,
	primary key (offer_slug, place_slug)
);

create table portal.staff (
	id uuid primary key default gen_random_uuid(),
	municipality_slug text not null references portal.municipality,
	username text not null unique,
	display_name text not null,
	password_hash text not null,
	role text not null check (role in ('counsellor', 'coordinator', 'partner')),
	totp_key bytea,
	totp_required boolean not null default false,
	created_at timestamptz not null default now()
);

create table portal.staff_place (
	staff_id uuid not null references portal.staff on delete cascade,
	place_slug text not null references portal.place,
	primary key (staff_id, place_slug)
);

-- Sessions as in Lucia's guide: only SHA-256 of the secret is kept.
create table portal.staff_session (
	id text primary key,
	staff_id uuid not null references portal.staff on delete cascade,
	secret_hash bytea not null,
	two_factor_verified boolean not null default false,
	created_at timestamptz not null default now(),
	last_used_at timestamptz not null default now()
);
create index on portal.staff_session (staff_id);

create table portal.audit (
	id bigint generated always as identity primary key,
	at timestamptz not null default now(),
	staff_id uuid references portal.staff on delete set null,
	municipality_slug text not null references portal.municipality,
	action text not null,
	-- The staff-facing alias only; never a code. Cleared when the code is deleted (issue 5).
	alias text,
	detail jsonb not null default '{}'
);
create index on portal.audit (municipality_slug, at desc);

-- A code holds no personal data: the lookup selector, an argon2id hash of the secret, an alias for staff,
-- and the few facts a rule needs (age band, §101a decision, parental consent).
create table anon.code (
	id uuid primary key default gen_random_uuid(),
	selector text not null unique,
	secret_hash text not null,
	alias text not null,
	offer_slug text not null references portal.offer,
	age_band text check (age_band in ('under18', '18to24', '25plus')),
	decision text not null default 'none' check (decision in ('none', 'pending', 'granted', 'not_granted')),
	parental_consent boolean not null default false,
	course_ended boolean not null default false,
	created_at timestamptz not null default now(),
	last_activity_at timestamptz not null default now()
);
create index on anon.code (offer_slug, created_at);

create table anon.slot (
	id uuid primary key default gen_random_uuid(),
	place_slug text not null references portal.place,
	offer_slug text not null references portal.offer,
	phase text not null,
	counsellor_id uuid references portal.staff on delete set null,
	series_id uuid,
	starts_at timestamptz not null,
	ends_at timestamptz not null,
	seats integer not null check (seats > 0),
	-- Maintained by the trigger below: the database, not the application, refuses an overbooking.
	booked integer not null default 0,
	outside_hours boolean not null default false,
	cancelled_at timestamptz,
	created_at timestamptz not null default now(),
	check (ends_at > starts_at),
	constraint slot_not_overbooked check (booked between 0 and seats),
	foreign key (offer_slug, phase) references portal.offer_phase (offer_slug, phase),
	-- A counsellor is never in two places at once.
	constraint slot_counsellor_no_overlap exclude using gist (
		counsellor_id with =, tstzrange(starts_at, ends_at) with &&
	) where (counsellor_id is not null and cancelled_at is null)
);
create index on anon.slot (offer_slug, starts_at) where cancelled_at is null;
create index on anon.slot (place_slug, starts_at);
create index on anon.slot (series_id) where series_id is not null;
-- Demo and generated open slots without a counsellor are unique per time, so seeding is idempotent.
create unique index slot_open_unique on anon.slot (offer_slug, place_slug, phase, starts_at)
	where counsellor_id is null and series_id is null;

create table anon.booking (
	id uuid primary key default gen_random_uuid(),
	code_id uuid not null references anon.code on delete cascade,
	slot_id uuid not null references anon.slot on delete cascade,
	phase text not null,
	-- Copied from the slot so cadence (per month, per week) is checked without a join.
	starts_at timestamptz not null,
	status text not null default 'booked'
		check (status in ('booked', 'attended', 'no_show', 'cancelled', 'cancelled_by_centre')),
	created_at timestamptz not null default now(),
	changed_at timestamptz not null default now()
);
-- A code holds at most one active booking per slot.
create unique index booking_one_per_code_and_slot on anon.booking (code_id, slot_id)
	where status in ('booked', 'attended', 'no_show');
create index on anon.booking (slot_id);
create index on anon.booking (code_id, starts_at);

create function anon.booking_counts_seat(status text) returns boolean
	language sql immutable as $$ select status in ('booked', 'attended', 'no_show') $$;

-- Keep slot.booked equal to the slot's seat-holding bookings. The update takes the slot's row lock, so
-- concurrent bookings of one slot queue here, and the check constraint refuses the one seat too many.
create function anon.booking_keep_seat_count() returns trigger language plpgsql as $$
begin
	if tg_op in ('UPDATE', 'DELETE') and anon.booking_counts_seat(old.status) then
		update anon.slot set booked = booked - 1 where id = old.slot_id;
	end if;
	if tg_op in ('INSERT', 'UPDATE') and anon.booking_counts_seat(new.status) then
		update anon.slot set booked = booked + 1 where id = new.slot_id;
	end if;
	return null;
end $$;

create trigger booking_keep_seat_count
	after insert or update of status, slot_id or delete on anon.booking
	for each row execute function anon.booking_keep_seat_count();

-- The phase cap as a last line of defence under the application's own check (DOMAIN.md: "a code gets past
-- its cap" must never happen). The code's row lock serialises one code's bookings.
create function anon.booking_within_phase_cap() returns trigger language plpgsql as $$
declare
	cap integer;
	used integer;
begin
	if not anon.booking_counts_seat(new.status) then
		return new;
	end if;
	perform 1 from anon.code where id = new.code_id for update;
	select p.max_sessions into cap
		from anon.code c join portal.offer_phase p on p.offer_slug = c.offer_slug and p.phase = new.phase
		where c.id = new.code_id;
	if cap is null then
		return new;
	end if;
	select count(*) into used from anon.booking
		where code_id = new.code_id and phase = new.phase and anon.booking_counts_seat(status) and id <> new.id;
	if used >= cap then
		raise exception 'phase cap reached' using errcode = 'P0001', constraint = 'booking_within_phase_cap';
	end if;
	return new;
end $$;

create trigger booking_within_phase_cap
	before insert or update of status on anon.booking
	for each row execute function anon.booking_within_phase_cap();

create table anon.code_session (
	id text primary key,
	code_id uuid not null references anon.code on delete cascade,
	secret_hash bytea not null,
	created_at timestamptz not null default now(),
	last_used_at timestamptz not null default now()
);
create index on anon.code_session (code_id);

-- Throttling state for code entry and staff login, shared by every app instance. The key is a SHA-256 of
-- the bucket (never an IP address or a code in clear).
create table portal.rate_limit (
	key bytea primary key,
	tokens double precision not null,
	updated_at timestamptz not null default now()
);
