-- Least privilege, for what the earlier migrations could not say table by table.
--
-- Postgres lets everyone execute a new function unless told otherwise. Nothing in `private` is for
-- everyone: the helpers that policies and the API need were granted by name in their own migrations;
-- everything else (reclassify, the purge, the outbox) runs only as its owner or for the roles named.
-- The schema lint fails on any private function this leaves executable by everyone.

revoke execute on all functions in schema private from public;

-- Supabase's default privileges give the API roles every privilege on new tables, TRUNCATE included,
-- and TRUNCATE ignores row level security. PostgREST never issues it, but a leaked connection string
-- for those roles must not empty a table either.
revoke truncate on all tables in schema public from anon, authenticated;
alter default privileges in schema public revoke truncate on tables from anon, authenticated;
