-- Privacy and trust (PDPA 2010): the audit log of what staff write and read, the retention purge that
-- deletes what is no longer needed, and the subject-access export of everything held about a person.
--
-- * Audit: every write by staff to personal data (directly, through an RPC, or by the triggers their
--   write sets off) and every officer read of a person's record through public.person_detail leaves a
--   row saying who, in which role, did what to which row and when: the names of the changed columns,
--   never their values. Writes by members of the public to their own data, by the service role and by
--   the database's own jobs are not staff actions and are not logged. Only administrators read the log;
--   nobody writes it through the API.
-- * Retention: private.purge_expired, run daily by the scheduler with the service role, deletes
--   assessments, closed monitoring periods, notifications and audit rows older than their periods in
--   private.retention_settings (90 days, 90 days, 180 days, 2 years).
-- * Export: public.export_my_data returns everything held about the caller and their dependents.
--
-- Reads through PostgREST cannot be audited by the database (no trigger fires on select): the admin
-- console opens a person's record only through public.person_detail, and lists read summary views.

-- The audit log --------------------------------------------------------------------------------------

create table public.audit_log (
  id bigint generated always as identity primary key,
  at timestamptz not null default now(),
  -- No foreign keys: the trail must outlive the accounts and persons it is about.
  actor_id uuid,
  actor_role text not null,
  action text not null,
  table_name text not null,
  row_id text,
  person_id uuid,
  changed_columns text[],
  details jsonb not null default '{}',
  constraint audit_log_action_known check (action in ('insert', 'update', 'delete', 'read', 'export')),
  constraint audit_log_actor_role_known check (
    actor_role in ('officer', 'supervisor', 'analyst', 'agent', 'admin', 'public', 'service_role', 'system')),
  constraint audit_log_details_is_object check (jsonb_typeof(details) = 'object')
);
comment on table public.audit_log is
  'Who did what to personal data, and when: staff writes and reads of person records, subject-access exports, retention '
  'purges. Names of changed columns only, never values. Read by administrators; written only by the database; kept '
  'for retention_settings.audit_days (two years).';
comment on column public.audit_log.actor_id is 'The signed-in account that acted (auth.uid()); null for the service role and database jobs.';
comment on column public.audit_log.actor_role is
  'The actor''s staff role when they acted, or public (a member of the public), service_role, or system (a database job).';
comment on column public.audit_log.table_name is 'The table written or read, or retention for a purge.';
comment on column public.audit_log.row_id is 'The row''s key as text; key columns joined by '':'' where the key has several.';
comment on column public.audit_log.person_id is 'The person the row is about, when there is one: find a person''s whole trail by it.';
comment on column public.audit_log.changed_columns is 'For updates: the names of the columns whose values changed (updated_at aside).';
comment on column public.audit_log.details is
  'Never personal data. by_trigger: the write was made by the database in consequence of the actor''s write; counts for purges and exports.';
create index audit_log_person_id_at_idx on public.audit_log (person_id, at);
create index audit_log_actor_id_at_idx on public.audit_log (actor_id, at);
create index audit_log_at_idx on public.audit_log (at);

alter table public.audit_log enable row level security;
create policy "admins read the audit log" on public.audit_log
  for select to authenticated using ((select private.has_role('admin')));

-- Rows are written by the definer functions below and deleted only by the retention purge. Not even
-- the service role reads or writes them through the API.
revoke all on public.audit_log from anon, authenticated, service_role;
revoke all on sequence public.audit_log_id_seq from anon, authenticated, service_role;
grant select on public.audit_log to authenticated;

create function private.refuse_audit_change() returns trigger
language plpgsql set search_path = ''
as $$
begin
  raise exception 'audit_log: audit records are never changed' using errcode = '42501';
end
$$;
create trigger audit_log_append_only before update on public.audit_log
  for each row execute function private.refuse_audit_change();

create function private.audit_actor_role() returns text
language sql stable security definer set search_path = ''
as $$
  select coalesce(
    private.staff_role()::text,
    case when (select auth.role()) = 'service_role' then 'service_role'
         when (select auth.uid()) is not null or (select auth.role()) = 'anon' then 'public'
         else 'system' end)
