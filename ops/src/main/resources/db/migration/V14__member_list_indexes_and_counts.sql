-- The member list (GET /api/unions/{unionId}/members) reads a union's members in (name, id) order,
-- optionally of one status, optionally matching a name fragment or the last digits of the ID number.
-- These indexes hold that order and the columns the list filters on, so a page is an index walk
-- that stops at its last row and reads only that page's rows: no sort of the whole union, no read of
-- `details`. The ID number and mobile stay out of them: an erasure blanks them in the row, and
-- copies in index pages would outlive it.
create index member_view_list on member_view (union_id, name, id)
    include (status, id_tail, authorised, version);
create index member_view_list_status on member_view (union_id, status, name, id)
    include (id_tail, authorised, version);
-- The last digits of the ID number: the list asks reverse(id_tail) like reverse(digits) || '%'
-- (the same as id_tail like '%' || digits), a prefix a btree finds without walking the union.
create index member_view_tail on member_view (union_id, reverse(id_tail) text_pattern_ops);
-- (union_id, status) is a prefix of member_view_list_status.
drop index member_view_union;

-- Members per union and status, kept by the member directory in the transaction that changes a
-- member (query.member.MemberCounts), so the list's total is read from a few rows instead of
-- counting the union. A count is spread over a few slots (chosen by member id) so that concurrent
-- registrations in one union do not all wait for one row; the total is the sum of the slots.
create table member_count (
    union_id varchar(64) not null,
    status   varchar(16) not null,
    slot     smallint    not null,
    members  bigint      not null,
    primary key (union_id, status, slot)
);
insert into member_count (union_id, status, slot, members)
select union_id, status, 0, count(*) from member_view group by union_id, status;
