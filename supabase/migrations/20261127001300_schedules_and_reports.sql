-- Scheduled jobs and daily reports. The schedule is data, in one place (private.job_schedule): where
-- pg_cron exists (Supabase) this migration and a trigger keep cron.job in step with it; where it does
-- not (the stack) the stack's own scheduler reads the same rows and runs the same commands. The jobs:
-- daily reminders in each person's preferred time of day (a window since the last run, so a restart
-- neither skips nor doubles), monitoring closure and lost to follow-up, the retention purge, and the
-- daily reports, which the daily-reports edge function renders, emails and announces.
--
-- Reports: staff subscribe (jurisdictions within what they cover, sections, email, language); each
-- subscription gets one stored report per day with the day's figures and the high-risk summary.
-- Officers, supervisors and administrators get the people behind the high-risk figures, as their row
-- level security would show them; analysts' reports hold aggregates only.

-- The schedule -----------------------------------------------------------------------------------------------

create table private.job_schedule (
  name text primary key,
  schedule text not null,
  command text not null,
  function_name text,
  description text not null,
  enabled boolean not null default true,
  updated_at timestamptz not null default now(),
  constraint job_schedule_name_format check (name ~ '^[a-z][a-z0-9_]{1,62}$'),
  constraint job_schedule_function_name_format check (function_name ~ '^[a-z][a-z0-9_-]{0,62}$')
);
comment on table private.job_schedule is
  'The scheduled jobs, read by pg_cron (kept in step by a trigger, where pg_cron exists) and by the stack''s scheduler '
  '(where it does not). schedule: cron in UTC (pg_cron''s time zone), five fields; command: the SQL pg_cron runs.';
comment on column private.job_schedule.function_name is
  'Set for a job that calls an edge function: the stack invokes it directly; command calls it through pg_net on Supabase.';
revoke all on private.job_schedule from public, anon, authenticated, service_role;

create table private.job_runs (
  id bigint generated always as identity primary key,
  job text not null,
  runner text not null,
  started_at timestamptz not null default now(),
  finished_at timestamptz,
  succeeded boolean,
  details jsonb
);
comment on table private.job_runs is
  'Runs the stack''s scheduler made (pg_cron keeps its own in cron.job_run_details): what ran, when, and what it returned or raised.';
create index job_runs_job_started_at_idx on private.job_runs (job, started_at desc);
revoke all on private.job_runs from public, anon, authenticated, service_role;

-- Where pg_cron is offered (Supabase), use it; elsewhere the stack's scheduler reads private.job_schedule.
do $$
begin
  if exists (select 1 from pg_available_extensions where name = 'pg_cron') then
    begin
      create extension if not exists pg_cron with schema pg_catalog;
      if exists (select 1 from pg_available_extensions where name = 'pg_net') then
        create extension if not exists pg_net with schema extensions;
      end if;
    exception when others then
      -- Installed but not loadable here (not in shared_preload_libraries, or not allowed): run the schedule elsewhere.
      raise notice 'pg_cron could not be enabled (%): private.job_schedule is left to another scheduler', sqlerrm;
    end;
  else
    raise notice 'pg_cron is not available here: private.job_schedule is run by the stack''s scheduler';
  end if;
end
$$;

create function private.job_schedule_changed() returns trigger
language plpgsql set search_path = ''
as $$
begin
  if tg_op in ('INSERT', 'UPDATE') then
    new.updated_at := now();
  end if;
  -- pg_cron, where it exists, follows the table; dynamic SQL, so this compiles where it does not.
  if to_regnamespace('cron') is not null then
    if tg_op in ('UPDATE', 'DELETE') and exists (select 1 from cron.job j where j.jobname = old.name) then
      execute 'select cron.unschedule($1)' using old.name;
    end if;
    if tg_op in ('INSERT', 'UPDATE') and new.enabled then
      if new.function_name is not null and to_regnamespace('net') is null then
        raise warning 'job %: pg_net is missing, so pg_cron cannot call the % function', new.name, new.function_name;
      else
        execute 'select cron.schedule($1, $2, $3)' using new.name, new.schedule, new.command;
      end if;
    end if;
  end if;
  -- The stack's scheduler listens, and reloads.
  perform pg_notify('sejahtera_job_schedule', coalesce(new.name, old.name));
  return case when tg_op = 'DELETE' then old else new end;
end
$$;
create trigger job_schedule_changed before insert or update or delete on private.job_schedule
  for each row execute function private.job_schedule_changed();

