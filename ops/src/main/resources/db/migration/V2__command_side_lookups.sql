-- Lookups the command side owns and writes in the same transaction as its events (DESIGN.md §4).

-- The union tree: scope checks and the city-wide unique system code.
create table union_lookup (
    union_id    varchar(64) primary key,
    parent_id   varchar(64) references union_lookup (union_id),
    level       varchar(16) not null check (level in ('CITY', 'DISTRICT', 'GRASSROOTS')),
    path        text        not null,
    system_code varchar(16) not null unique
);
create unique index union_lookup_single_city on union_lookup (level) where level = 'CITY';
create index union_lookup_path on union_lookup (path text_pattern_ops);

-- One counter per code prefix (districts; grassroots unions of each district).
create table union_code_sequence (
    sequence_key varchar(32) primary key,
    last_value   integer     not null
);

-- Password hashes stay out of events (an event is forever).
create table account_credential (
    username      varchar(64)  primary key,
    password_hash varchar(100) not null,
    changed_at    timestamptz  not null
);