$$;
comment on function private.audit_actor_role() is
  'The current actor as the audit log names them: their staff role, public, service_role, or system (no JWT: a database job).';

-- Staff writes ---------------------------------------------------------------------------------------

create function private.audit_staff_write() returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  actor uuid := auth.uid();
  role_ public.staff_role;
  details jsonb;
  ignored text[];
  person_column text;
  compared text[];
begin
  -- Members of the public writing their own data, the service role and database jobs (no auth.uid())
  -- are not staff actions. Most writes are theirs (every declaration that changes a status updates the
  -- person), so they are told apart first, with one read of staff (private.staff_role's, without its call).
  if actor is null then
    return null;
  end if;
  select s.role into role_ from public.staff s where s.user_id = actor and s.active;
  if role_ is null then
    return null;
  end if;
  details := case when pg_trigger_depth() > 1 then '{"by_trigger": true}'::jsonb else '{}'::jsonb end;
  ignored := case when tg_table_name = 'persons' then array['updated_at', 'status', 'status_since', 'symptomatic']
                  else array['updated_at'] end;
  -- Statement-level: one insert into the log however many rows the statement wrote (an import of ten
  -- thousand contacts is one statement), its SQL written for this table: the key columns (the trigger's
  -- arguments) and the person are read from each row as columns, never by turning whole rows into JSON.
  person_column := case when tg_table_name = 'persons' then 'id'
                        when exists (select 1 from pg_catalog.pg_attribute a
                                     where a.attrelid = tg_relid and a.attname = 'person_id' and a.attnum > 0 and not a.attisdropped)
                          then 'person_id' end;
  if tg_op in ('INSERT', 'DELETE') then
    execute format(
      'insert into public.audit_log (actor_id, actor_role, action, table_name, row_id, person_id, changed_columns, details)
       select $1, $2, $3, $4, %s, %s, null, $5 from %I r',
      private.audit_key_sql('r', tg_argv), coalesce('r.' || quote_ident(person_column), 'null::uuid'),
      case tg_op when 'INSERT' then 'new_rows' else 'old_rows' end)
    using actor, role_::text, lower(tg_op), tg_table_name, details;
  else
    -- The names of the columns whose values changed, compared column by column. Rows whose only changes
    -- are bookkeeping are not staff writes to personal data: updated_at, and a person's status, which the
    -- database derives and records with who caused it in status_history (a 10,000-contact import changes
    -- 10,000 statuses).
    select array_agg(a.attname::text order by a.attname::text collate "C") into compared
    from pg_catalog.pg_attribute a
    where a.attrelid = tg_relid and a.attnum > 0 and not a.attisdropped and a.attname <> all (ignored);
    execute format(
      'insert into public.audit_log (actor_id, actor_role, action, table_name, row_id, person_id, changed_columns, details)
       select $1, $2, ''update'', $3, c.row_id, c.person_id, c.changed, $4
       from (
         select %s as row_id, %s as person_id, array_remove(array[%s]::text[], null) as changed
         from new_rows n join old_rows o on %s = %s
       ) c
       where cardinality(c.changed) > 0',
      private.audit_key_sql('n', tg_argv), coalesce('n.' || quote_ident(person_column), 'null::uuid'),
      (select string_agg(format('case when n.%1$I is distinct from o.%1$I then %1$L end', c), ', ' order by ord)
       from unnest(compared) with ordinality u (c, ord)),
      private.audit_key_sql('n', tg_argv), private.audit_key_sql('o', tg_argv))
    using actor, role_::text, tg_table_name, details;
  end if;
  return null;
end
$$;

-- SQL for a row's key as text (the audit log's row_id): the key column, or the key columns joined by ':'.
create function private.audit_key_sql(alias text, key_columns text[]) returns text
language sql immutable set search_path = ''
as $$
  select case when cardinality(key_columns) = 1
              then format('%I.%I::text', alias, key_columns[array_lower(key_columns, 1)])
              else 'concat_ws('':'', ' || (select string_agg(format('%I.%I::text', alias, k.name), ', ' order by k.ord)
                                           from unnest(key_columns) with ordinality k (name, ord)) || ')' end
