-- Batches (issue 12), command side. A member can be submitted only with a recorded authorisation
-- (授权单位代申领工会卡): the lookup keeps its date, set by RecordAuthorisation in its own
-- transaction (imports never authorise). Members authorised before this version are read back
-- from their MemberAuthorisationRecorded events (the date is not personal: it is stored in clear).
alter table membership_lookup add column authorised_on date;

update membership_lookup l set authorised_on = a.received_on
from (select aggregate_identifier as member_id,
             max((convert_from(payload, 'UTF8')::jsonb ->> 'receivedOn')::date) as received_on
      from domain_event_entry
      where payload_type = 'cn.unioncard.registry.events.member.MemberAuthorisationRecorded'
        and jsonb_typeof(convert_from(payload, 'UTF8')::jsonb -> 'receivedOn') = 'string'
      group by aggregate_identifier) a
where l.member_id = a.member_id;

-- Which batch holds a member (command.batch). state: OPEN (submitted), APPROVED (approved or handed
-- to the bank), FREED (rejected, excluded, erased or replaced: kept for the record). At most one
-- open-or-approved row per member: two concurrent submissions of one member cannot both commit.
create table batch_membership (
    member_id varchar(64) not null,
    batch_id  varchar(64) not null,
    state     varchar(16) not null,
    primary key (batch_id, member_id)
);
create unique index batch_membership_one_held on batch_membership (member_id) where state <> 'FREED';

-- A batch's union, the outcome of its review (SUBMITTED, APPROVED, PARTLY_APPROVED, REJECTED; a hand-over
-- does not change it) and the batch that resubmitted it, for the rules of review and resubmission.
create table batch_lookup (
    batch_id     varchar(64) primary key,
    union_id     varchar(64) not null references union_lookup (union_id),
    state        varchar(16) not null,
    replaced_by  varchar(64)
);
create unique index batch_lookup_replaced_once on batch_lookup (replaced_by) where replaced_by is not null;
