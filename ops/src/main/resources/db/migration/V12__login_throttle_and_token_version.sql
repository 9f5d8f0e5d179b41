-- Logins (README "Logins and lockout"). Failed attempts are counted in one table for every user
-- name typed, whether an account has it or not, so that an unknown name answers exactly like a
-- wrong password. Three kinds of row share it:
--   (user name, client address)  failures of that name from that address;
--   (user name, '*')             failures of that name from addresses that never logged in to it;
--   ('*', client address)        failures from that address, whatever the name.
-- '*' is neither a valid user name nor an address. Written in the command's transaction, whose
-- row locks make parallel attempts count one after the other. The name is never kept in clear
-- (people type passwords into the name field): `username` is an HMAC-SHA256 of it in hex, under a
-- key derived from the master key. Rows without a failure for a day whose lock is over are deleted
-- every ten minutes.
create table login_throttle (
    username       varchar(64)  not null,
    client_address varchar(64)  not null,
    failures       integer      not null,
    locked_until   timestamptz,
    last_failure   timestamptz  not null,
    primary key (username, client_address)
);
create index login_throttle_last_failure on login_throttle (last_failure);

-- Addresses from which an account has logged in: its owner is not locked out from these by
-- failures coming from elsewhere.
create table login_known_address (
    username       varchar(64)  not null,
    client_address varchar(64)  not null,
    last_success   timestamptz  not null,
    primary key (username, client_address)
);

-- Bumped (in the transaction of the event) by a password change; a bearer
-- token carries the version it was issued under and is refused once the account's has moved on.
alter table account_credential add column token_version bigint not null default 0;
