-- The officers' console's lists: persons_summary, the persons list (one row per person the caller may
-- see, with the district's and state's names, never the identity number, only its masked form), and
-- the indexes its search needs. The console searches by name, phone or the masked identity number's
-- visible digits with substring matches (ilike '%...%'), which trigram indexes serve.
--
-- Row-level security still decides: the view is security_invoker, so an officer sees the persons of
-- their districts, a supervisor those of their state, an administrator everyone, and analysts and
-- agents no one. Listing is not a read of a person's record: opening one goes through
-- public.person_detail, which is audited.

create extension if not exists pg_trgm with schema extensions;

create index persons_full_name_trgm_idx on public.persons using gin (full_name extensions.gin_trgm_ops);
create index persons_phone_trgm_idx on public.persons using gin (phone extensions.gin_trgm_ops);
create index persons_identity_masked_trgm_idx on public.persons using gin (identity_masked extensions.gin_trgm_ops);
create index persons_status_since_idx on public.persons (status_since desc);

create view public.persons_summary with (security_invoker = on) as
select
  p.id,
  p.full_name,
  p.phone,
  p.identity_type,
  p.identity_masked,
  p.date_of_birth,
  p.gender,
  p.state_code,
  s.name_ms as state_name_ms,
  s.name_en as state_name_en,
  p.district_code,
  d.name as district_name,
  p.status,
  p.status_since,
  p.symptomatic,
  p.preferred_language,
  p.account_id is not null as has_account,
  exists (select 1 from public.dependents dp where dp.person_id = p.id) as is_dependent,
  p.created_at
from public.persons p
left join public.states s on s.code = p.state_code
left join public.districts d on d.code = p.district_code;

comment on view public.persons_summary is
  'The console''s persons list: who the caller may see (row-level security of persons), with district and state '
  'names, the masked identity number, status and whether the person has an account or is a dependent. Search: '
  'full_name, phone and identity_masked with ilike (trigram indexes). Opening a person goes through person_detail.';

revoke all on public.persons_summary from public, anon, authenticated, service_role;
grant select on public.persons_summary to authenticated, service_role;
