-- Contact tracing: confirmed cases, their contacts (exposures), each contact's monitoring period, and
-- lab results. Officers work within their jurisdiction and also see every contact of a case they
-- handle, wherever the contact lives. What these rows mean for a person's status is decided in the
-- classification migration that follows.

create type public.case_status as enum ('active', 'recovered', 'deceased', 'closed');
create type public.contact_proximity as enum ('close', 'casual');
create type public.monitoring_state as enum ('active', 'completed', 'lost_to_follow_up', 'became_case', 'closed_by_officer');
create type public.lab_test_type as enum ('pcr', 'antigen');
create type public.lab_result_value as enum ('positive', 'negative', 'inconclusive');

-- An outbreak (a disease, or a wave of one) sets how long its cases' contacts are monitored: 14 days for
-- COVID-19, 21 for measles or Ebola. Without one, the rule set's period applies.
create table public.outbreaks (
  id uuid primary key default gen_random_uuid(),
  code text not null unique,
  name jsonb not null,
  monitoring_days smallint,
  started_on date not null,
  ended_on date,
  created_by uuid references auth.users (id) on delete set null default auth.uid(),
  created_at timestamptz not null default now(),
  constraint outbreaks_code_format check (code ~ '^[A-Z0-9][A-Z0-9-]{1,39}$'),
  constraint outbreaks_name_translated check (coalesce(
    jsonb_typeof(name -> 'ms') = 'string' and jsonb_typeof(name -> 'en') = 'string'
    and length(name ->> 'ms') > 0 and length(name ->> 'en') > 0, false)),
  constraint outbreaks_monitoring_days_range check (monitoring_days between 1 and 60),
  constraint outbreaks_ends_after_start check (ended_on >= started_on)
);
comment on table public.outbreaks is
  'Outbreaks the ministry traces (a disease, or a wave of one), each with its own monitoring period for contacts.';
comment on column public.outbreaks.monitoring_days is
  'How many days after the last exposure a contact of this outbreak''s cases is monitored; null: the rule set''s monitoring_days. Applies to contacts entered from then on.';

create table public.cases (
  id uuid primary key default gen_random_uuid(),
  person_id uuid not null references public.persons (id) on delete cascade,
  outbreak_id uuid references public.outbreaks (id),
  case_number text not null unique,
  diagnosis_date date not null,
  source text not null default 'unknown',
  status public.case_status not null default 'active',
  district_code text references public.districts (code),
  handled_by uuid references auth.users (id) on delete set null default auth.uid(),
  created_at timestamptz not null default now(),
  closed_at timestamptz,
  close_reason text,
  constraint cases_case_number_format check (case_number ~ '^[A-Z0-9][A-Z0-9/-]{2,39}$'),
  constraint cases_source_known check (source in ('local', 'imported', 'unknown')),
  constraint cases_closed_when_not_active check ((status = 'active') = (closed_at is null)),
  constraint cases_close_reason_when_closed
    check (close_reason is null or (status <> 'active' and length(trim(close_reason)) between 1 and 1000))
);
comment on table public.cases is 'Confirmed cases. A person has at most one active case.';
comment on column public.cases.close_reason is 'Why the officer closed the case; null while active, or when closed without one.';
comment on column public.cases.district_code is 'The jurisdiction the case belongs to: the person''s district when the case was recorded.';
comment on column public.cases.handled_by is 'The officer handling the case: they see every contact of it, wherever the contact lives.';
create unique index cases_one_active_per_person on public.cases (person_id) where status = 'active';
create index cases_district_code_idx on public.cases (district_code);
create index cases_handled_by_idx on public.cases (handled_by);
create index cases_diagnosis_date_idx on public.cases (diagnosis_date);
create index cases_outbreak_id_idx on public.cases (outbreak_id);

create table public.contacts (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references public.cases (id) on delete cascade,
  person_id uuid not null references public.persons (id) on delete cascade,
  proximity public.contact_proximity not null default 'close',
  setting text not null default 'other',
  last_exposure_date date not null,
  created_by uuid references auth.users (id) on delete set null default auth.uid(),
  created_at timestamptz not null default now(),
  unique (case_id, person_id),
  constraint contacts_setting_known check (setting in ('household', 'workplace', 'school', 'social', 'healthcare', 'travel', 'religious', 'other'))
);
comment on table public.contacts is 'An exposure: this person was in contact with this case. One row per case and person, so importing twice adds nothing.';
create index contacts_person_id_idx on public.contacts (person_id);

