-- Supabase's roles, schemas and grants, as the supabase/postgres image creates them, so that
-- migrations written for a Supabase project run here unchanged. Runs as the cluster's superuser
-- (supabase_admin) on every start; every statement is idempotent.

do $$
declare
  r text;
begin
  foreach r in array array['anon', 'authenticated', 'service_role'] loop
    if not exists (select 1 from pg_roles where rolname = r) then
      execute format('create role %I nologin noinherit', r);
    end if;
  end loop;
  if not exists (select 1 from pg_roles where rolname = 'authenticator') then
    create role authenticator login noinherit;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'supabase_auth_admin') then
    create role supabase_auth_admin login noinherit createrole;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'dashboard_user') then
    create role dashboard_user nologin createrole createdb replication;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'postgres') then
    create role postgres login createrole createdb bypassrls;
  end if;
end
$$;

-- The service role bypasses RLS, as on Supabase.
alter role service_role bypassrls;
-- On Supabase, `postgres` is not a superuser: migrations that need superuser fail there, so they fail here too.
-- (Unless DATABASE_URL connects as `postgres`, or `postgres` is the cluster's bootstrap superuser, which
-- cannot be demoted: the stack never demotes the role it runs as.)
do $$
begin
  if current_user <> 'postgres' and (select oid from pg_roles where rolname = 'postgres') <> 10 then
    alter role postgres nosuperuser;
  end if;
  alter role postgres createrole createdb bypassrls login;
end
$$;
alter role authenticator noinherit;
grant anon, authenticated, service_role to authenticator;
grant anon, authenticated, service_role to postgres;
grant supabase_auth_admin to postgres;

-- Short statement timeouts for API roles, as Supabase sets them.
alter role anon set statement_timeout = '3s';
alter role authenticated set statement_timeout = '8s';
alter role authenticator set statement_timeout = '8s';
alter role supabase_auth_admin set search_path = auth;
alter role supabase_auth_admin set idle_in_transaction_session_timeout = '60s';

-- `postgres` owns the database and so, through pg_database_owner, the public schema: as on Supabase,
-- migrations run as `postgres` and own what they create.
do $$ begin execute format('alter database %I owner to postgres', current_database()); end $$;

create schema if not exists extensions;
grant usage on schema extensions to postgres, anon, authenticated, service_role;
grant all on schema extensions to postgres with grant option;
create extension if not exists pgcrypto with schema extensions;
create extension if not exists "uuid-ossp" with schema extensions;

grant usage on schema public to postgres, anon, authenticated, service_role;
alter default privileges in schema public grant all on tables to postgres, anon, authenticated, service_role;
alter default privileges in schema public grant all on functions to postgres, anon, authenticated, service_role;
alter default privileges in schema public grant all on sequences to postgres, anon, authenticated, service_role;
alter default privileges for role postgres in schema public grant all on tables to postgres, anon, authenticated, service_role;
alter default privileges for role postgres in schema public grant all on functions to postgres, anon, authenticated, service_role;
alter default privileges for role postgres in schema public grant all on sequences to postgres, anon, authenticated, service_role;

-- pg_graphql's schema is exposed by default in config.toml; the stack has no pg_graphql, so it is empty.
create schema if not exists graphql_public;
grant usage on schema graphql_public to postgres, anon, authenticated, service_role;

-- GoTrue's schema, owned by the role GoTrue connects as.
create schema if not exists auth authorization supabase_auth_admin;
grant usage on schema auth to postgres, anon, authenticated, service_role, dashboard_user;
grant all on schema auth to postgres;

-- Where the Supabase CLI records applied migrations.
create schema if not exists supabase_migrations;
create table if not exists supabase_migrations.schema_migrations (
  version text primary key,
  statements text[],
  name text
);
alter table supabase_migrations.schema_migrations add column if not exists created_by text;
alter table supabase_migrations.schema_migrations add column if not exists idempotency_key text unique;
alter schema supabase_migrations owner to postgres;
alter table supabase_migrations.schema_migrations owner to postgres;
