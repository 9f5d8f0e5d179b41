-- Cards as the registry shows them (query.card), written by the card projection in the command's
-- transaction. No table here ever holds a full card number: only its masked form (6222 **** **** 1234),
-- which becomes 已删除 when the holder's personal data is erased.

-- One row per card; a member's latest card is its current one (a cancelled card stays, not current).
create table card_view (
    card_id                varchar(64) primary key,
    member_id              varchar(64) not null,
    union_id               varchar(64) not null,
    union_path             text        not null,
    batch_id               varchar(64) not null,
    run_id                 varchar(64),
    masked_number          varchar(32) not null,
    card_type              varchar(16) not null,
    state                  varchar(16) not null,
    branch                 text,
    issued_on              date        not null,
    handed_out_on          date,
    handed_out_by          varchar(64),
    activated_on           date,
    activation_channel     varchar(32),
    activation_branch      text,
    activated_by           varchar(64),
    cover_starts_on        date,
    cover_ends_on          date,
    qualification_declined boolean     not null default false,
    cancelled_on           date,
    cancel_reason          varchar(32),
    cancelled_by           varchar(64),
    is_current             boolean     not null,
    issued_at              timestamptz not null,
    version                bigint      not null,
    updated_at             timestamptz not null
);
create index card_view_member on card_view (member_id, issued_at);
create unique index card_view_current on card_view (member_id) where is_current;
create index card_view_batch on card_view (batch_id, member_id);
-- The insurer's list: covers started in a period.
create index card_view_cover on card_view (cover_starts_on) where cover_starts_on is not null;

-- Everything that happened to a card, in order: kind ISSUED, QUALIFICATION_DECLINED, HANDED_OUT, ACTIVATED,
-- NUMBER_CHANGED, CANCELLED, COVER_ENDED; the masked numbers of a change (old and new), the reason code, the
-- date the event states and the staff account that recorded it.
create table card_change_view (
    card_id         varchar(64) not null references card_view (card_id),
    seq             bigint      not null,
    member_id       varchar(64) not null,
    kind            varchar(32) not null,
    at              timestamptz not null,
    on_date         date,
    masked_number   varchar(32),
    previous_masked varchar(32),
    reason          varchar(32),
    recorded_by     varchar(64),
    primary key (card_id, seq)
);
create index card_change_view_member on card_change_view (member_id);

-- Each bank return tried for a batch, and every row's outcome (ids and an outcome code: no number, no name).
create table card_issuance_run_view (
    run_id      varchar(64) primary key,
    batch_id    varchar(64) not null,
    union_id    varchar(64) not null,
    union_path  text        not null,
    source      varchar(8)  not null,
    total       integer     not null,
    issued      integer     not null,
    refused     integer     not null,
    recorded_at timestamptz not null,
    recorded_by varchar(64)
);
create index card_issuance_run_view_batch on card_issuance_run_view (batch_id, recorded_at);

create table card_issuance_row_view (
    run_id    varchar(64) not null references card_issuance_run_view (run_id),
    row_no    integer     not null,
    member_id varchar(64),
    card_id   varchar(64),
    outcome   varchar(32) not null,
    primary key (run_id, row_no)
);

-- The member directory keeps the holder's insurance cover (query.member): started by an activation, ended
-- by a cancellation or a withdrawal.
alter table member_view add column cover_starts_on date;
alter table member_view add column cover_ends_on date;

-- The masked numbers are blanked on erasure; the erasure vacuum (privacy.RowRemnants) then removes the old
-- row versions, as for member_view (V11).
do $$
begin
    if current_setting('server_version_num')::int >= 170000 then
        execute 'grant maintain on card_view, card_change_view to ${appRole}';
    end if;
end $$;
