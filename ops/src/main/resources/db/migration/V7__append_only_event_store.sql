-- The application's role (${appRole}) reads and writes what it needs, but may only APPEND to the
-- event store and the chain: no UPDATE, DELETE or TRUNCATE there. Triggers refuse those too, so
-- even a role granted them by mistake fails; only a superuser (who can disable triggers) could
-- tamper, and the hash chain and the signed checkpoints then show where.

grant usage on schema public to ${appRole};
grant select, insert, update, delete on all tables in schema public to ${appRole};
grant usage, select on all sequences in schema public to ${appRole};
alter default privileges in schema public grant select, insert, update, delete on tables to ${appRole};
alter default privileges in schema public grant usage, select on sequences to ${appRole};

revoke update, delete, truncate on domain_event_entry, event_seal, event_gap, chain_checkpoint from ${appRole};

create function refuse_event_store_change() returns trigger language plpgsql as $$
begin
    raise exception 'the event store is append-only: % on % is not allowed', tg_op, tg_table_name
        using errcode = 'insufficient_privilege';
end $$;

create trigger domain_event_entry_append_only before update or delete on domain_event_entry
    for each row execute function refuse_event_store_change();
create trigger domain_event_entry_no_truncate before truncate on domain_event_entry
    for each statement execute function refuse_event_store_change();
create trigger event_seal_append_only before update or delete on event_seal
    for each row execute function refuse_event_store_change();
create trigger event_seal_no_truncate before truncate on event_seal
    for each statement execute function refuse_event_store_change();
