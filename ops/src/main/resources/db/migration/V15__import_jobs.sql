-- Import jobs the runner has to finish (command side, written in the same transaction as the job's
-- events): after a restart it resumes every QUEUED or RUNNING job from its committed row, acting for
-- the uploader whose actor metadata is kept here (never personal data: a username, role, union, address).
create table import_job (
    job_id          varchar(64) primary key,
    kind            varchar(16) not null check (kind in ('MEMBERS', 'UNIONS')),
    union_id        varchar(64) not null references union_lookup (union_id),
    actor           text        not null,
    state           varchar(16) not null check (state in ('QUEUED', 'RUNNING', 'DONE', 'FAILED')),
    processed_through integer   not null default 0,
    started_at      timestamptz not null
);
create index import_job_unfinished on import_job (started_at) where state in ('QUEUED', 'RUNNING');
