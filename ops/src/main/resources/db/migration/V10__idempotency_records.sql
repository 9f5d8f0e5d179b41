-- Answers to commands sent with an Idempotency-Key (DESIGN.md §5), one per user and key, kept a day.
-- The answer is sealed under the master key (it may hold a one-time password); the fingerprint is an
-- HMAC (under a key derived from the master key) of the request's method, address, If-Match and
-- body, hex. A row is claimed before the command runs and answered in the same transaction.
create table idempotency_record (
    actor_user      varchar(64)  not null,
    idempotency_key varchar(128) not null,
    fingerprint     varchar(64)  not null,
    result          bytea,
    created_at      timestamptz  not null default now(),
    primary key (actor_user, idempotency_key)
);
create index idempotency_record_created on idempotency_record (created_at);
