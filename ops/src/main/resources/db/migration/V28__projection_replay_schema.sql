-- A projection's replay (ops.projections) rebuilds its tables in this schema while the registry keeps
-- serving from public: the rebuild's transactions set `search_path to projection_replay, public`, so
-- the projection's own statements land in the copies and what it reads of other projections comes from
-- public. The copies are the application role's (it creates and drops them); they are compared with
-- and written into public in one transaction, then dropped. Nothing else lives here.
create schema projection_replay;
grant usage, create on schema projection_replay to ${appRole};
