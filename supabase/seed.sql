-- Synthetic demo data for local development (no real people). Runs once on a fresh database and on
-- `npm run stack -- reset`. The domain's demo data arrives with the schema.
select 1;