$$;
comment on function private.audit_staff_write() is
  'AFTER statement trigger on personal-data tables (with transition tables): logs inserts, updates (with the changed '
  'column names) and deletes made by active staff, whether directly, through an RPC, or by the triggers their write sets '
  'off, one set-based insert per statement. Arguments: the key columns.';

do $$
declare
  audited record;
  event text;
begin
  for audited in
    select * from (values
      ('persons', array['id']), ('dependents', array['guardian_id', 'person_id']), ('cases', array['id']),
      ('contacts', array['id']), ('monitoring', array['id']), ('lab_results', array['id']),
      ('staff', array['user_id']), ('staff_districts', array['staff_id', 'district_code'])
    ) t (table_name, key_columns)
  loop
    -- A trigger with transition tables serves one event, so each table gets three.
    foreach event in array array['insert', 'update', 'delete'] loop
      execute format(
        'create trigger %I after %s on public.%I referencing %s for each statement execute function private.audit_staff_write(%s)',
        'audit_staff_' || event, event, audited.table_name,
        case event when 'insert' then 'new table as new_rows' when 'delete' then 'old table as old_rows'
                   else 'old table as old_rows new table as new_rows' end,
        (select string_agg(quote_literal(k), ', ') from unnest(audited.key_columns) k));
    end loop;
  end loop;
end
$$;

-- Staff reads and exports ---------------------------------------------------------------------------------

create function private.audit_read(table_name text, row_id text, person uuid) returns void
language plpgsql security definer set search_path = ''
as $$
declare
  role_ public.staff_role := private.staff_role();
begin
  -- Only staff reads are audited: people reading their own and their dependents' records are not.
  if role_ is null then
    return;
  end if;
  if audit_read.table_name is null then
    raise exception 'table_name: say which table was read' using errcode = '22004';
  end if;
  insert into public.audit_log (actor_id, actor_role, action, table_name, row_id, person_id)
  values ((select auth.uid()), role_::text, 'read', audit_read.table_name, audit_read.row_id, audit_read.person);
end
$$;
comment on function private.audit_read(text, text, uuid) is 'Logs that the current staff member read a row; does nothing for anyone else.';

create function private.audit_export(person uuid, details jsonb) returns void
language plpgsql security definer set search_path = ''
as $$
begin
  if (select auth.uid()) is null then
    raise exception 'Sign in to download your data' using errcode = '42501';
  end if;
  if audit_export.person is not null and not private.owns_or_guards(audit_export.person) then
    raise exception 'person: not your own person or one of your dependents' using errcode = '42501';
  end if;
  insert into public.audit_log (actor_id, actor_role, action, table_name, row_id, person_id, details)
  values ((select auth.uid()), private.audit_actor_role(), 'export',
          case when audit_export.person is null then 'account' else 'persons' end,
          coalesce(audit_export.person, (select auth.uid()))::text, audit_export.person, coalesce(audit_export.details, '{}'));
end
$$;
comment on function private.audit_export(uuid, jsonb) is
  'Logs a subject-access export by the current account: of their own person or a dependent, or of an account without a person.';

