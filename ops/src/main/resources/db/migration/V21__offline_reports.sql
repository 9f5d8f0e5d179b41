-- Offline report keys (command.das): the public half of each key issued to a grassroots union, written in
-- the transaction of its OfflineKeyIssued / OfflineKeyRevoked event. The private key is never stored.
create table offline_key (
    key_id      varchar(64) primary key,
    union_id    varchar(64) not null references union_lookup (union_id),
    public_key  text        not null,
    issued_at   timestamptz not null,
    issued_by   varchar(64) not null,
    revoked_at  timestamptz,
    replaced_by varchar(64)
);
create index offline_key_union on offline_key (union_id, issued_at);

-- Each imported .das file, by its SHA-256: written in the transaction that starts its import job, so a
-- file is imported once even when two uploads race (the second waits on the key, then is refused).
create table offline_report (
    -- IMPORTING → SUBMITTING (the follow-up claimed it) → SUBMITTED / NONE_ACCEPTED / REFUSED
    file_sha256 char(64)    primary key,
    union_id    varchar(64) not null references union_lookup (union_id),
    key_id      varchar(64) not null,
    job_id      varchar(64) not null unique,
    batch_id    varchar(64) not null,
    imported_by varchar(64) not null,
    imported_at timestamptz not null,
    state       varchar(16) not null check (state in ('IMPORTING', 'SUBMITTING', 'SUBMITTED', 'NONE_ACCEPTED', 'REFUSED')),
    problem     varchar(64)
);
create index offline_report_unfinished on offline_report (imported_at) where state in ('IMPORTING', 'SUBMITTING');
