-- Live statistics (query.statistics), written by the statistics projection in the command's transaction.

-- The union tree as the statistics see it: each union's path of ids (/root/…/self/) and, for a grassroots
-- union, its 附件2 figures (the latest profile wins), so a profile change can take back the old figures.
create table statistics_union (
    union_id           varchar(64) primary key,
    parent_id          varchar(64),
    level              varchar(16) not null,
    name               text,
    path               text        not null,
    staff              integer     not null default 0,
    members            integer     not null default 0,
    migrant_workers    integer     not null default 0,
    dispatched_workers integer     not null default 0,
    insured            integer     not null default 0
);
create index statistics_union_parent on statistics_union (parent_id);

-- Each member's current facts: only codes, flags, states and what the ID number says of sex and birth year
-- (nothing else personal; both are cleared at an erasure). A change of facts moves the member's cells in
-- statistics_count.
create table statistics_member (
    member_id        varchar(64) primary key,
    union_id         varchar(64) not null,
    status           varchar(16) not null,
    consent          boolean     not null,
    batch_id         varchar(64),
    batch_stage      smallint    not null,
    card_id          varchar(64),
    card_state       varchar(16),
    card_reach       smallint    not null,
    card_type        varchar(16),
    declined         boolean     not null,
    applied          varchar(8),
    education        varchar(8),
    occupation       varchar(8),
    political_status varchar(8),
    ethnic_group     varchar(8),
    id_type          varchar(8),
    sex              varchar(8),
    birth_year       smallint,
    rural            boolean     not null,
    dispatch         boolean     not null,
    contract         boolean     not null
);
create index statistics_member_batch on statistics_member (batch_id) where batch_id is not null;
create index statistics_member_card on statistics_member (card_id) where card_id is not null;

-- Counts per union (its whole subtree) and cell ("funnel.issued", "education.21", "born.1985"…), spread over
-- slots so that concurrent transactions seldom wait on the city's rows; a figure is the sum of its slots.
-- A union's answer reads its children's rows and its own: a few thousand rows, whatever the member count.
create table statistics_count (
    union_id varchar(64) not null,
    cell     varchar(64) not null,
    slot     smallint    not null,
    n        bigint      not null,
    primary key (union_id, cell, slot)
);

-- An erasure clears sex and birth year; the erasure vacuum (privacy.RowRemnants) then removes the old row
-- versions, as for member_view (V11).
do $$
begin
    if current_setting('server_version_num')::int >= 170000 then
        execute 'grant maintain on statistics_member to ${appRole}';
    end if;
end $$;
