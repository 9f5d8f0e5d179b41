-- Cards (issue 13), command side. Every card number ever recorded, by a keyed hash (HMAC-SHA256 under a
-- key derived from the ID-number index key), never the number: a number is never used twice, also not
-- after a cancellation, a number change or an erasure, so rows are never deleted.
create table card_number_index (
    number_hash bytea       primary key,
    member_id   varchar(64) not null,
    card_id     varchar(64) not null
);

-- Each member's current card and where it stands (ISSUED, HANDED_OUT, ACTIVATED, CANCELLED): a member
-- holds at most one live card; after a cancellation a later issuance replaces the row.
create table card_holder (
    member_id varchar(64) primary key,
    card_id   varchar(64) not null,
    state     varchar(16) not null
);

-- A batch's hand-over to the bank (cards are issued only for such a batch). The review outcome in
-- batch_lookup.state stays as it was, since resubmission reads it; batches handed over before this
-- version are read back from their BatchHandedToBank events (ids only, stored in clear).
alter table batch_lookup add column handed_to_bank boolean not null default false;

update batch_lookup set handed_to_bank = true
where batch_id in (select aggregate_identifier from domain_event_entry
                   where payload_type = 'cn.unioncard.registry.events.batch.BatchHandedToBank');
