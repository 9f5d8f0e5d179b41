-- The import jobs as the query side shows them (query.imports), one row per job, written by a
-- subscribing projection in the transaction of each job event (a job is visible as soon as its
-- upload is answered). union_path is the job's union's path, copied as member_view copies it, so a
-- union's list and a scope check need no join.
create table import_job_view (
    job_id         text primary key,
    kind           text        not null,
    union_id       text        not null,
    union_path     text,
    uploader       text,
    file_name      text        not null,
    file_sha256    text        not null,
    size_bytes     bigint      not null,
    state          text        not null,
    total          integer     not null default 0,
    processed      integer     not null default 0,
    accepted       integer     not null default 0,
    rejected       integer     not null default 0,
    duplicates     integer     not null default 0,
    started_at     timestamptz not null,
    finished_at    timestamptz,
    failure_reason text
);
-- A union's jobs, newest first, paged.
create index import_job_view_union on import_job_view (union_id, started_at desc, job_id desc);

-- The members a job's rows became or duplicated, one row per processed chunk (row numbers, results and
-- member ids as parallel arrays): the members its report shows, recorded as read when the report is
-- downloaded. A row per chunk, not per sheet row: this is written in the import's own transactions,
-- where 100,000 single-row index inserts would cost seconds of the import.
create table import_member_row (
    job_id      text      not null,
    first_row   integer   not null,
    row_numbers integer[] not null,
    results     text[]    not null,
    member_ids  text[]    not null,
    primary key (job_id, first_row)
);
