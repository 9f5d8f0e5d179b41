-- Crypto-shredding. Every member's personal fields in events are encrypted under that member's own
-- data key; the keys live here, wrapped by the master key (data-master.key or REGISTRY_MASTER_KEY).
-- Erasure sets wrapped_key to null: the row stays, so that no key is ever made again for the member.
create table data_key (
    subject_id  varchar(64) primary key,
    wrapped_key bytea,
    created_at  timestamptz not null default now(),
    erased_at   timestamptz,
    constraint data_key_erased_means_no_key check ((wrapped_key is null) = (erased_at is not null))
);
revoke delete, truncate on data_key from ${appRole};

-- An erased member no longer blocks their ID number: the registry cannot tell who it was.
alter table membership_lookup alter column id_hash drop not null;

alter table member_view add column erased_at timestamptz;

-- The one-off re-encryption of events written before V8 (V9) re-hashes the chain it changes. What it
-- replaced is kept here: the old head, and the checkpoints signed over the old bytes.
create table chain_rebase (
    id              bigserial   primary key,
    rebased_at      timestamptz not null default now(),
    reason          text        not null,
    events_changed  bigint      not null,
    sealed_through  bigint,
    old_head_hash   bytea,
    new_head_hash   bytea
);
create table chain_checkpoint_superseded (
    rebase_id bigint      not null references chain_rebase (id),
    position  bigint      not null,
    hash      bytea       not null,
    signed_at timestamptz not null,
    signature bytea       not null,
    key_id    varchar(64) not null,
    primary key (rebase_id, position)
);
-- Written by the migration alone: the application may read them, nothing more.
revoke insert, update, delete, truncate on chain_rebase, chain_checkpoint_superseded from ${appRole};
