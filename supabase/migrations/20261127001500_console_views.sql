-- The officers' console's lists: persons_summary, the persons list (one row per person the caller may
-- see, with the district's and state's names, never the identity number, only its masked form), and
-- the indexes its pages need. The console searches by name, phone or the masked identity number's
-- visible digits with substring matches (ilike '%...%'): a scan of the persons the caller may see. Trigram
-- indexes cannot serve it: under row-level security ilike is not leakproof, so it is tested only after the
-- policies, never in an index scan. They would only make every insert of a person and every status change
-- dearer (a status change updates an indexed column, so every index of persons gets the new row): with
-- three of them on name, phone and masked number, declarations took 8% more database CPU at 1,000,000
-- persons.
--
-- Row-level security still decides: the view is security_invoker, so an officer sees the persons of
-- their districts, a supervisor those of their state, an administrator everyone, and analysts and
-- agents no one. Listing is not a read of a person's record: opening one goes through
-- public.person_detail, which is audited. Also the console's other reads: the import's dry run, the
-- add-contact form's match preview, and the announcement composer's audience estimate.

create index persons_status_since_idx on public.persons (status_since desc);
-- The list's default order (full_name, id): its first page walks this index and stops at the 25th row the
-- caller may see (3-19 ms instead of 1.0-1.8 s at 1,000,000 synthetic persons). A search must not walk it:
-- a search scans (see above), and walking the name index until 25 rows match took 1.7-4.6 s where scanning and
-- sorting takes 0.5-2 s. So the console orders a search by `full_name asc nulls first`, the same order
-- (full_name is not null) but one this index cannot give.
create index persons_full_name_id_idx on public.persons (full_name, id);

-- Whether a person is someone's dependent, for the list's page rows only: a function (not inlined) is
-- asked once per row shown, under dependents' row-level security as before. Written as `exists (...)` in the
-- view, the planner hashed every dependent the caller may see once per page whenever it expected many rows
-- (its estimate ignores the page's limit): dependents' policy reads each one's district. A supervisor's page
-- by status_since (its index walked) at 1,000,000 synthetic persons and 50,000 dependents: 1.1-2.3 s before,
-- 60-240 ms with the function.
create function private.is_dependent(person uuid) returns boolean
language plpgsql stable security invoker set search_path = ''
as $$
begin
  return exists (select 1 from public.dependents dp where dp.person_id = person);
end
$$;
revoke all on function private.is_dependent(uuid) from public;
grant execute on function private.is_dependent(uuid) to authenticated, service_role;

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
  private.is_dependent(p.id) as is_dependent,
  p.created_at
from public.persons p
left join public.states s on s.code = p.state_code
left join public.districts d on d.code = p.district_code;

comment on view public.persons_summary is
  'The console''s persons list: who the caller may see (row-level security of persons), with district and state '
  'names, the masked identity number, status and whether the person has an account or is a dependent. Search: '
  'full_name, phone and identity_masked with ilike. Opening a person goes through person_detail.';

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

-- A dry run of import_contacts: the same function judging every row by the same rules (validation,
-- duplicates, matching by document and phone, already listed), stopping before it writes, so an officer
-- sees every row's outcome before anything is written, and the console never re-implements the rules.
-- Rows that would be inserted carry no ids (their persons and contacts do not exist), nor do matched rows
-- a contact id.
create function public.preview_contact_import(case_id uuid, rows jsonb) returns jsonb
language sql security invoker set search_path = ''
as $$
  with results as (select * from private.import_contacts(case_id, rows, dry_run => true))
  select jsonb_build_object(
    'inserted', count(*) filter (where outcome = 'inserted'),
    'matched', count(*) filter (where outcome = 'matched'),
    'already_listed', count(*) filter (where outcome = 'already_listed'),
    'rejected', count(*) filter (where outcome = 'rejected'),
    'rows', coalesce(jsonb_agg(to_jsonb(results) order by row_number), '[]'::jsonb),
    'dry_run', true)
  from results
$$;
comment on function public.preview_contact_import(uuid, jsonb) is
  'What import_contacts would do with these rows, without doing it: the same report ({inserted, matched, already_listed, '
  'rejected, rows, dry_run: true}), every row judged by the same rules, nothing written. Rows that would be inserted carry '
  'no ids; matched rows carry the person, not a contact id.';
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

-- Announcements ------------------------------------------------------------------------------------------------

-- The composer's audience size, before publishing (the audience is found at publishing by
-- private.announcement_audience, in the communications migration). Counted exactly while the audience is small; a large
-- one (everyone, a populous state, a common status) is estimated, so that asking costs milliseconds, not a
-- count of a million accounts: everyone from the planner's statistics of the accounts, a place or status
-- from a sample of the persons' pages. Whether it is small is told by the status tally (persons by
-- district and status, kept by trigger: private.status_counts).
create function private.announcement_audience_estimate(target_kind text, target_state text, target_district text, target_status public.risk_status)
returns integer
-- Volatile: EXPLAIN is not allowed in a stable function.
language plpgsql volatile security definer set search_path = ''
as $$
declare
  target_filter text;
  plan jsonb;
  persons_in_target bigint;
  sample_percent float8;
  found_ bigint;