create table public.monitoring (
  id uuid primary key default gen_random_uuid(),
  contact_id uuid not null unique references public.contacts (id) on delete cascade,
  person_id uuid not null references public.persons (id) on delete cascade,
  -- The person's district, kept here (and moved with them) so a district's dashboard counts its active
  -- periods from this table's index alone, without reading a hundred thousand persons.
  district_code text references public.districts (code),
  starts_on date not null,
  ends_on date not null,
  state public.monitoring_state not null default 'active',
  last_report_at timestamptz,
  reviewed_at timestamptz,
  contact_attempts smallint not null default 0,
  closed_at timestamptz,
  closed_by uuid references auth.users (id) on delete set null,
  close_reason text,
  constraint monitoring_period check (ends_on >= starts_on),
  constraint monitoring_closed_when_not_active check ((state = 'active') = (closed_at is null)),
  constraint monitoring_officer_gives_reason check (state <> 'closed_by_officer' or length(trim(close_reason)) > 0)
);
comment on table public.monitoring is
  'A contact''s monitoring period: from the last exposure for the case''s outbreak''s monitoring_days (else the rule set''s). Closes as completed, lost to follow-up, became a case, or by an officer with a reason.';
create index monitoring_person_id_idx on public.monitoring (person_id);
create index monitoring_active_idx on public.monitoring (state, ends_on) where state = 'active';
create index monitoring_active_district_idx on public.monitoring (district_code) where state = 'active';

create table public.lab_results (
  id uuid primary key default gen_random_uuid(),
  person_id uuid not null references public.persons (id) on delete cascade,
  test_type public.lab_test_type not null,
  result public.lab_result_value not null,
  sampled_on date not null,
  laboratory text,
  entered_by uuid references auth.users (id) on delete set null default auth.uid(),
  created_at timestamptz not null default now()
);
comment on table public.lab_results is 'COVID-19 test results entered by officers. A positive result makes the person a confirmed case.';
create index lab_results_person_id_idx on public.lab_results (person_id, sampled_on);

-- Dates that cannot be in the future ------------------------------------------------------------------

create function private.refuse_future_date() returns trigger
language plpgsql set search_path = ''
as $$
declare
  value date := (to_jsonb(new) ->> tg_argv[0])::date;
begin
  if value > private.today() then
    raise exception '%: cannot be in the future', tg_argv[0] using errcode = '23514';
  end if;
  return new;
end
$$;

create trigger cases_diagnosis_date_not_future before insert or update of diagnosis_date on public.cases
  for each row execute function private.refuse_future_date('diagnosis_date');
create trigger contacts_last_exposure_not_future before insert or update of last_exposure_date on public.contacts
  for each row execute function private.refuse_future_date('last_exposure_date');
create trigger lab_results_sampled_on_not_future before insert or update of sampled_on on public.lab_results
  for each row execute function private.refuse_future_date('sampled_on');

-- Jurisdiction ------------------------------------------------------------------------------------------

create function private.handles_case(case_ uuid) returns boolean
language plpgsql stable security definer set search_path = ''
as $$
begin
  return exists (
    select 1 from public.cases c
    where c.id = case_ and (c.handled_by = (select auth.uid()) or private.covers_district(c.district_code)));
end
$$;
comment on function private.handles_case(uuid) is 'Whether the current officer handles the case or covers its district.';

create function private.contact_of_handled_case(person uuid) returns boolean
language plpgsql stable security definer set search_path = ''
as $$
begin
  return exists (select 1 from public.contacts ct where ct.person_id = person and private.handles_case(ct.case_id));
end
$$;

create function private.traces_person(person uuid) returns boolean
language plpgsql stable security definer set search_path = ''
as $$
begin
  -- Most callers are members of the public reading their own rows: they trace nobody.
  if private.staff_role() is null then
    return false;
  end if;
  return private.covers_district(private.person_district(person)) or private.contact_of_handled_case(person);
end
$$;
comment on function private.traces_person(uuid) is
  'Whether the current officer may see the person: in their jurisdiction, or a contact of a case they handle.';

