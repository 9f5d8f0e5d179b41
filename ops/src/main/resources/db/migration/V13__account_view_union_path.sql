-- The account directory keeps the path of the account's union (as member_view does), so that it
-- answers "accounts in this subtree" from its own table instead of joining the union directory.
-- Union paths never change (a union does not move), so the copy cannot go stale.
alter table account_view add column union_path text;
update account_view a set union_path = u.path from union_view u where u.id = a.organisation_id;
create index account_view_union_path on account_view (union_path text_pattern_ops);
