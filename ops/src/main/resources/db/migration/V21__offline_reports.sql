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

-- Each imported .das file, by the SHA-256 of its manifest's exact bytes (the signed content: key id, payload
-- hash, createdAt), so a re-zipped copy of a file (another comment, entry time or compression: a new file
-- hash, the same valid signature) is the same report. Written in the transaction that starts its import job,
-- so a report is imported once even when two uploads race (the second waits on the key, then is refused).
-- A REFUSED report, or one whose job FAILED, is deleted by the next upload of it, in that upload's transaction.
create table offline_report (
    -- IMPORTING → SUBMITTING (the follow-up claimed it) → SUBMITTED / NONE_ACCEPTED / REFUSED
    manifest_sha256 char(64)    primary key,
    file_sha256     char(64)    not null,
    union_id        varchar(64) not null references union_lookup (union_id),
    key_id          varchar(64) not null,
    job_id          varchar(64) not null unique,
    batch_id        varchar(64) not null,
    imported_by     varchar(64) not null,
    imported_at     timestamptz not null,
    state           varchar(16) not null check (state in ('IMPORTING', 'SUBMITTING', 'SUBMITTED', 'NONE_ACCEPTED', 'REFUSED')),
    -- the follow-up run holding the report: each claim (IMPORTING → SUBMITTING, or a catch-up taking over a
    -- SUBMITTING one) sets a new token, conditionally on the one it read, so one run follows a report up
    claim           varchar(36),
    -- members left out (no authorisation recorded, not in the batch) because their row had no authorisedOn
    without_consent integer     not null default 0,
    problem         varchar(64)
);
create index offline_report_unfinished on offline_report (imported_at) where state in ('IMPORTING', 'SUBMITTING');
