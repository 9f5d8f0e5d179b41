-- Run once, as a superuser, on the PostgreSQL the registry will use:
--   psql -v ON_ERROR_STOP=1 -v owner_password='…' -v app_password='…' -f external-database.sql postgres
-- registry_owner owns the database and runs the migrations at every start; registry_app is the
-- role the registry works as, and the migrations grant it what it needs (it may only append to the
-- event store). Neither may create roles or databases, and neither is a superuser.
create role registry_owner login password :'owner_password' nosuperuser nocreatedb nocreaterole;
create role registry_app login password :'app_password' nosuperuser nocreatedb nocreaterole;
create database registry owner registry_owner encoding 'UTF8' template template0;
revoke all on database registry from public;
grant connect on database registry to registry_app;
