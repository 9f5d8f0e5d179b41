-- After an erasure the registry vacuums the tables whose earlier row versions held the member's
-- key or data (VACUUM FULL data_key; VACUUM member_view, membership_lookup), so the destroyed key
-- leaves the table file at once. VACUUM needs ownership or, from PostgreSQL 17 on (the embedded
-- server), the MAINTAIN privilege; on older servers only autovacuum frees the space, later.
do $$
begin
    if current_setting('server_version_num')::int >= 170000 then
        execute 'grant maintain on member_view, data_key, membership_lookup to ${appRole}';
    end if;
end $$;
