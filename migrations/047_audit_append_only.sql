-- The audit trail is append-only for the application (outside review of issue 9: the app role could UPDATE and
-- DELETE portal.audit, so whoever held the app's login could erase the record of a password or TOTP reset).
-- The only change the portal ever makes to a row is to forget: the daily job clears the alias (and booking ids in
-- `detail`) of a deleted code, and a deleted staff member's id becomes null. Anything else, and any DELETE, is
-- refused here; migrate.ts also revokes DELETE and TRUNCATE on the table from the application role.
create function portal.audit_append_only() returns trigger language plpgsql as $$
begin
	if tg_op = 'DELETE' then
		raise exception 'the audit trail is append-only' using errcode = 'P0001', constraint = 'audit_append_only';
	end if;
	if new.id is distinct from old.id or new.at is distinct from old.at or new.action is distinct from old.action
		or new.municipality_slug is distinct from old.municipality_slug
		or (new.staff_id is distinct from old.staff_id and new.staff_id is not null)
		or (new.alias is distinct from old.alias and new.alias is not null)
		or not (new.detail <@ old.detail) then
		raise exception 'an audit row can only forget, not change' using errcode = 'P0001', constraint = 'audit_append_only';
	end if;
	return new;
end $$;

create trigger audit_append_only before update or delete on portal.audit
	for each row execute function portal.audit_append_only();
