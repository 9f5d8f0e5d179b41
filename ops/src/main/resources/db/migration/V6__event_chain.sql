-- The hash chain over the event store (see events/integrity/StoredEvent for the canonical form).
-- event_seal: the chain hash after each event, in global order; event_gap: global indexes that
-- were allocated but never committed (a rolled-back append), declared final by the sealer;
-- chain_checkpoint: Ed25519-signed (position, hash, time) statements.

create table event_seal (
    global_index     bigint       primary key,
    event_identifier varchar(255) not null unique,
    hash             bytea        not null,
    sealed_at        timestamptz  not null default now()
);

create table event_gap (
    global_index bigint      primary key,
    declared_at  timestamptz not null default now()
);

create table chain_checkpoint (
    position  bigint      primary key,
    hash      bytea       not null,
    signed_at timestamptz not null,
    signature bytea       not null,
    key_id    varchar(64) not null
);
