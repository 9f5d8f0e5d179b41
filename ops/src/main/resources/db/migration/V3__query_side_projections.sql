-- Projections of the query side.

create table union_view (
    id            varchar(64)  primary key,
    parent_id     varchar(64),
    level         varchar(16)  not null,
    system_code   varchar(16),
    name          varchar(200) not null,
    path          text         not null,
    profile       jsonb        not null,
    version       bigint       not null,
    registered_at timestamptz  not null,
    updated_at    timestamptz  not null
);
create index union_view_parent on union_view (parent_id);
create index union_view_path on union_view (path text_pattern_ops);
create index union_view_system_code on union_view (system_code);

create table account_view (
    username                 varchar(64) primary key,
    display_name             varchar(200),
    role                     varchar(32) not null,
    organisation_id          varchar(64) not null,
    password_change_required boolean     not null,
    created_at               timestamptz not null,
    last_login_at            timestamptz,
    locked_until             timestamptz
);
create index account_view_organisation on account_view (organisation_id);
