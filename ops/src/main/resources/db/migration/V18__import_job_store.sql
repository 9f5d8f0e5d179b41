-- The store (one per data directory) that holds a job's upload: only the instance with that store runs
-- the job, so a second instance on the same database never fails it for a file it cannot see.
-- Jobs queued before this version were all in the one store there was: null means any.
alter table import_job add column store_id varchar(64);