begin
  if target_kind is null or target_kind not in ('everyone', 'state', 'district', 'status') then
    raise exception 'target_kind: must be everyone, state, district or status' using errcode = '22023';
  end if;
  if target_kind = 'state' and target_state is null then
    raise exception 'target_state: say which state' using errcode = '22023';
  elsif target_kind = 'district' and target_district is null then
    raise exception 'target_district: say which district' using errcode = '22023';
  elsif target_kind = 'status' and target_status is null then
    raise exception 'target_status: say which status group' using errcode = '22023';
  end if;
  if not private.may_announce_to(target_kind,
       case when target_kind = 'state' then target_state end,
       case when target_kind = 'district' then target_district end,
       case when target_kind = 'status' then target_status end) then
    raise exception 'target: you may not write announcements for this audience' using errcode = '42501';
  end if;

  if target_kind = 'everyone' then
    execute 'explain (format json) select 1 from auth.users u where u.deleted_at is null and not u.is_anonymous' into plan;
    if (plan -> 0 -> 'Plan' ->> 'Plan Rows')::bigint >= 20000 then
      return private.two_significant_digits((plan -> 0 -> 'Plan' ->> 'Plan Rows')::bigint);
    end if;
    return (select count(*) from auth.users u where u.deleted_at is null and not u.is_anonymous);
  end if;

  target_filter := case target_kind
    when 'state' then format('p.state_code = %L', target_state)
    when 'district' then format('p.district_code = %L', target_district)
    else format('p.status = %L::public.risk_status', target_status)
  end;
  select coalesce(sum(c.people), 0) into persons_in_target
  from private.status_counts c
  left join public.districts d on d.code = c.district_code
  where case target_kind
          when 'state' then d.state_code = target_state
          when 'district' then c.district_code = target_district
          else c.status = target_status
        end;
  if persons_in_target < 20000 then
    -- Each account once, as private.announcement_audience finds them: the persons with an account of their
    -- own, and the guardians of the dependents; the target a plain condition that the persons' indexes serve.
    execute 'select count(*) from (select p.account_id from public.persons p where p.account_id is not null and ' || target_filter
         || ' union select d.guardian_id from public.persons p join public.dependents d on d.person_id = p.id where ' || target_filter || ') a'
      into found_;
    return found_;
  end if;
  -- About 20,000 persons' rows, whole pages picked at random: those reached (an account of their own, or a
  -- guardian through a dependent, once per dependent) scaled up.
  sample_percent := least(100, greatest(0.01, 2000000.0 / greatest((select c.reltuples from pg_catalog.pg_class c where c.oid = 'public.persons'::regclass), 1)));
  execute format('select count(*) from public.persons p tablesample system (%s) where %s '
                 'and (p.account_id is not null or exists (select 1 from public.dependents d where d.person_id = p.id))',
                 sample_percent, target_filter)
    into found_;
  return private.two_significant_digits(round(found_ * 100 / sample_percent)::bigint);
end
$$;
comment on function private.announcement_audience_estimate(text, text, text, public.risk_status) is
  'How many accounts an announcement for this audience would reach now: exact for fewer than 20,000 persons in a place or '
  'status (or 20,000 accounts for everyone), else estimated to two significant digits. Only for staff who may write '
  'announcements for the audience.';

create function private.two_significant_digits(n bigint) returns integer
language sql immutable set search_path = ''
as $$
  select case when n <= 0 then 0 else round(n, 1 - floor(log(n))::integer)::integer end
$$;

revoke all on function private.announcement_audience_estimate(text, text, text, public.risk_status),
  private.two_significant_digits(bigint) from public;
grant execute on function private.announcement_audience_estimate(text, text, text, public.risk_status) to authenticated;

create function public.announcement_audience_estimate(
  target_kind text,
  target_state text default null,
  target_district text default null,
  target_status public.risk_status default null
) returns integer
language sql volatile security invoker set search_path = ''
as $$
  select private.announcement_audience_estimate(target_kind, target_state, target_district, target_status)
$$;
comment on function public.announcement_audience_estimate(text, text, text, public.risk_status) is
  'About how many people an announcement for this audience would reach if published now (exact for small audiences, '
  'else an estimate to two significant digits), for the composer. target_kind: everyone, state, district or status, '
  'with its target. Only for staff who may write announcements for that audience.';
revoke all on function public.announcement_audience_estimate(text, text, text, public.risk_status) from public, anon;
grant execute on function public.announcement_audience_estimate(text, text, text, public.risk_status) to authenticated;
