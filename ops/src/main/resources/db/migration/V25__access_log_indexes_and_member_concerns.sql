-- The access log for the data-protection officer (issue 14): every filter of GET /api/audit/access-log
-- is an index scan in the list's own order (newest first: accessed_at desc, access_id, member_id), so a
-- page stops after its rows. By member: member_access_member (V5), walked backward. By union: the
-- members under the union's path (member_view_path, V5), then member_access_member for each.
create index member_access_newest on member_access (accessed_at desc, access_id, member_id);
create index member_access_actor on member_access (actor_user, accessed_at desc, access_id, member_id);
create index member_access_revealed on member_access (accessed_at desc, access_id, member_id) where revealed;

-- Which other aggregates concern a member (their cards, the batches that named them, the bank returns'
-- runs and the import jobs whose rows became them), so that the member's access report reads those
-- aggregates' events. Only ids: nothing here is erased with the member.
create table member_concern (
    member_id      varchar(64) not null,
    aggregate_id   varchar(64) not null,
    primary key (member_id, aggregate_id)
);
