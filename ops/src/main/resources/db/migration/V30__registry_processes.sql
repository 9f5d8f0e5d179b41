-- The registry processes sharing this database, each with a heartbeat (ops.scaleout): a process spreads the
-- streaming projections' segments over those alive. node_id is the process's token owner in token_entry.
create table registry_process (
    node_id    varchar(255) primary key,
    started_at timestamptz  not null,
    seen_at    timestamptz  not null,
    -- the streaming processors running in the process, comma-separated: a segment is only released to a
    -- process that runs its processor
    groups     text         not null default ''
);
