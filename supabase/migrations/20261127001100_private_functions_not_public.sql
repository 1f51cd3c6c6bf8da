-- Postgres lets everyone execute a new function unless told otherwise. Nothing in `private` is for
-- everyone: the helpers that policies and the API need were granted by name in their own migrations;
-- everything else (reclassify, the purge, the outbox) runs only as its owner or for the roles named.
-- The schema lint fails on any private function this leaves executable by everyone.

revoke execute on all functions in schema private from public;
