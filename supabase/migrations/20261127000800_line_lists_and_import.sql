-- The officer's working views and bulk work: monitoring line lists (symptomatic, non-reporting,
-- asymptomatic, test advised, closed) with their counts, and the set-based import of a case's
-- contacts from a file's rows, with a per-row result and no duplicates on re-import.

create view public.monitoring_summary with (security_invoker = on) as
select
  m.id as monitoring_id,
  m.person_id,
  p.full_name,
  p.phone,
  p.identity_masked,
  p.district_code,
  p.status,
  p.symptomatic,
  ct.case_id,
  c.case_number,
  ct.proximity,
  ct.setting,
  ct.last_exposure_date,
  m.starts_on,
  m.ends_on,
  m.state,
  m.last_report_at,
  m.reviewed_at,
  m.contact_attempts,
  greatest(m.ends_on - private.today(), 0) as days_left,
  case
    when m.state <> 'active' then 'closed'
    when p.status = 'pui' then 'test_advised'
    when p.symptomatic and (m.reviewed_at is null or m.reviewed_at < m.last_report_at) then 'symptomatic'
    when coalesce(m.last_report_at, m.starts_on::timestamptz) < now() - make_interval(hours => r.non_reporting_hours) then 'non_reporting'
    else 'asymptomatic'
  end as line_list
from public.monitoring m
join public.persons p on p.id = m.person_id
join public.contacts ct on ct.id = m.contact_id
-- A contact living in the officer's district stays on their lists though the case is elsewhere (and
-- hidden from them: its number is then null).
left join public.cases c on c.id = ct.case_id
cross join lateral (select rs.non_reporting_hours from public.rule_sets rs where rs.id = public.current_rule_set_id()) r
-- The officers' working view: people see their own monitoring through public.monitoring and person_detail.
where (select private.staff_role()) is not null or (select auth.role()) = 'service_role';
comment on view public.monitoring_summary is
  'One row per monitoring period the caller may see, with the line list it belongs to: closed, test_advised (PUI awaiting a result), symptomatic (needs review), non_reporting (no report within the rule set''s hours), asymptomatic.';

create view public.monitoring_list_counts with (security_invoker = on) as
select line_list, count(*)::integer as monitored
from public.monitoring_summary
group by line_list;
comment on view public.monitoring_list_counts is 'How many monitoring periods the caller may see are on each line list.';

revoke all on public.monitoring_summary, public.monitoring_list_counts from authenticated, service_role;
grant select on public.monitoring_summary, public.monitoring_list_counts to authenticated, service_role;
revoke all on public.monitoring_summary, public.monitoring_list_counts from anon;

-- Officers' actions on a line-list row -------------------------------------------------------------------

-- Both refuse a period the caller may not update (row level security would otherwise make them change
-- nothing and answer a row of nulls).
create function public.mark_monitoring_reviewed(monitoring_id uuid) returns public.monitoring
language plpgsql security invoker set search_path = ''
as $$
declare
  result public.monitoring;
begin
  update public.monitoring m set reviewed_at = now() where m.id = monitoring_id returning m.* into result;
  if not found then
    raise exception 'monitoring_id: no such monitoring period in your jurisdiction' using errcode = '42501';
  end if;
  return result;
end
$$;
comment on function public.mark_monitoring_reviewed(uuid) is 'An officer has reviewed the symptomatic contact''s latest report.';

create function public.record_contact_attempt(monitoring_id uuid) returns public.monitoring
language plpgsql security invoker set search_path = ''
as $$
declare
  result public.monitoring;
begin
  update public.monitoring m set contact_attempts = m.contact_attempts + 1 where m.id = monitoring_id returning m.* into result;
  if not found then
    raise exception 'monitoring_id: no such monitoring period in your jurisdiction' using errcode = '42501';
  end if;
  return result;
end
$$;
comment on function public.record_contact_attempt(uuid) is 'An officer tried to reach a non-reporting contact.';

revoke all on function public.mark_monitoring_reviewed(uuid), public.record_contact_attempt(uuid) from public, anon;
grant execute on function public.mark_monitoring_reviewed(uuid), public.record_contact_attempt(uuid) to authenticated;

-- Importing a case's contacts ----------------------------------------------------------------------------

create type public.contact_import_result as (
  row_number integer,
  outcome text,
  person_id uuid,
  contact_id uuid,
  reason text
);
comment on type public.contact_import_result is
  'outcome: inserted (a new pending person and contact), matched (an existing person, now a contact), already_listed (this person is already a contact of the case), rejected (see reason).';

