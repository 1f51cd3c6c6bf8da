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

-- ======================================================================================================
-- Tracing work in the console (cases, contacts, imports, line lists, lab results)
-- ======================================================================================================
-- The lists below are the officers' working views: security_invoker (row-level security of cases,
-- contacts, persons and lab_results decides the rows) and, like monitoring_summary, for staff only:
-- members of the public follow their own records through person_status and the SDK.

-- The cases list: one row per case the caller may see, with its person as the caller may see them
-- (a case handled elsewhere may name a person outside the officer's districts: then no name), its
-- district's name and how many of its contacts are still monitored.
create view public.cases_summary with (security_invoker = on) as
select
  c.id,
  c.case_number,
  c.person_id,
  p.full_name,
  p.identity_masked,
  p.phone,
  p.status as person_status,
  c.diagnosis_date,
  c.source,
  c.status,
  c.close_reason,
  c.outbreak_id,
  o.code as outbreak_code,
  c.district_code,
  d.name as district_name,
  d.state_code,
  c.handled_by,
  c.handled_by = (select auth.uid()) as handled_by_me,
  (select count(*) from public.contacts ct where ct.case_id = c.id)::integer as contact_count,
  (select count(*) from public.contacts ct join public.monitoring m on m.contact_id = ct.id
    where ct.case_id = c.id and m.state = 'active')::integer as monitored_count,
  c.created_at,
  c.closed_at
from public.cases c
left join public.persons p on p.id = c.person_id
left join public.outbreaks o on o.id = c.outbreak_id
left join public.districts d on d.code = c.district_code
where (select private.staff_role()) is not null or (select auth.role()) = 'service_role';
comment on view public.cases_summary is
  'The console''s cases list: the cases the caller may see (row-level security of cases), with the person''s name and '
  'masked identity number where the caller may see the person, the district''s name, and counts of contacts and of '
  'contacts still monitored. Staff only.';
revoke all on public.cases_summary from public, anon, authenticated, service_role;
grant select on public.cases_summary to authenticated, service_role;

-- A case's contacts (and every exposure the caller may see): the person as the caller may see them,
-- whether they have an account yet (a pending person becomes linked when they register), and their
-- monitoring period.
create view public.contacts_summary with (security_invoker = on) as
select
  ct.id,
  ct.case_id,
  c.case_number,
  ct.person_id,
  p.full_name,
  p.phone,
  p.identity_masked,
  p.district_code,
  p.status,
  p.symptomatic,
  p.account_id is not null as has_account,
  ct.proximity,
  ct.setting,
  ct.last_exposure_date,
  m.id as monitoring_id,
  m.state as monitoring_state,
  m.ends_on as monitoring_ends_on,
  m.last_report_at,
  ct.created_at
from public.contacts ct
left join public.cases c on c.id = ct.case_id
left join public.persons p on p.id = ct.person_id
left join public.monitoring m on m.contact_id = ct.id
where (select private.staff_role()) is not null or (select auth.role()) = 'service_role';
comment on view public.contacts_summary is
  'The console''s contacts: each exposure the caller may see, with the person (name, phone, masked identity number, '
  'status, whether they have an account: a pending person is linked when they register) and their monitoring. Staff only.';
revoke all on public.contacts_summary from public, anon, authenticated, service_role;
grant select on public.contacts_summary to authenticated, service_role;

-- Lab results with their person, for the console's list.
create view public.lab_results_summary with (security_invoker = on) as
select
  r.id,
  r.person_id,
  p.full_name,
  p.identity_masked,
  p.status,
  p.district_code,
  r.test_type,
  r.result,
  r.sampled_on,
  r.laboratory,
  r.created_at
from public.lab_results r
left join public.persons p on p.id = r.person_id
where (select private.staff_role()) is not null or (select auth.role()) = 'service_role';
comment on view public.lab_results_summary is
  'The console''s lab results: the results the caller may see (row-level security of lab_results) with the person''s '
  'name, masked identity number and current status. Staff only.';
revoke all on public.lab_results_summary from public, anon, authenticated, service_role;
grant select on public.lab_results_summary to authenticated, service_role;

-- A dry run of import_contacts: the same function, the same rules, run and then rolled back (a
-- subtransaction undone by an exception of our own), so an officer sees every row's outcome before
-- anything is written, and the console never re-implements the rules. Ids of rows that would be
-- inserted are left out: they would name persons and contacts that do not exist.
create function public.preview_contact_import(case_id uuid, rows jsonb) returns jsonb
language plpgsql security invoker set search_path = ''
as $$
declare
  report jsonb;
begin
  begin
    report := public.import_contacts(case_id, rows);
    raise exception 'dry run' using errcode = 'SJDRY';
  exception when sqlstate 'SJDRY' then
    null;
  end;
  return jsonb_set(report, '{rows}', coalesce((
    select jsonb_agg(case when r ->> 'outcome' = 'inserted'
                          then r || '{"person_id": null, "contact_id": null}'::jsonb
                          else r end order by (r ->> 'row_number')::integer)
    from jsonb_array_elements(report -> 'rows') r), '[]'::jsonb))
    || '{"dry_run": true}'::jsonb;
end
$$;
comment on function public.preview_contact_import(uuid, jsonb) is
  'What import_contacts would do with these rows, without doing it: the same report ({inserted, matched, already_listed, '
  'rejected, rows}), every row judged by the same rules, then rolled back. Rows that would be inserted carry no ids.';
revoke all on function public.preview_contact_import(uuid, jsonb) from public, anon;
grant execute on function public.preview_contact_import(uuid, jsonb) to authenticated;

-- The add-contact form's live preview: whether the phone or identity document typed so far would match
-- an existing person, judged by import_contacts' own rules (a dry run of one row: document by its keyed
-- hash, else a verified phone or a pending person's). The person is described only as far as the caller
-- may see them (persons_summary, row-level security); a match outside their reach is said to exist,
-- without a name, as adding the contact would find it anyway.
create function public.match_contact(
  case_id uuid,
  phone text default null,
  identity_type text default null,
  identity_number text default null,
  nationality text default null,
  full_name text default null
) returns jsonb
language plpgsql security invoker set search_path = ''
as $$
declare
  row_ jsonb;
  person public.persons_summary;
begin
  if nullif(trim(phone), '') is null and nullif(trim(identity_number), '') is null then
    return jsonb_build_object('outcome', null, 'reason', null, 'person', null);
  end if;
  -- A name and a date the officer may not have typed yet: they do not take part in matching.
  row_ := public.preview_contact_import(case_id, jsonb_build_array(jsonb_build_object(
    'full_name', coalesce(nullif(trim(full_name), ''), 'Contact'),
    'phone', phone, 'identity_type', identity_type, 'identity_number', identity_number,
    'nationality', nationality, 'last_exposure_date', private.today()::text))) -> 'rows' -> 0;
  if row_ ->> 'person_id' is not null then
    select * into person from public.persons_summary s where s.id = (row_ ->> 'person_id')::uuid;
  end if;
  return jsonb_build_object(
    'outcome', row_ ->> 'outcome',
    'reason', row_ ->> 'reason',
    'person', case
      when row_ ->> 'person_id' is null then null
      when person.id is null then jsonb_build_object('visible', false)
      else jsonb_build_object('visible', true, 'id', person.id, 'full_name', person.full_name,
        'identity_masked', person.identity_masked, 'phone', person.phone, 'district_name', person.district_name,
        'status', person.status, 'has_account', person.has_account)
    end);
end
$$;
comment on function public.match_contact(uuid, text, text, text, text, text) is
  'Whether a contact with this phone and/or identity document would match an existing person when added to the case '
  '(the import''s own rules, nothing written): {outcome: inserted|matched|already_listed|rejected, reason, person: '
  '{visible, id, full_name, identity_masked, phone, district_name, status, has_account} or {visible: false} or null}.';
revoke all on function public.match_contact(uuid, text, text, text, text, text) from public, anon;
grant execute on function public.match_contact(uuid, text, text, text, text, text) to authenticated;