create function private.owns_or_guards(person uuid) returns boolean
language plpgsql stable security definer set search_path = ''
as $$
begin
  return exists (select 1 from public.persons p where p.id = person and p.account_id = (select auth.uid()))
      or private.is_guardian_of(person);
end
$$;
comment on function private.owns_or_guards(uuid) is 'Whether the person is the current user''s own person or one of their dependents.';

-- The persons of private.contact_of_handled_case as a set, computed once per statement for the persons
-- policy below (see private.my_districts): the contacts of private.my_cases. Administrators get none (no
-- cases listed): they see every person through "officers see persons in their jurisdiction" already,
-- and listing every contact for them would only cost time.
create function private.my_contact_persons() returns setof uuid
language plpgsql stable security definer set search_path = '' rows 100
as $$
begin
  return query select ct.person_id from public.contacts ct where ct.case_id in (select private.my_cases());
end
$$;
comment on function private.my_contact_persons() is
  'Persons who are contacts of a case the current user handles or whose district they cover (none listed for admins, who see everyone).';

-- The sets of private.owns_or_guards and private.handles_case, for the lists' select policies below
-- (contacts and monitoring run a check per row otherwise: half a second for an officer's contacts list at
-- 2,300 contacts). Administrators get no cases listed: they handle every case, checked once by has_role.
create function private.my_persons() returns setof uuid
language plpgsql stable security definer set search_path = '' rows 5
as $$
begin
  return query
    select p.id from public.persons p where p.account_id = (select auth.uid())
    union all
    select d.person_id from public.dependents d where d.guardian_id = (select auth.uid());
end
$$;
comment on function private.my_persons() is 'The current user''s own person and their dependents (as private.owns_or_guards).';

create function private.my_cases() returns setof uuid
language plpgsql stable security definer set search_path = '' rows 100
as $$
begin
  if private.has_role('admin') then
    return;
  end if;
  return query
    select c.id from public.cases c
    where c.handled_by = (select auth.uid()) or c.district_code in (select private.my_districts());
end
$$;
comment on function private.my_cases() is
  'Cases the current user handles or whose district they cover, as private.handles_case (none listed for admins, who handle all).';

revoke all on function private.handles_case(uuid), private.traces_person(uuid), private.owns_or_guards(uuid),
  private.contact_of_handled_case(uuid), private.my_contact_persons(), private.my_persons(), private.my_cases() from public;
grant execute on function private.handles_case(uuid), private.traces_person(uuid), private.owns_or_guards(uuid),
  private.contact_of_handled_case(uuid), private.my_contact_persons(), private.my_persons(), private.my_cases()
  to authenticated, service_role;

create policy "officers see contacts of the cases they handle" on public.persons
  for select to authenticated using (id in (select private.my_contact_persons()));

