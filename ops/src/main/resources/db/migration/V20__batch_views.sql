-- Batches as reviewers and unions list them, and each batch's members (query.batch).
-- Written by the batch projection; the card application list reads the same rows.
create table batch_view (
    batch_id              varchar(64) primary key,
    union_id              varchar(64) not null,
    union_path            text        not null,
    status                varchar(16) not null,
    member_count          integer     not null,
    approved_count        integer,
    debit_credit_count    integer     not null,
    erased_count          integer     not null default 0,
    erased_after_handover integer     not null default 0,
    content_hash          char(64)    not null,
    replaces              varchar(64),
    replaced_by           varchar(64),
    submitted_at          timestamptz not null,
    submitted_by          varchar(64) not null,
    on_behalf             boolean     not null,
    reviewed_at           timestamptz,
    reviewed_by           varchar(64),
    reviewer_union_id     varchar(64),
    rejection_reason      text,
    handed_over_on        date,
    bank_branch           text,
    carried_by            text,
    version               bigint      not null,
    updated_at            timestamptz not null
);

-- state: SUBMITTED, APPROVED, RETURNED (excluded or rejected, with the reviewer's reason), ERASED.
create table batch_member_view (
    batch_id          varchar(64) not null references batch_view (batch_id),
    member_id         varchar(64) not null,
    submitted_version bigint      not null,
    debit_credit      boolean     not null,
    state             varchar(16) not null,
    returned_reason   text,
    primary key (batch_id, member_id)
);
create index batch_member_view_member on batch_member_view (member_id);