create function private.exposure_case_number(contact uuid) returns text
language sql stable security definer set search_path = ''
as $$
  -- A contact may see which case they were exposed to, by its number, without seeing the case itself
  -- (whose row names the index case's person).
  select c.case_number
  from public.contacts ct
  join public.cases c on c.id = ct.case_id
  where ct.id = contact
    and (private.owns_or_guards(ct.person_id) or private.handles_case(ct.case_id) or private.traces_person(ct.person_id))
$$;
comment on function private.exposure_case_number(uuid) is
  'The case number of an exposure (contact row) the caller may see: their own or a dependent''s, or one they trace.';

create function private.my_account() returns jsonb
language sql stable security definer set search_path = ''
as $$
  select jsonb_build_object('id', u.id, 'email', u.email, 'phone', u.phone, 'created_at', u.created_at)
  from auth.users u
  where u.id = (select auth.uid())
$$;
comment on function private.my_account() is 'The caller''s own sign-in account (id, email, phone, created_at), and nobody else''s.';

revoke all on function private.refuse_audit_change(), private.audit_actor_role(), private.audit_staff_write(),
  private.audit_read(text, text, uuid), private.audit_export(uuid, jsonb), private.exposure_case_number(uuid),
  private.my_account() from public;
grant execute on function private.audit_actor_role(), private.audit_read(text, text, uuid), private.audit_export(uuid, jsonb),
  private.exposure_case_number(uuid), private.my_account() to authenticated, service_role;

-- A person's record, as the console opens it ---------------------------------------------------------------

create function public.person_detail(person_id uuid) returns jsonb
language plpgsql security invoker set search_path = ''
as $$
declare
  person public.persons;
  result jsonb;
begin
  if person_detail.person_id is null then
    raise exception 'person_id: say which person to open' using errcode = '22004';
  end if;
  -- Row-level security decides: a person the caller may not see does not exist for them.
  select * into person from public.persons p where p.id = person_detail.person_id;
  if not found then
    raise exception 'person_id: no such person in your jurisdiction' using errcode = '42501';
  end if;
  result := (to_jsonb(person) - 'identity_number') || jsonb_build_object(
    'status_history', (
      select coalesce(jsonb_agg(to_jsonb(h) order by h.changed_at, h.id), '[]')
      from public.status_history h where h.person_id = person.id),
    'assessments', (
      select coalesce(jsonb_agg(to_jsonb(a) order by a.submitted_at desc, a.seq desc), '[]')
      from (select * from public.assessments a where a.person_id = person.id order by a.submitted_at desc, a.seq desc limit 30) a),
    -- The person's exposures: the contact records in which they are the contact.
    'contacts', (
      select coalesce(jsonb_agg(to_jsonb(ct) || jsonb_build_object('case_number', private.exposure_case_number(ct.id))
                                order by ct.last_exposure_date desc, ct.id), '[]')
      from public.contacts ct where ct.person_id = person.id),
    'monitoring', (
      select coalesce(jsonb_agg(to_jsonb(m) order by m.starts_on desc, m.id), '[]')
      from public.monitoring m where m.person_id = person.id),
    'lab_results', (
      select coalesce(jsonb_agg(to_jsonb(r) order by r.sampled_on desc, r.created_at desc), '[]')
      from public.lab_results r where r.person_id = person.id),
    -- The person's own cases, with how many of each case's contacts the caller may see (their
    -- records are opened one by one, each read logged on its own).
    'cases', (
      select coalesce(jsonb_agg(to_jsonb(c) || jsonb_build_object(
               'contact_count', (select count(*) from public.contacts ct where ct.case_id = c.id))
             order by c.diagnosis_date desc, c.id), '[]')
      from public.cases c where c.person_id = person.id));
  perform private.audit_read('persons', person.id::text, person.id);
  return result;
end
$$;
comment on function public.person_detail(uuid) is
  'A person''s record as the caller may see it: the person, status history, latest 30 assessments, contacts (their '
  'exposures, with the case number), monitoring, lab results and cases. Staff reads are logged in the audit log. The '
  'admin console opens a person only through this.';

revoke all on function public.person_detail(uuid) from public, anon;
grant execute on function public.person_detail(uuid) to authenticated;

-- Retention --------------------------------------------------------------------------------------------------

create table private.retention_settings (
  singleton boolean primary key default true,
  assessments_days integer not null default 90,
  closed_monitoring_days integer not null default 90,
  notifications_days integer not null default 180,
  audit_days integer not null default 730,
  updated_at timestamptz not null default now(),
  constraint retention_settings_single_row check (singleton),
  constraint retention_settings_assessments_days check (assessments_days between 1 and 3650),
  constraint retention_settings_closed_monitoring_days check (closed_monitoring_days between 1 and 3650),
  constraint retention_settings_notifications_days check (notifications_days between 1 and 3650),
  -- The audit trail is kept at least two years.
  constraint retention_settings_audit_days check (audit_days between 730 and 3650)
);
comment on table private.retention_settings is
  'How long personal data is kept, in days (one row). Assessments and closed monitoring periods: 90; notifications: 180; '
  'audit records: two years, never less.';
insert into private.retention_settings default values;

alter table private.retention_settings enable row level security;
revoke all on private.retention_settings from public, anon, authenticated, service_role;

create trigger retention_settings_touch_updated_at before update on private.retention_settings
  for each row execute function private.touch_updated_at();

create function private.purge_expired(now_ timestamptz default now()) returns jsonb
language plpgsql security definer set search_path = ''
as $$
declare
  settings private.retention_settings;
  assessments_deleted bigint;
  monitoring_deleted bigint;
  notifications_deleted bigint;
  audit_deleted bigint;
  counts jsonb;
begin
  if now_ is null then
    raise exception 'now_: give the moment to purge as of' using errcode = '22004';
  end if;
  select * into settings from private.retention_settings;
  if not found then
    raise exception 'retention_settings: the settings row is missing; nothing was purged' using errcode = 'P0002';
  end if;

  -- The latest assessment of a person under active monitoring, or who is PUI or confirmed, is kept
  -- however old: classification (private.reclassify) derives symptomatic and exposed from it, so
  -- deleting it would silently downgrade a PUI or a symptomatic contact at the next reclassification,
  -- and the officer's line lists judge a monitored contact by their latest report.
  with gone as (
    delete from public.assessments a
    where a.submitted_at < now_ - make_interval(days => settings.assessments_days)
      and not (
        a.id = (select l.id from public.assessments l where l.person_id = a.person_id order by l.submitted_at desc, l.seq desc limit 1)
        and (exists (select 1 from public.monitoring m where m.person_id = a.person_id and m.state = 'active')
             or exists (select 1 from public.persons p where p.id = a.person_id and p.status in ('pui', 'confirmed'))))
    returning 1)
  select count(*) into assessments_deleted from gone;

  with gone as (
    delete from public.monitoring m
    where m.state <> 'active' and m.closed_at < now_ - make_interval(days => settings.closed_monitoring_days)
    returning 1)
  select count(*) into monitoring_deleted from gone;

  with gone as (
    delete from public.notifications n
    where n.created_at < now_ - make_interval(days => settings.notifications_days)
    returning 1)
  select count(*) into notifications_deleted from gone;

  with gone as (
    delete from public.audit_log l
    where l.at < now_ - make_interval(days => settings.audit_days)
    returning 1)
  select count(*) into audit_deleted from gone;

  counts := jsonb_build_object(
    'assessments', assessments_deleted,
    'monitoring', monitoring_deleted,
    'notifications', notifications_deleted,
    'audit_log', audit_deleted);
  insert into public.audit_log (actor_id, actor_role, action, table_name, details)
  values ((select auth.uid()), private.audit_actor_role(), 'delete', 'retention', counts || jsonb_build_object('as_of', now_));
  return counts;
end
$$;
comment on function private.purge_expired(timestamptz) is
  'The daily retention job (service role): deletes assessments, closed monitoring periods, notifications and audit rows '
  'older than their periods as of now_, keeping the latest assessment of anyone monitored, PUI or confirmed. Returns the '
  'counts deleted per kind, which it also logs.';

revoke all on function private.purge_expired(timestamptz) from public;
grant execute on function private.purge_expired(timestamptz) to service_role;

-- Subject access: everything held about the caller and their dependents ------------------------------------

create function public.export_my_data() returns jsonb
language plpgsql security invoker set search_path = ''
as $$
declare
  me uuid := auth.uid();
  subjects jsonb;
  subject jsonb;
  result jsonb;
begin
  if me is null then
    raise exception 'Sign in to download your data' using errcode = '42501';
  end if;
  -- Chosen by ownership, not by what row-level security shows: an officer's export must not hold the
  -- people they trace. Staff and other accounts' ids (created_by, handled_by ...) identify those
  -- people, not the subject, and are left out; identity documents appear masked, never hashed.
  select coalesce(jsonb_agg(
           (to_jsonb(p) - 'identity_number' - 'created_by') || jsonb_build_object(
             'relationship', coalesce(d.relationship, 'self'),
             'assessments', (
               select coalesce(jsonb_agg(to_jsonb(a) - 'submitted_by' order by a.seq), '[]')
               from public.assessments a where a.person_id = p.id),
             'status_history', (
               select coalesce(jsonb_agg(to_jsonb(h) - 'changed_by' order by h.changed_at, h.id), '[]')
               from public.status_history h where h.person_id = p.id),
             -- Exposures carry the case number only: never who the index case is.
             'contacts', (
               select coalesce(jsonb_agg(jsonb_build_object(
                        'id', ct.id, 'case_number', private.exposure_case_number(ct.id), 'proximity', ct.proximity,
                        'setting', ct.setting, 'last_exposure_date', ct.last_exposure_date, 'created_at', ct.created_at)
                      order by ct.created_at, ct.id), '[]')
               from public.contacts ct where ct.person_id = p.id),
             'monitoring', (
               select coalesce(jsonb_agg(to_jsonb(m) - 'closed_by' order by m.starts_on, m.id), '[]')
               from public.monitoring m where m.person_id = p.id),
             'lab_results', (
               select coalesce(jsonb_agg(to_jsonb(r) - 'entered_by' order by r.sampled_on, r.created_at), '[]')
               from public.lab_results r where r.person_id = p.id),
             'cases', (
               select coalesce(jsonb_agg(to_jsonb(c) - 'handled_by' order by c.diagnosis_date, c.id), '[]')
               from public.cases c where c.person_id = p.id))
           order by d.person_id is not null, p.created_at, p.id), '[]')
    into subjects
  from public.persons p
  left join public.dependents d on d.person_id = p.id and d.guardian_id = me
  where p.account_id = me or d.guardian_id is not null;

  result := jsonb_build_object(
    'exported_at', now(),
    'account', private.my_account(),
    'first_sign_in', (select f.signed_in_at from public.first_sign_ins f where f.user_id = me),
    'persons', subjects,
    'staff', (
      select to_jsonb(st) - 'user_id' || jsonb_build_object('districts', (
               select coalesce(jsonb_agg(sd.district_code order by sd.district_code), '[]')
               from public.staff_districts sd where sd.staff_id = st.user_id))
      from public.staff st where st.user_id = me),
    -- Devices without their push tokens: a token lets whoever holds it send to the device, and an export
    -- is a file people pass around.
    'devices', (
      select coalesce(jsonb_agg(to_jsonb(t) - array['account_id', 'token'] order by t.created_at, t.id), '[]')
      from public.device_tokens t where t.account_id = me),
    'notifications', (
      select coalesce(jsonb_agg(to_jsonb(n) order by n.created_at, n.id), '[]')
      from public.notifications n where n.account_id = me),
    'feedback_tickets', (
      select coalesce(jsonb_agg(to_jsonb(t) || jsonb_build_object('messages', (
               select coalesce(jsonb_agg(to_jsonb(m) - 'author_id' order by m.created_at, m.id), '[]')
               from public.feedback_messages m where m.ticket_id = t.id))
             order by t.created_at, t.id), '[]')
      from public.feedback_tickets t where t.account_id = me));

  -- One audit row per person exported, so that each person's trail shows it.
  for subject in select s.value from jsonb_array_elements(subjects) s loop
    perform private.audit_export((subject ->> 'id')::uuid, jsonb_build_object(
      'assessments', jsonb_array_length(subject -> 'assessments'),
      'status_history', jsonb_array_length(subject -> 'status_history'),
      'contacts', jsonb_array_length(subject -> 'contacts'),
      'monitoring', jsonb_array_length(subject -> 'monitoring'),
      'lab_results', jsonb_array_length(subject -> 'lab_results'),
      'cases', jsonb_array_length(subject -> 'cases')));
  end loop;
  if jsonb_array_length(subjects) = 0 then
    perform private.audit_export(null, '{}');
  end if;
  return result;
end
$$;
comment on function public.export_my_data() is
  'Subject access (PDPA): everything held about the signed-in account and each of its dependents: the account, first '
  'sign-in, persons (identity masked), assessments, status history, contacts (case number only), monitoring, lab '
  'results, cases, the staff record of staff, push devices, notifications and feedback tickets. Logged in the audit log.';

revoke all on function public.export_my_data() from public, anon;
grant execute on function public.export_my_data() to authenticated;