-- Reminders ------------------------------------------------------------------------------------------------

create function private.send_reminders(window_start timestamptz, window_end timestamptz) returns integer
language plpgsql security definer set search_path = ''
as $$
declare
  sent integer;
begin
  if window_start is null or window_end is null or window_start >= window_end then
    raise exception 'window_start, window_end: give a window with window_start before window_end' using errcode = '22023';
  end if;
  if window_end - window_start > interval '2 days' then
    raise exception 'window_start, window_end: at most two days at a time' using errcode = '22023';
  end if;
  with days as (
    -- Each Malaysian day the window touches, with the part of it inside the window as times of day
    -- (null: from midnight, or to the end of the day).
    select d::date as day,
           case when (window_start at time zone 'Asia/Kuala_Lumpur') >= d then (window_start at time zone 'Asia/Kuala_Lumpur')::time end as after_time,
           case when (window_end at time zone 'Asia/Kuala_Lumpur') < d + interval '1 day' then (window_end at time zone 'Asia/Kuala_Lumpur')::time end as until_time
    from generate_series((window_start at time zone 'Asia/Kuala_Lumpur')::date::timestamp,
                         (window_end at time zone 'Asia/Kuala_Lumpur')::date::timestamp, interval '1 day') d
  ),
  due as materialized (
    select p.id as person_id, p.account_id, d.day,
           exists (select 1 from public.monitoring m where m.person_id = p.id and m.state = 'active') as monitored
    from days d
    join public.persons p
      on (d.after_time is null or p.reminder_time > d.after_time)
     and (d.until_time is null or p.reminder_time <= d.until_time)
    where not exists (
      select 1 from public.assessments a
      where a.person_id = p.id
        and a.submitted_at >= (d.day::timestamp at time zone 'Asia/Kuala_Lumpur')
        and a.submitted_at < ((d.day + 1)::timestamp at time zone 'Asia/Kuala_Lumpur'))
  ),
  recipients as materialized (
    -- The person's own account and each guardian's, as private.notify_person tells them, with the key
    -- private.notify_person would give: once per person, day and account.
    select r.*, 'reminder:' || r.person_id || ':' || r.day || ':' || r.account as dedupe_key
    from (
      select due.person_id, due.day, due.monitored, due.account_id as account from due where due.account_id is not null
      union
      select due.person_id, due.day, due.monitored, g.guardian_id from due join public.dependents g on g.person_id = due.person_id
    ) r
  ),
  -- What private.notify does, for the whole window in one statement (as the announcements' fan-out does):
  -- the outbox rows claim their dedupe keys, then the inbox rows of those claimed are written. A reminder
  -- already queued for the key is neither sent nor counted again.
  queued as (
    insert into private.notification_outbox (notification_id, account_id, dedupe_key)
    select gen_random_uuid(), r.account, r.dedupe_key from recipients r
    on conflict on constraint notification_outbox_dedupe_key_unique do nothing
    returning notification_id, account_id, dedupe_key
  ),
  inboxed as (
    insert into public.notifications (id, account_id, person_id, kind, title, body, data)
    select q.notification_id, q.account_id, r.person_id, 'reminder',
      case when r.monitored
        then jsonb_build_object('ms', 'Pemantauan: penilaian kesihatan hari ini', 'en', 'Monitoring: today''s health assessment')
        else jsonb_build_object('ms', 'Penilaian kesihatan hari ini', 'en', 'Today''s health assessment') end,
      case when r.monitored
        then jsonb_build_object('ms', 'Anda dalam tempoh pemantauan. Sila buat penilaian kesihatan hari ini.',
                                'en', 'You are being monitored. Please make today''s health assessment.')
        else jsonb_build_object('ms', 'Penilaian kesihatan hari ini belum dibuat. Sila buat sekarang.',
                                'en', 'Today''s health assessment has not been made yet. Please make it now.') end,
      jsonb_build_object('person_id', r.person_id, 'day', r.day)
    from queued q
    join recipients r on r.dedupe_key = q.dedupe_key
    returning 1
  )
  select count(*) into sent from inboxed;
  return sent;
end
$$;
comment on function private.send_reminders(timestamptz, timestamptz) is
  'Reminds everyone whose preferred time of day (persons.reminder_time, Malaysian time) falls in (window_start, window_end] '
  'and who has not declared that day: their own account and their guardians''. Once per person, day and account '
  '(dedupe key reminder:<person>:<day>:<account>). Returns how many it queued.';

create table private.reminder_windows (
  window_end timestamptz primary key,
  window_start timestamptz not null,
  reminded integer not null,
  ran_at timestamptz not null default now()
);
comment on table private.reminder_windows is
  'The windows the reminder job has covered: the next run starts where the last ended, so a restart neither skips nor doubles.';
revoke all on private.reminder_windows from public, anon, authenticated, service_role;

create function private.run_reminders(now_ timestamptz default now()) returns jsonb
language plpgsql security definer set search_path = ''
as $$
declare
  from_ timestamptz;
  sent integer;
begin
  -- One run at a time: a second waits, then starts where the first ended.
  lock table private.reminder_windows in share row exclusive mode;
  select max(w.window_end) into from_ from private.reminder_windows w;
  -- The first run looks back one interval; after a long outage, at most a day (older reminders are moot).
  from_ := greatest(coalesce(from_, now_ - interval '5 minutes'), now_ - interval '1 day');
  if from_ >= now_ then
    return jsonb_build_object('window_start', from_, 'window_end', now_, 'reminded', 0);
  end if;
  sent := private.send_reminders(from_, now_);
  insert into private.reminder_windows (window_start, window_end, reminded) values (from_, now_, sent);
  delete from private.reminder_windows w where w.window_end < now_ - interval '30 days';
  return jsonb_build_object('window_start', from_, 'window_end', now_, 'reminded', sent);
end
$$;
comment on function private.run_reminders(timestamptz) is
  'The reminder job: sends the reminders due since the previous run''s window ended (private.send_reminders) and records the window.';

-- Reports: subscriptions -----------------------------------------------------------------------------------

create table public.report_subscriptions (
  id uuid primary key default gen_random_uuid(),
  staff_id uuid not null default auth.uid() references public.staff (user_id) on delete cascade,
  states text[] not null default '{}',
  districts text[] not null default '{}',
  sections text[] not null default '{high_risk,figures}',
  email text,
  language public.language not null default 'en',
  active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint report_subscriptions_email_format check (email ~* '^[^@\s]+@[^@\s]+\.[^@\s]+$' and length(email) <= 320),
  constraint report_subscriptions_language_written check (language in ('ms', 'en'))
);
comment on table public.report_subscriptions is
  'A staff member''s daily report: which areas (states and districts within their jurisdiction; none chosen: all of it), '
  'which sections (high_risk, figures), to which email address (none: console and push only), in which language (ms, en).';
comment on column public.report_subscriptions.districts is 'District codes; a district inside a chosen state is dropped (the state holds it).';
create index report_subscriptions_staff_id_idx on public.report_subscriptions (staff_id);

-- The districts a staff member's report may cover, narrowed to the areas chosen; raises for an area
-- outside their jurisdiction, naming the field. Null means the whole country (analysts, administrators,
-- nothing chosen), so that rows without a district count too.
create function private.report_scope(staff uuid, states text[], districts text[]) returns text[]
language plpgsql stable security definer set search_path = ''
as $$
declare
  member public.staff;
  covered text[];
  area text;
  chosen text[] := '{}';
begin
  select * into member from public.staff s where s.user_id = staff and s.active;
  if not found or member.role = 'agent' then
    raise exception 'staff_id: daily reports are for active officers, supervisors, analysts and administrators' using errcode = '42501';
  end if;
  covered := case member.role
    when 'officer' then array(select sd.district_code from public.staff_districts sd where sd.staff_id = staff)
    when 'supervisor' then array(select d.code from public.districts d where d.state_code = member.state_code)
    else null
  end;
  foreach area in array coalesce(states, '{}') loop
    if not exists (select 1 from public.states s where s.code = area) then
      raise exception 'states: there is no state %', area using errcode = '22023';
    end if;
    if covered is not null and not exists (select 1 from public.districts d where d.state_code = area and d.code = any (covered)) then
      raise exception 'states: % is outside your jurisdiction', area using errcode = '42501';
    end if;
    chosen := chosen || array(select d.code from public.districts d where d.state_code = area and (covered is null or d.code = any (covered)));
  end loop;
  foreach area in array coalesce(districts, '{}') loop
    if not exists (select 1 from public.districts d where d.code = area) then
      raise exception 'districts: there is no district %', area using errcode = '22023';
    end if;
    if covered is not null and not (area = any (covered)) then
      raise exception 'districts: % is outside your jurisdiction', area using errcode = '42501';
    end if;
    chosen := chosen || area;
  end loop;
  if cardinality(chosen) = 0 then
    return covered;
  end if;
  return array(select distinct c from unnest(chosen) c order by c);
end
$$;

create function private.report_subscriptions_before_write() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  if tg_op = 'UPDATE' and new.staff_id is distinct from old.staff_id then
    raise exception 'staff_id: a subscription stays with the staff member who made it' using errcode = '42501';
  end if;
  new.sections := array(select distinct s from unnest(coalesce(new.sections, '{}')) s order by s);
  if cardinality(new.sections) = 0 then
    raise exception 'sections: choose at least one of high_risk, figures' using errcode = '23514';
  end if;
  if exists (select 1 from unnest(new.sections) s where s not in ('high_risk', 'figures')) then
    raise exception 'sections: only high_risk and figures exist, not %',
      (select string_agg(s, ', ') from unnest(new.sections) s where s not in ('high_risk', 'figures')) using errcode = '23514';
  end if;
  new.states := array(select distinct s from unnest(coalesce(new.states, '{}')) s order by s);
  new.districts := array(select distinct d from unnest(coalesce(new.districts, '{}')) d order by d);
  -- Raises for an unknown area or one outside the staff member's jurisdiction.
  perform private.report_scope(new.staff_id, new.states, new.districts);
  new.districts := array(
    select d.code from public.districts d where d.code = any (new.districts) and not (d.state_code = any (new.states)) order by d.code);
  new.email := nullif(lower(trim(new.email)), '');
  if tg_op = 'UPDATE' then
    new.updated_at := now();
  end if;
  return new;
end
$$;
create trigger report_subscriptions_before_write before insert or update on public.report_subscriptions
  for each row execute function private.report_subscriptions_before_write();

alter table public.report_subscriptions enable row level security;

create policy "staff see their own report subscriptions" on public.report_subscriptions
  for select to authenticated using (staff_id = (select auth.uid()));
create policy "admins see every report subscription" on public.report_subscriptions
  for select to authenticated using ((select private.has_role('admin')));
create policy "staff subscribe themselves" on public.report_subscriptions
  for insert to authenticated with check (staff_id = (select auth.uid()));
create policy "staff change their own report subscriptions" on public.report_subscriptions
  for update to authenticated using (staff_id = (select auth.uid())) with check (staff_id = (select auth.uid()));
create policy "staff remove their own report subscriptions" on public.report_subscriptions
  for delete to authenticated using (staff_id = (select auth.uid()));

revoke all on public.report_subscriptions from anon;
revoke insert, update on public.report_subscriptions from authenticated;
grant insert (id, states, districts, sections, email, language, active) on public.report_subscriptions to authenticated;
grant update (states, districts, sections, email, language, active) on public.report_subscriptions to authenticated;
revoke insert, update, delete on public.report_subscriptions from service_role;

-- Reports ------------------------------------------------------------------------------------------------

create table public.reports (
  id uuid primary key default gen_random_uuid(),
  subscription_id uuid references public.report_subscriptions (id) on delete set null,
  staff_id uuid not null references public.staff (user_id) on delete cascade,
  report_date date not null,
  language public.language not null,
  sections text[] not null,
  personal_data boolean not null,
  status text not null default 'generated',
  data jsonb,
  error text,
  csv text,
  document text,
  email_to text,
  emailed_at timestamptz,
  email_error text,
  generated_at timestamptz not null default now(),
  claimed_until timestamptz,
  delivered_at timestamptz,
  constraint reports_one_per_subscription_and_day unique (subscription_id, report_date),
  constraint reports_status_known check (status in ('generated', 'delivered', 'failed')),
  constraint reports_failed_says_why check (status <> 'failed' or error is not null)
);
comment on table public.reports is
  'One daily report per subscription and day: data (the figures and the high-risk summary as generated), then csv and '
  'document (a self-contained printable HTML page with charts) once the daily-reports function has rendered it.';
comment on column public.reports.report_date is 'The Malaysian day whose events the report counts; statuses and monitoring are as at generated_at.';
comment on column public.reports.personal_data is 'Whether the report names people (officers, supervisors, administrators); never for analysts.';
comment on column public.reports.status is 'generated (not yet rendered and sent), delivered, or failed (error says why).';
comment on column public.reports.claimed_until is
  'While a run of the daily-reports function renders and sends it: no other run takes it before then (a run that died leaves it to the next).';
create index reports_staff_id_report_date_idx on public.reports (staff_id, report_date desc);
create index reports_report_date_status_idx on public.reports (report_date, status);

alter table public.reports enable row level security;

create policy "staff see their own reports" on public.reports
  for select to authenticated using (staff_id = (select auth.uid()));
create policy "admins see every report" on public.reports
  for select to authenticated using ((select private.has_role('admin')));

revoke all on public.reports from anon;
revoke insert, update, delete on public.reports from authenticated, service_role;

-- The high-risk lists read PUI by district: a small partial index instead of every person.
create index persons_pui_district_idx on public.persons (district_code) where status = 'pui';

-- Generating a report --------------------------------------------------------------------------------------

-- The people behind a high-risk figure, at most `max_rows` of them, for reports that may name people.
create function private.report_people(scope text[], list text, max_rows integer) returns jsonb
language plpgsql stable security definer set search_path = ''
as $$
declare
  non_reporting_hours integer := (select r.non_reporting_hours from public.rule_sets r where r.id = public.current_rule_set_id());
  result jsonb;
begin
  if list = 'pui' then
    select coalesce(jsonb_agg(x order by x ->> 'since'), '[]') into result from (
      select jsonb_build_object('person_id', p.id, 'full_name', p.full_name, 'identity_masked', p.identity_masked, 'phone', p.phone,
                                'district_code', p.district_code, 'since', p.status_since) as x
      from public.persons p
      where p.status = 'pui' and (scope is null or p.district_code = any (scope))
      order by p.status_since
      limit max_rows) rows_;
  else
    select coalesce(jsonb_agg(x order by x ->> 'last_report_at' nulls first), '[]') into result from (
      select jsonb_build_object('person_id', p.id, 'full_name', p.full_name, 'identity_masked', p.identity_masked, 'phone', p.phone,
                                'district_code', p.district_code, 'status', p.status, 'case_number', c.case_number,
                                'last_report_at', m.last_report_at, 'ends_on', m.ends_on) as x
      from public.monitoring m
      -- Each monitored person by primary key (limit 1 keeps the planner from hashing a million persons
      -- to join a few thousand periods).
      cross join lateral (select p.* from public.persons p where p.id = m.person_id limit 1) p
      left join lateral (
        select c.case_number from public.contacts ct join public.cases c on c.id = ct.case_id where ct.id = m.contact_id limit 1) c on true
      where m.state = 'active' and (scope is null or m.district_code = any (scope))
        and case list
              when 'symptomatic_contacts' then p.symptomatic and p.status <> 'pui'
              when 'test_advised' then p.status = 'pui'
              when 'non_reporting' then coalesce(m.last_report_at, m.starts_on::timestamptz) < now() - make_interval(hours => non_reporting_hours)
              else false
            end
      order by m.last_report_at nulls first
      limit max_rows) rows_;
  end if;
  return result;
end
$$;

create function private.daily_report_data(subscription uuid, report_date date) returns jsonb
language plpgsql volatile security definer set search_path = ''
as $$
declare
  sub public.report_subscriptions;
  member public.staff;
  scope text[];
  personal boolean;
  areas jsonb;
  totals jsonb;
  high_risk jsonb;
  counts jsonb;
  non_reporting_hours integer := (select r.non_reporting_hours from public.rule_sets r where r.id = public.current_rule_set_id());
  claims text := current_setting('request.jwt.claims', true);
  claim_sub text := current_setting('request.jwt.claim.sub', true);
  result jsonb;
begin
  select * into sub from public.report_subscriptions s where s.id = subscription;
  if not found then
    raise exception 'subscription: there is no report subscription %', subscription using errcode = 'P0002';
  end if;
  select * into member from public.staff s where s.user_id = sub.staff_id;
  scope := private.report_scope(sub.staff_id, sub.states, sub.districts);
  personal := member.role <> 'analyst';
  -- The analytics functions judge by the caller: for this report, the caller is its reader.
  perform set_config('request.jwt.claims', jsonb_build_object('sub', sub.staff_id, 'role', 'authenticated')::text, true);
  perform set_config('request.jwt.claim.sub', sub.staff_id::text, true);

  -- One row per area: the areas chosen, else a state per state (whole country) or a district per district.
  with area_list as (
    select s.code, s.name_ms as name, s.code as state_code, null::text as district_code, 'state' as kind
    from public.states s
    where s.code = any (sub.states) or (scope is null and cardinality(sub.states) = 0 and cardinality(sub.districts) = 0)
    union all
    select d.code, d.name, null, d.code, 'district'
    from public.districts d
    where d.code = any (sub.districts)
       or (scope is not null and cardinality(sub.states) = 0 and cardinality(sub.districts) = 0 and d.code = any (scope))
  ),
  figures as (
    select a.code, a.name, a.kind, private.dashboard_summary(report_date, report_date, a.state_code, a.district_code) as summary
    from area_list a
  )
  select coalesce(jsonb_agg(jsonb_build_object(
           'code', f.code, 'name', f.name, 'kind', f.kind,
           'events', f.summary -> 'in_range',
           'people_by_status', f.summary -> 'people_by_status',
           'symptomatic', f.summary -> 'symptomatic',
           'monitoring', f.summary -> 'monitoring') order by f.code), '[]')
  into areas from figures f;

  -- Totals: the whole jurisdiction at once (rows without a district count country-wide), else the areas' sum.
  if cardinality(sub.states) = 0 and cardinality(sub.districts) = 0 then
    totals := private.dashboard_summary(report_date, report_date);
    totals := jsonb_build_object('events', totals -> 'in_range', 'people_by_status', totals -> 'people_by_status',
                                 'symptomatic', totals -> 'symptomatic', 'monitoring', totals -> 'monitoring');
  else
    select jsonb_build_object(
      'events', (select coalesce(jsonb_object_agg(k, v), '{}') from (
                   select e.key as k, sum(e.value::bigint) as v from jsonb_array_elements(areas) a, jsonb_each_text(a -> 'events') e group by e.key) x),
      'people_by_status', (select coalesce(jsonb_object_agg(k, v), '{}') from (
                   select e.key as k, sum(e.value::bigint) as v from jsonb_array_elements(areas) a, jsonb_each_text(a -> 'people_by_status') e group by e.key) x),
      'symptomatic', (select coalesce(sum((a ->> 'symptomatic')::bigint), 0) from jsonb_array_elements(areas) a),
      'monitoring', jsonb_build_object(
        'active', (select coalesce(sum((a -> 'monitoring' ->> 'active')::bigint), 0) from jsonb_array_elements(areas) a),
        'non_reporting', (select coalesce(sum((a -> 'monitoring' ->> 'non_reporting')::bigint), 0) from jsonb_array_elements(areas) a)))
    into totals;
  end if;

  if 'high_risk' = any (sub.sections) then
    select jsonb_build_object(
      'pui', coalesce((totals -> 'people_by_status' ->> 'pui')::bigint, 0),
      'confirmed', coalesce((totals -> 'people_by_status' ->> 'confirmed')::bigint, 0),
      'test_advised', count(*) filter (where p.status = 'pui'),
      'symptomatic_contacts', count(*) filter (where p.symptomatic and p.status <> 'pui'),
      'non_reporting', count(*) filter (where coalesce(m.last_report_at, m.starts_on::timestamptz) < now() - make_interval(hours => non_reporting_hours)))
    into counts
    from public.monitoring m
    cross join lateral (select p.status, p.symptomatic from public.persons p where p.id = m.person_id limit 1) p
    where m.state = 'active' and (scope is null or m.district_code = any (scope));
    high_risk := jsonb_build_object('counts', counts);
    if personal then
      high_risk := high_risk || jsonb_build_object('people', jsonb_build_object(
        'pui', private.report_people(scope, 'pui', 200),
        'test_advised', private.report_people(scope, 'test_advised', 200),
        'symptomatic_contacts', private.report_people(scope, 'symptomatic_contacts', 200),
        'non_reporting', private.report_people(scope, 'non_reporting', 200)));
    end if;
  end if;

  perform set_config('request.jwt.claims', coalesce(claims, ''), true);
  perform set_config('request.jwt.claim.sub', coalesce(claim_sub, ''), true);

  result := jsonb_build_object(
    'report_date', report_date,
    'generated_at', now(),
    'language', sub.language,
    'role', member.role,
    'personal_data', personal,
    'sections', to_jsonb(sub.sections),
    'scope', jsonb_build_object(
      'whole_jurisdiction', cardinality(sub.states) = 0 and cardinality(sub.districts) = 0,
      'states', to_jsonb(sub.states), 'districts', to_jsonb(sub.districts)),
    'max_people_per_list', 200);
  if 'figures' = any (sub.sections) then
    result := result || jsonb_build_object('figures', jsonb_build_object('totals', totals, 'areas', areas));
  end if;
  if high_risk is not null then
    result := result || jsonb_build_object('high_risk', high_risk);
  end if;
  return result;
end
$$;
comment on function private.daily_report_data(uuid, date) is
  'A subscription''s report for a Malaysian day, as its reader may see it: the day''s events, people by status and '
  'monitoring per area and in total (figures), and the high-risk counts with, except for analysts, the people behind them '
  '(at most 200 per list).';

create function private.generate_daily_reports(report_date date default null, max_new integer default null) returns setof public.reports
language plpgsql security definer set search_path = ''
as $$
declare
  day date := coalesce(report_date, private.today() - 1);
  sub public.report_subscriptions;
  member public.staff;
begin
  if day > private.today() then
    raise exception 'report_date: % has not begun in Malaysia yet', day using errcode = '22023';
  end if;
  if max_new is not null and max_new < 1 then
    raise exception 'max_new: generate at least one report per call, or give none for all' using errcode = '22023';
  end if;
  for sub in
    select s.* from public.report_subscriptions s
    join public.staff st on st.user_id = s.staff_id and st.active
    where s.active and not exists (select 1 from public.reports r where r.subscription_id = s.id and r.report_date = day)
    order by s.created_at, s.id
    limit max_new
    -- Two runs at once (a retry overlapping a slow first run) share the work instead of doing it twice.
    for update of s skip locked
  loop
    select * into member from public.staff st where st.user_id = sub.staff_id;
    begin
      insert into public.reports (subscription_id, staff_id, report_date, language, sections, personal_data, data, email_to)
      values (sub.id, sub.staff_id, day, sub.language, sub.sections, member.role <> 'analyst',
              private.daily_report_data(sub.id, day), sub.email)
      on conflict on constraint reports_one_per_subscription_and_day do nothing;
    exception when others then
      -- One subscription gone wrong (e.g. a jurisdiction since narrowed) does not stop the others.
      insert into public.reports (subscription_id, staff_id, report_date, language, sections, personal_data, status, error, email_to)
      values (sub.id, sub.staff_id, day, sub.language, sub.sections, member.role <> 'analyst', 'failed', sqlerrm, sub.email)
      on conflict on constraint reports_one_per_subscription_and_day do nothing;
    end;
  end loop;
  -- Handed to this caller for ten minutes: a run overlapping it never sends the same report twice.
  return query
    update public.reports r set claimed_until = now() + interval '10 minutes'
    where r.id in (
      select c.id from public.reports c
      where c.report_date = day and c.status = 'generated' and (c.claimed_until is null or c.claimed_until < now())
      order by c.generated_at, c.id
      limit coalesce(max_new, 1000)
      for update skip locked)
    returning r.*;
end
$$;
comment on function private.generate_daily_reports(date, integer) is
  'Generates the day''s report of every active subscription that has none yet, or of at most max_new of them '
  '(report_date defaults to yesterday in Malaysia), and hands the caller the day''s reports still to render and send '
  '(at most max_new, else 1000), each for ten minutes. Idempotent.';

create function private.finish_daily_report(report_id uuid, csv text, document text, email_error text default null) returns public.reports
language plpgsql security definer set search_path = ''
as $$
declare
  row_ public.reports;
begin
  if csv is null or document is null then
    raise exception 'csv, document: give both renderings of the report' using errcode = '22004';
  end if;
  update public.reports r
  set csv = finish_daily_report.csv, document = finish_daily_report.document, status = 'delivered', delivered_at = now(),
      emailed_at = case when r.email_to is not null and finish_daily_report.email_error is null then now() end,
      email_error = finish_daily_report.email_error
  where r.id = report_id and r.status = 'generated'
  returning * into row_;
  if not found then
    select * into row_ from public.reports r where r.id = report_id;
    if not found then
      raise exception 'report_id: there is no report %', report_id using errcode = 'P0002';
    end if;
    -- Already delivered: a repeated call changes nothing.
    return row_;
  end if;
  perform private.notify(
    row_.staff_id, null, 'report_ready',
    jsonb_build_object('ms', 'Laporan harian ' || to_char(row_.report_date, 'DD/MM/YYYY') || ' sedia',
                       'en', 'Daily report for ' || to_char(row_.report_date, 'DD/MM/YYYY') || ' is ready'),
    jsonb_build_object('ms', 'Laporan harian anda sedia untuk dibaca dan dimuat turun di konsol.',
                       'en', 'Your daily report is ready to read and download in the console.'),
    jsonb_build_object('report_id', row_.id, 'report_date', row_.report_date),
    'report_ready:' || row_.id);
  return row_;
end
$$;
comment on function private.finish_daily_report(uuid, text, text, text) is
  'For the daily-reports function: stores a report''s CSV and document, records the email (sent, or email_error), and '
  'announces it to its reader (report_ready, once). A repeated call changes nothing.';

-- Reports that name people are personal data: kept as long as assessments are (retention_settings), then
-- deleted by the purge job; reports of aggregates are kept.
create function private.purge_expired_reports(now_ timestamptz default now()) returns jsonb
language plpgsql security definer set search_path = ''
as $$
declare
  days integer := (select r.assessments_days from private.retention_settings r);
  deleted bigint;
begin
  with gone as (
    delete from public.reports r
    where r.personal_data and r.generated_at < now_ - make_interval(days => days)
    returning 1)
  select count(*) into deleted from gone;
  return jsonb_build_object('reports', deleted);
end
$$;
comment on function private.purge_expired_reports(timestamptz) is
  'Part of the retention job: deletes reports that name people once older than the assessments'' retention period.';

-- What the daily-reports function calls (service role only) ----------------------------------------------------

create function public.generate_daily_reports(report_date date default null, max_new integer default null) returns setof public.reports
language sql security invoker set search_path = ''
as $$
  select * from private.generate_daily_reports(report_date, max_new)
$$;
comment on function public.generate_daily_reports(date, integer) is
  'Service role: generates the day''s reports (default yesterday in Malaysia; at most max_new new ones) and returns those still to render and send.';

create function public.finish_daily_report(report_id uuid, csv text, document text, email_error text default null) returns public.reports
language sql security invoker set search_path = ''
as $$
  select * from private.finish_daily_report(report_id, csv, document, email_error)
$$;
comment on function public.finish_daily_report(uuid, text, text, text) is
  'Service role: stores a rendered report, records its email, and announces it (report_ready).';

revoke all on function public.generate_daily_reports(date, integer), public.finish_daily_report(uuid, text, text, text) from public, anon, authenticated;
grant execute on function public.generate_daily_reports(date, integer), public.finish_daily_report(uuid, text, text, text) to service_role;

revoke all on function private.send_reminders(timestamptz, timestamptz), private.run_reminders(timestamptz),
  private.report_scope(uuid, text[], text[]), private.report_people(text[], text, integer), private.daily_report_data(uuid, date),
  private.generate_daily_reports(date, integer), private.finish_daily_report(uuid, text, text, text), private.job_schedule_changed(),
  private.report_subscriptions_before_write(), private.purge_expired_reports(timestamptz) from public;
grant execute on function private.send_reminders(timestamptz, timestamptz), private.run_reminders(timestamptz),
  private.generate_daily_reports(date, integer), private.finish_daily_report(uuid, text, text, text) to service_role;

-- The jobs ---------------------------------------------------------------------------------------------------
-- Times are UTC (pg_cron's): Malaysia is UTC+8 all year.

insert into private.job_schedule (name, schedule, command, function_name, description) values
  ('reminders', '*/5 * * * *', 'select private.run_reminders()', null,
   'Every 5 minutes: reminds everyone whose preferred time passed since the last run and who has not declared today.'),
  ('close_monitoring', '5 16 * * *', 'select * from private.close_finished_monitoring()', null,
   '00:05 in Malaysia: closes monitoring periods that are over (completed) or silent too long (lost to follow-up).'),
  ('purge_expired', '30 19 * * *', 'select private.purge_expired() || private.purge_expired_reports() as purged', null,
   '03:30 in Malaysia: deletes personal data past its retention period (daily reports that name people included).'),
  ('daily_reports', '*/15 23 * * *',
   $cmd$select net.http_post(
  url := (select decrypted_secret from vault.decrypted_secrets where name = 'project_url') || '/functions/v1/daily-reports',
  headers := jsonb_build_object('Content-Type', 'application/json',
    'Authorization', 'Bearer ' || (select decrypted_secret from vault.decrypted_secrets where name = 'service_role_key')),
  body := '{}'::jsonb,
  timeout_milliseconds := 300000)$cmd$,
   'daily-reports',
   '07:00 in Malaysia, then every 15 minutes until 07:45 to finish what a run left (each run does what is not yet done): '
   'yesterday''s reports, rendered, emailed and announced by the daily-reports function.');
