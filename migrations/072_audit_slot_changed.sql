-- Issue 13, point 2: a time's counsellor or start can be changed on its page, and that is audited as
-- 'slot_changed'. The action is added to whatever list the constraint holds now, so a migration of another branch
-- that adds actions of its own is kept, in either order.
do $$
declare
	def text;
begin
	select pg_get_constraintdef(oid) into def from pg_constraint
		where conname = 'audit_action_known' and conrelid = 'portal.audit'::regclass;
	if def not like '%''slot_changed''%' then
		execute 'alter table portal.audit drop constraint audit_action_known';
		execute 'alter table portal.audit add constraint audit_action_known '
			|| replace(def, 'ARRAY[', 'ARRAY[''slot_changed''::text, ');
	end if;
end $$;