create function private.import_contacts(case_id uuid, rows jsonb, dry_run boolean default false) returns setof public.contact_import_result
language plpgsql security definer set search_path = ''
as $$
declare
  kase public.cases;
  today date := private.today();
begin
  select * into kase from public.cases c where c.id = import_contacts.case_id;
  if not found or not private.handles_case(kase.id) then
    raise exception 'case_id: no such case among the cases you handle' using errcode = '42501';
  end if;
  if jsonb_typeof(rows) is distinct from 'array' then
    raise exception 'rows: must be an array of contact objects' using errcode = '22023';
  end if;
  if jsonb_array_length(rows) > 20000 then
    raise exception 'rows: at most 20000 contacts per import; split the file' using errcode = '22023';
  end if;

  -- Each row read, normalised and judged in one statement (each update of a temporary table rewrites
  -- all its rows): the first problem found is the row's reason. Materialized, so that each row's
  -- functions run once, not once per reference to their result.
  create temporary table staged on commit drop as
  with fields as (
    select
      r.ordinality::integer as row_number,
      jsonb_typeof(r.value) as shape,
      nullif(trim(r.value ->> 'full_name'), '') as full_name,
      nullif(regexp_replace(coalesce(r.value ->> 'phone', ''), '[\s()-]', '', 'g'), '') as phone,
      nullif(lower(trim(r.value ->> 'identity_type')), '') as identity_type_text,
      nullif(trim(r.value ->> 'identity_number'), '') as identity_number,
      upper(coalesce(nullif(trim(r.value ->> 'nationality'), ''), 'MY')) as nationality,
      lower(coalesce(nullif(trim(r.value ->> 'setting'), ''), 'other')) as setting,
      lower(coalesce(nullif(trim(r.value ->> 'proximity'), ''), 'close')) as proximity,
      nullif(trim(r.value ->> 'last_exposure_date'), '') as last_exposure_text,
      nullif(trim(r.value ->> 'district_code'), '') as district_code
    from jsonb_array_elements(rows) with ordinality r
  ),
  typed as materialized (
    select f.row_number, f.shape, f.full_name,
      -- Malaysian numbers written locally (012-345 6789) become E.164.
      case when f.phone ~ '^0[0-9]{8,10}$' then '+6' || f.phone else f.phone end as phone,
      f.identity_type_text, f.identity_number, f.nationality, f.setting, f.proximity, f.last_exposure_text, f.district_code,
      t.identity_type,
      case when t.identity_type is not null and f.identity_number is not null
           then private.normalize_identity(t.identity_type, f.identity_number) end as normalized_number,
      -- A real date written YYYY-MM-DD, checked without a cast that could fail (a subtransaction per row).
      case when f.last_exposure_text ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'
                and substr(f.last_exposure_text, 1, 4)::integer >= 1
                and substr(f.last_exposure_text, 6, 2)::integer between 1 and 12
                and substr(f.last_exposure_text, 9, 2)::integer between 1 and extract(day from
                      make_date(substr(f.last_exposure_text, 1, 4)::integer, substr(f.last_exposure_text, 6, 2)::integer, 1)
                      + interval '1 month' - interval '1 day')
           then f.last_exposure_text::date end as last_exposure_date
    from fields f
    cross join lateral (
      select case when f.identity_type_text in ('mykad', 'mypr', 'passport', 'other')
                  then f.identity_type_text::public.identity_type end as identity_type) t
  ),
  judged as materialized (
    select s.*, coalesce(
      case
        when s.shape <> 'object' then 'row: must be an object of named fields'
        when s.full_name is null then 'full_name: missing'
        when length(s.full_name) not between 2 and 200 then 'full_name: must have 2 to 200 characters'
        when s.phone is null and s.identity_number is null then 'phone or identity_number: give at least one, to find or invite the contact'
        when s.phone is not null and s.phone !~ '^\+[1-9][0-9]{7,14}$' then 'phone: not a phone number (give it as +60123456789 or 012-345 6789)'
        when s.identity_number is not null and s.identity_type_text is null then 'identity_type: say which document the number is from'
        when s.identity_number is not null and s.identity_type is null then 'identity_type: must be mykad, mypr, passport or other'
        when s.identity_number is not null then private.identity_problem(s.identity_type, s.normalized_number)
      end,
      case
        when s.last_exposure_text is null then 'last_exposure_date: missing'
        when s.last_exposure_date is null then 'last_exposure_date: not a date (use YYYY-MM-DD)'
        when s.last_exposure_date > today then 'last_exposure_date: cannot be in the future'
        when s.last_exposure_date < kase.diagnosis_date - 30 then 'last_exposure_date: more than 30 days before the case''s diagnosis'
        when s.setting not in ('household', 'workplace', 'school', 'social', 'healthcare', 'travel', 'religious', 'other')
          then 'setting: must be household, workplace, school, social, healthcare, travel, religious or other'
        when s.proximity not in ('close', 'casual') then 'proximity: must be close or casual'
        when s.nationality !~ '^[A-Z]{2}$' then 'nationality: a two-letter country code, e.g. MY'
        when s.district_code is not null and not exists (select 1 from public.districts d where d.code = s.district_code)
          then 'district_code: no such district'
      end) as reason
    from typed s
  )
  select j.*,
    case when j.reason is null and j.normalized_number is not null
         then private.identity_hash(j.identity_type, j.normalized_number, j.nationality) end as identity_hash,
    null::uuid as person_id,
    null::text as outcome,
    null::uuid as contact_id
  from judged j;

  -- The same person twice in one file: the first row counts, the others say which row they repeat.
  -- (Rows with a document are the same when their documents are; rows without, when their phones are.)
  update staged s set reason = 'row: the same contact as row ' || d.first_row
  from (
    select t.row_number, min(t.row_number) over (partition by coalesce(encode(t.identity_hash, 'hex'), 'phone:' || t.phone)) as first_row
    from staged t where t.reason is null
  ) d
  where s.row_number = d.row_number and d.first_row < s.row_number;

  -- Matching: by document; else by phone, where the phone is one its owner verified or one an officer
  -- entered for a pending person (so a re-imported file finds the pending persons it created).
  update staged s set person_id = pi.person_id, outcome = 'matched'
  from private.person_identities pi
  where s.reason is null and pi.identity_hash = s.identity_hash;
  update staged s set person_id = (
      select p.id from public.persons p
      where p.phone = s.phone
        and (p.phone_verified_at is not null
             or (p.account_id is null and not exists (select 1 from public.dependents d where d.person_id = p.id)))
      order by p.phone_verified_at desc nulls last, p.created_at
      limit 1),
    outcome = 'matched'
  where s.reason is null and s.person_id is null and s.phone is not null
    and exists (select 1 from public.persons p where p.phone = s.phone);
  update staged s set outcome = null where s.outcome = 'matched' and s.person_id is null;
  -- Two rows (one by document, one by phone) can find the same person: the first row counts.
  update staged s set reason = 'row: the same person as row ' || d.first_row, outcome = null, person_id = null
  from (
    select t.row_number, min(t.row_number) over (partition by t.person_id) as first_row
    from staged t where t.outcome = 'matched'
  ) d
  where s.row_number = d.row_number and d.first_row < s.row_number;

  -- A dry run (the console's report before the officer commits) stops here, every row judged by the rules
  -- above: the rest would be new persons, and a matched person already a contact of the case is found by
  -- key, as the contacts' insert below would find it. Nothing is written, so no id is given for a person
  -- or contact that would be new.
  if dry_run then
    update staged s set outcome = 'inserted' where s.reason is null and s.person_id is null;
    update staged s set outcome = 'already_listed', contact_id = ct.id
    from public.contacts ct
    where s.outcome = 'matched' and ct.case_id = kase.id and ct.person_id = s.person_id;
    update staged s set outcome = 'rejected' where s.reason is not null;
    return query
      select s.row_number, s.outcome, s.person_id, s.contact_id, s.reason from staged s order by s.row_number;
    drop table staged;
    return;
  end if;

  -- Pending persons for the rest, in one statement, each written once as it will stay:
  -- * the document's facts as the persons trigger derives them from a number (masked form; date of birth,
  --   gender and, for a MyKad, nationality from the number), with the number's keyed hash kept below, so the
  --   trigger has no number to validate and hash again row by row (the rows above are validated by the
  --   same functions it uses: private.identity_problem, normalize_identity, identity_hash);
  -- * the status the contact below gives them, close or casual contact by proximity, as
  --   private.status_for derives it for someone with no case, assessment or test and one active monitoring
  --   period: the contact's trigger then finds nothing to change, instead of updating every new person
  --   (and its triggers: the audit's comparison, the status tally) in the same transaction. The status
  --   history says what the contact's reclassification would have said.
  update staged s set person_id = gen_random_uuid(), outcome = 'inserted' where s.reason is null and s.person_id is null;
  insert into public.persons (id, full_name, phone, identity_type, identity_masked, nationality, date_of_birth, gender,
                              district_code, status, created_by)
  select s.person_id, s.full_name, s.phone, s.identity_type,
         private.mask_identity(s.identity_type, s.normalized_number),
         case when s.identity_type = 'mykad' then 'MY' else s.nationality end,
         case when s.identity_type in ('mykad', 'mypr') then private.mykad_birth_date(s.normalized_number) end,
         case when s.identity_type in ('mykad', 'mypr')
              then case when right(s.normalized_number, 1)::integer % 2 = 1 then 'male' else 'female' end::public.gender end,
         coalesce(s.district_code, kase.district_code),
         case s.proximity when 'close' then 'close_contact' else 'casual_contact' end::public.risk_status,
         (select auth.uid())
  from staged s where s.outcome = 'inserted';
  insert into private.person_identities (person_id, identity_hash)
  select s.person_id, s.identity_hash from staged s where s.outcome = 'inserted' and s.identity_hash is not null;

  -- Contacts, in one statement; a person already listed for this case is left as it is.
  with added as (
    insert into public.contacts (case_id, person_id, proximity, setting, last_exposure_date, created_by)
    select kase.id, s.person_id, s.proximity::public.contact_proximity, s.setting, s.last_exposure_date, (select auth.uid())
    from staged s where s.outcome in ('inserted', 'matched')
    on conflict on constraint contacts_case_id_person_id_key do nothing
    returning id, person_id)
  update staged s set contact_id = added.id from added where added.person_id = s.person_id;
  insert into public.status_history (person_id, from_status, to_status, symptomatic, reason, source, changed_by)
  select s.person_id, 'pending_assessment', case s.proximity when 'close' then 'close_contact' else 'casual_contact' end::public.risk_status,
         false, 'contact of case ' || kase.case_number, 'contact', (select auth.uid())
  from staged s where s.outcome = 'inserted'
  order by s.row_number;
  update staged s set outcome = 'already_listed',
    contact_id = (select ct.id from public.contacts ct where ct.case_id = kase.id and ct.person_id = s.person_id)
  where s.outcome = 'matched' and s.contact_id is null;
  update staged s set outcome = 'rejected' where s.reason is not null;

  return query
    select s.row_number, s.outcome, s.person_id, s.contact_id, s.reason from staged s order by s.row_number;
  drop table staged;
end
$$;
comment on function private.import_contacts(uuid, jsonb, boolean) is
  'Imports a case''s contacts in a few set-based statements: validates each row, matches existing persons by document or verified phone, creates pending persons for the rest (each written once, with the status their contact gives them), adds contacts (starting their monitoring), and reports every row. dry_run: the same report, nothing written.';

revoke all on function private.import_contacts(uuid, jsonb, boolean) from public;
grant execute on function private.import_contacts(uuid, jsonb, boolean) to authenticated, service_role;

create function public.import_contacts(case_id uuid, rows jsonb) returns jsonb
language sql security invoker set search_path = ''
as $$
  -- One JSON report, not a set of rows: PostgREST caps sets at max_rows (1000), and a 10,000-row
  -- file needs every row's result.
  with results as (select * from private.import_contacts(case_id, rows))
  select jsonb_build_object(
    'inserted', count(*) filter (where outcome = 'inserted'),
    'matched', count(*) filter (where outcome = 'matched'),
    'already_listed', count(*) filter (where outcome = 'already_listed'),
    'rejected', count(*) filter (where outcome = 'rejected'),
    'rows', coalesce(jsonb_agg(to_jsonb(results) order by row_number), '[]'::jsonb))
  from results
$$;
comment on function public.import_contacts(uuid, jsonb) is
  'Adds a case''s contacts from an array of rows ({full_name, phone, identity_type, identity_number, nationality, setting, proximity, last_exposure_date, district_code}). Returns {inserted, matched, already_listed, rejected, rows: [{row_number, outcome, person_id, contact_id, reason}]}. Importing the same rows again adds nothing.';
revoke all on function public.import_contacts(uuid, jsonb) from public, anon;
grant execute on function public.import_contacts(uuid, jsonb) to authenticated;
