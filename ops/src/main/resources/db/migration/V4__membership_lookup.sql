-- One active membership per person city-wide. id_hash is HMAC-SHA256 of the normalised ID
-- number under a key in the data directory: the lookup never holds the number itself.
create table membership_lookup (
    member_id varchar(64) primary key,
    id_hash   bytea       not null,
    union_id  varchar(64) not null references union_lookup (union_id),
    active    boolean     not null
);
create unique index membership_lookup_one_active on membership_lookup (id_hash) where active;
create index membership_lookup_union on membership_lookup (union_id);
