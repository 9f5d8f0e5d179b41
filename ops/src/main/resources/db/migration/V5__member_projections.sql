-- Query-side projections of members and of recorded reads of their data.

create table member_view (
    id             varchar(64)  primary key,
    union_id       varchar(64)  not null,
    union_path     text         not null,
    status         varchar(16)  not null,
    name           varchar(100) not null,
    id_number      varchar(32)  not null,
    id_tail        varchar(4)   not null,
    mobile         varchar(20),
    details        jsonb        not null,
    authorised     boolean      not null,
    authorised_on  date,
    version        bigint       not null,
    registered_at  timestamptz  not null,
    updated_at     timestamptz  not null
);
create index member_view_union on member_view (union_id, status);
create index member_view_path on member_view (union_path text_pattern_ops);

create table member_access (
    access_id          varchar(64) not null,
    member_id          varchar(64) not null,
    accessed_at        timestamptz not null,
    actor_user         varchar(64),
    actor_role         varchar(32),
    actor_organisation varchar(64),
    client_address     varchar(64),
    correlation_id     varchar(64),
    fields             text        not null,
    revealed           boolean     not null,
    purpose            text,
    endpoint           text,
    primary key (access_id, member_id)
);
create index member_access_member on member_access (member_id, accessed_at);
