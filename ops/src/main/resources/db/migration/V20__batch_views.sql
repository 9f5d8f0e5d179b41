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

-- The batch list (GET /api/batches) reads oldest waiting first, (submitted_at, batch_id), for a
-- reviewer's subtree (union_path prefix, checked on each entry of the walk: a subtree is not a range
-- of that order), optionally of one status and a submission window; or a union's own batches.
-- Each filter is the index's leading column and the sort its next ones, so a page is an index walk
-- that stops at its last row: no sort of all batches.
create index batch_view_waiting on batch_view (status, submitted_at, batch_id) include (union_path);
create index batch_view_submitted on batch_view (submitted_at, batch_id) include (union_path, status);
create index batch_view_union on batch_view (union_id, submitted_at, batch_id) include (status);
-- A batch's members page in member id order: the primary key (batch_id, member_id) holds that order;
-- no name is kept here, so an erasure has nothing to blank but the reviewer's reason.
-- "Is this member in another open or approved batch": batch_member_view_member (above).

-- A reviewer's reason about a member (returned_reason) is blanked when the member is erased; the
-- erasure vacuum (privacy.RowRemnants) then removes the old row versions, as for member_view (V11).
do $$
begin
    if current_setting('server_version_num')::int >= 170000 then
        execute 'grant maintain on batch_member_view to ${appRole}';
    end if;
end $$;