create function private.case_defaults() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  -- A case belongs to the district where its person lives (so that district's officers see it), whoever
  -- records it; the district given counts only for a person whose district is unknown.
  new.district_code := coalesce(private.person_district(new.person_id), new.district_code);
  -- What the unique indexes would refuse, said in words (the indexes still hold against a race). The
  -- same id again is a retried insert, left to its ON CONFLICT.
  if exists (select 1 from public.cases c where c.case_number = new.case_number and c.id <> new.id) then
    raise exception 'case_number: % is already recorded', new.case_number using errcode = '23505';
  end if;
  if new.status = 'active'
     and exists (select 1 from public.cases c where c.person_id = new.person_id and c.status = 'active' and c.id <> new.id) then
    raise exception 'person_id: this person already has an active case' using errcode = '23505';
  end if;
  return new;
end
$$;
create trigger cases_defaults before insert on public.cases for each row execute function private.case_defaults();

-- A person who moves takes their monitoring periods to their new district's lists and figures.
create function private.monitoring_follows_person() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  update public.monitoring m set district_code = new.district_code where m.person_id = new.id;
  return null;
end
$$;
create trigger persons_monitoring_follows after update of district_code on public.persons
  for each row when (old.district_code is distinct from new.district_code)
  execute function private.monitoring_follows_person();

-- Policies --------------------------------------------------------------------------------------------

alter table public.outbreaks enable row level security;
create policy "signed-in users read outbreaks" on public.outbreaks
  for select to authenticated using (true);
create policy "admins add outbreaks" on public.outbreaks
  for insert to authenticated with check ((select private.has_role('admin')));
create policy "admins change outbreaks" on public.outbreaks
  for update to authenticated using ((select private.has_role('admin'))) with check ((select private.has_role('admin')));
create policy "admins remove outbreaks" on public.outbreaks
  for delete to authenticated using ((select private.has_role('admin')));
revoke all on public.outbreaks from anon;

alter table public.cases enable row level security;
create policy "people see their own and their dependents' cases" on public.cases
  for select to authenticated using ((select private.owns_or_guards(person_id)));
create policy "officers see cases they handle or in their jurisdiction" on public.cases
  for select to authenticated using (handled_by = (select auth.uid()) or (select private.covers_district(district_code)));
create policy "officers record cases of persons they trace" on public.cases
  for insert to authenticated with check ((select private.traces_person(person_id)));
create policy "officers update cases they handle or in their jurisdiction" on public.cases
  for update to authenticated
  using (handled_by = (select auth.uid()) or (select private.covers_district(district_code)))
  with check (handled_by = (select auth.uid()) or (select private.covers_district(district_code)));
create policy "admins remove cases" on public.cases
  for delete to authenticated using ((select private.has_role('admin')));

alter table public.contacts enable row level security;
-- The select policies of contacts and monitoring are private.owns_or_guards, handles_case and traces_person
-- as sets read once per statement (see private.my_districts).
create policy "people see their own and their dependents' exposures" on public.contacts
  for select to authenticated using (person_id in (select private.my_persons()));
create policy "officers see contacts of cases they handle or of persons they trace" on public.contacts
  for select to authenticated
  using (case_id in (select private.my_cases()) or (select private.has_role('admin')) or ((select private.staff_role()) is not null
      and (private.person_district(person_id) in (select private.my_districts()) or person_id in (select private.my_contact_persons()))));
create policy "officers add contacts to cases they handle" on public.contacts
  for insert to authenticated with check ((select private.handles_case(case_id)));
create policy "officers update contacts of cases they handle" on public.contacts
  for update to authenticated using ((select private.handles_case(case_id))) with check ((select private.handles_case(case_id)));
create policy "officers remove contacts of cases they handle" on public.contacts
  for delete to authenticated using ((select private.handles_case(case_id)));

alter table public.monitoring enable row level security;
create policy "people see their own and their dependents' monitoring" on public.monitoring
  for select to authenticated using (person_id in (select private.my_persons()));
create policy "officers see monitoring of persons they trace" on public.monitoring
  for select to authenticated
  using ((select private.has_role('admin')) or ((select private.staff_role()) is not null
      and (private.person_district(person_id) in (select private.my_districts()) or person_id in (select private.my_contact_persons()))));
create policy "officers update monitoring of persons they trace" on public.monitoring
  for update to authenticated using ((select private.traces_person(person_id))) with check ((select private.traces_person(person_id)));

alter table public.lab_results enable row level security;
create policy "people see their own and their dependents' results" on public.lab_results
  for select to authenticated using ((select private.owns_or_guards(person_id)));
create policy "officers see results of persons they trace" on public.lab_results
  for select to authenticated using ((select private.traces_person(person_id)));
create policy "officers enter results for persons they trace" on public.lab_results
  for insert to authenticated with check ((select private.traces_person(person_id)) and (select private.staff_role()) in ('officer', 'supervisor', 'admin'));
create policy "admins correct results" on public.lab_results
  for update to authenticated using ((select private.has_role('admin'))) with check ((select private.has_role('admin')));
create policy "admins remove results" on public.lab_results
  for delete to authenticated using ((select private.has_role('admin')));

-- Closing a case: the database stamps when, and a case is closed once.
create function public.close_case(case_id uuid, status public.case_status default 'recovered', reason text default null)
returns public.cases
language plpgsql security invoker set search_path = ''
as $$
declare
  result public.cases;
  seen public.case_status;
  why text := nullif(trim(reason), '');
begin
  if status is null or status = 'active' then
    raise exception 'status: a case closes as recovered, deceased or closed' using errcode = '22023';
  end if;
  if length(why) > 1000 then
    raise exception 'reason: must have at most 1000 characters' using errcode = '22023';
  end if;
  update public.cases c set status = close_case.status, closed_at = now(), close_reason = why
  where c.id = close_case.case_id and c.status = 'active'
  returning c.* into result;
  if found then
    return result;
  end if;
  -- Why not, as far as the caller may know: the case is hidden from them, closed, or theirs to see only.
  select c.status into seen from public.cases c where c.id = close_case.case_id;
  if not found then
    raise exception 'case_id: no such case among the cases you handle' using errcode = '42501';
  elsif seen <> 'active' then
    raise exception 'case_id: this case is already closed' using errcode = '23514';
  end if;
  raise exception 'case_id: you may see this case but not close it' using errcode = '42501';
end
$$;
comment on function public.close_case(uuid, public.case_status, text) is
  'Closes an active case as recovered, deceased or closed, with the officer''s reason if given, stamped now. Refuses a closed case and one you do not handle.';
revoke all on function public.close_case(uuid, public.case_status, text) from public, anon;
grant execute on function public.close_case(uuid, public.case_status, text) to authenticated;

-- Now that tracing exists: a guardian removes a dependent they added by mistake, but not one officers
-- hold records about (an exposure, a case, a test result); those the guardian unlinks instead.
create function private.has_tracing_records(person uuid) returns boolean
language plpgsql stable security definer set search_path = ''
as $$
begin
  return exists (select 1 from public.contacts ct where ct.person_id = person)
      or exists (select 1 from public.cases c where c.person_id = person)
      or exists (select 1 from public.lab_results r where r.person_id = person);
end
$$;
revoke all on function private.has_tracing_records(uuid) from public;
grant execute on function private.has_tracing_records(uuid) to authenticated, service_role;
alter policy "guardians remove dependents" on public.persons
  using (account_id is null and (select private.is_guardian_of(id)) and not (select private.has_tracing_records(id)));

-- Removing a dependent: the person goes with the link when nobody else holds anything about them (no
-- other guardian, no account of their own, no exposure, case or test result officers recorded); else
-- only the link goes, and the guardian no longer sees or acts for them.
create function private.remove_dependent(person uuid) returns text
language plpgsql security definer set search_path = ''
as $$
begin
  if not private.is_guardian_of(person) then
    raise exception 'person_id: not one of your dependents' using errcode = '42501';
  end if;
  if exists (select 1 from public.persons p where p.id = person and p.account_id is null)
     and not exists (select 1 from public.dependents d where d.person_id = person and d.guardian_id <> auth.uid())
     and not private.has_tracing_records(person) then
    delete from public.persons p where p.id = person;
    return 'deleted';
  end if;
  delete from public.dependents d where d.person_id = person and d.guardian_id = auth.uid();
  return 'unlinked';
end
$$;
revoke all on function private.remove_dependent(uuid) from public;
grant execute on function private.remove_dependent(uuid) to authenticated;

create function public.remove_dependent(person_id uuid) returns text
language plpgsql security invoker set search_path = ''
as $$
begin
  return private.remove_dependent(person_id);
end
$$;
comment on function public.remove_dependent(uuid) is
  'Removes one of your dependents: deleted when nobody else holds anything about them, else unlinked from you. Returns deleted or unlinked.';
revoke all on function public.remove_dependent(uuid) from public, anon;
grant execute on function public.remove_dependent(uuid) to authenticated;

-- What the API may write: monitoring is opened and closed by the database, and officers only review,
-- record contact attempts and close with a reason (through close_monitoring).
revoke all on public.cases, public.contacts, public.monitoring, public.lab_results from anon;
revoke insert, update on public.cases from authenticated;
grant insert (id, person_id, outbreak_id, case_number, diagnosis_date, source, district_code) on public.cases to authenticated;
grant update (status, closed_at, close_reason, source, outbreak_id) on public.cases to authenticated;
revoke insert, update on public.contacts from authenticated;
grant insert (id, case_id, person_id, proximity, setting, last_exposure_date) on public.contacts to authenticated;
grant update (proximity, setting, last_exposure_date) on public.contacts to authenticated;
revoke insert, update, delete on public.monitoring from authenticated;
grant update (reviewed_at, contact_attempts) on public.monitoring to authenticated;
revoke insert, update on public.lab_results from authenticated;
grant insert (id, person_id, test_type, result, sampled_on, laboratory) on public.lab_results to authenticated;
grant update (test_type, result, sampled_on, laboratory) on public.lab_results to authenticated;
