-- Assessments and classification: the day-0 declaration and daily self-assessments, validated against
-- their questionnaire version and judged by their rule set in the database, so no client can forge a
-- result; each person's status derived from every fact the system holds (assessments, contacts under
-- monitoring, lab results, cases), kept with its history, and told to the person and their guardians.
--
-- Precedence: confirmed > pui > close_contact > casual_contact > low_risk (> pending_assessment).
--   symptomatic = any group-1 symptom, or at least two group-2 symptoms (thresholds from the rule set)
--   exposed     = a declared exposure in the latest assessment, or an active monitoring period
--   pui         = symptomatic and exposed, unless a negative test was sampled on or after that assessment

create type public.assessment_kind as enum ('day0', 'daily');

create table public.assessments (
  id uuid primary key default gen_random_uuid(),
  seq bigint generated always as identity unique,
  person_id uuid not null references public.persons (id) on delete cascade,
  kind public.assessment_kind not null,
  -- No foreign keys to the versions: every declaration would lock the one current questionnaire and rule
  -- set row (FOR KEY SHARE), and thousands a second from different sessions pile multixacts on them. The
  -- trigger below sets both to published versions, and published versions are never deleted (0500).
  questionnaire_id uuid not null,
  rule_set_id uuid not null,
  answers jsonb not null,
  idempotency_key text not null,
  symptomatic boolean not null,
  exposed boolean not null,
  classification public.risk_status,
  -- The account that declared (the person's own or a guardian's), set by the trigger below to auth.uid().
  -- No foreign key: a declaration is admitted only from an account that owns or guards the person, both
  -- kept by foreign keys to auth.users, so the key's check would only repeat that, locking the account's
  -- row on the busiest write of the system. Deleting the account clears it (assessments_forget_submitter).
  submitted_by uuid,
  submitted_at timestamptz not null default now(),
  declared_at timestamptz,
  -- 8 to 100 characters, checked by the trigger below: a check constraint's expression is read back from
  -- the catalog and prepared again for every insert statement, on the busiest write of the system.
  unique (person_id, idempotency_key)
);
comment on table public.assessments is
  'Health declarations: day0 (the first) and daily. symptomatic, exposed and classification are computed by the database.';
comment on column public.assessments.idempotency_key is 'Chosen by the client per submission: a retried submission with the same key stores nothing twice.';
comment on column public.assessments.seq is 'Order of arrival.';
comment on column public.assessments.declared_at is
  'When the person declared, given by a device that held the declaration offline (at most 48 hours before it arrived).';
comment on column public.assessments.submitted_at is
  'When the person declared: arrival, or declared_at for a declaration held offline. A person''s latest assessment is the one with the latest submitted_at.';
comment on column public.assessments.classification is 'The status the person had once this assessment was judged.';
create index assessments_person_id_idx on public.assessments (person_id, submitted_at desc, seq desc);
create index assessments_submitted_at_idx on public.assessments (submitted_at);

-- What `on delete set null` would do, once per statement that deletes accounts.
create function private.assessments_forget_submitter() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  update public.assessments a set submitted_by = null from gone g where a.submitted_by = g.id;
  return null;
end
$$;
create trigger assessments_forget_submitter after delete on auth.users
  referencing old table as gone for each statement execute function private.assessments_forget_submitter();

create table public.status_history (
  id bigint generated always as identity primary key,
  person_id uuid not null references public.persons (id) on delete cascade,
  from_status public.risk_status,
  to_status public.risk_status not null,
  symptomatic boolean not null,
  reason text not null,
  source text not null,
  changed_by uuid references auth.users (id) on delete set null,
  changed_at timestamptz not null default now(),
  constraint status_history_source_known check (source in ('assessment', 'contact', 'lab_result', 'case', 'monitoring', 'officer', 'system'))
);
comment on table public.status_history is 'Every change of a person''s status: from, to, why, from what, by whom, when.';
create index status_history_person_id_idx on public.status_history (person_id, changed_at);
create index status_history_changed_at_idx on public.status_history (changed_at);

-- Telling people -------------------------------------------------------------------------------------

-- What each status means and what to do, in Malay and English: one text for the site, the console,
-- third-party apps through the SDK, and the notifications below.
create function public.status_text(status public.risk_status) returns jsonb
language plpgsql immutable set search_path = ''
as $$
begin
  return case status
    when 'pending_assessment' then '{
      "label": {"ms": "Menunggu penilaian", "en": "Pending assessment"},
      "advice": {"ms": "Lengkapkan penilaian kesihatan hari pertama anda.", "en": "Complete your day-0 health declaration."}}'
    when 'low_risk' then '{
      "label": {"ms": "Risiko rendah", "en": "Low risk"},
      "advice": {"ms": "Teruskan penilaian harian dan amalkan SOP.", "en": "Keep declaring daily and follow the SOPs."}}'
    when 'casual_contact' then '{
      "label": {"ms": "Kontak kasual", "en": "Casual contact"},
      "advice": {"ms": "Pantau kesihatan anda dan buat penilaian setiap hari sepanjang tempoh pemantauan.", "en": "Watch your health and declare every day until your monitoring ends."}}'
    when 'close_contact' then '{
      "label": {"ms": "Kontak rapat (PUS)", "en": "Close contact (PUS)"},
      "advice": {"ms": "Kuarantin di rumah dan buat penilaian setiap hari sehingga tempoh pemantauan tamat.", "en": "Quarantine at home and declare every day until your monitoring ends."}}'
    when 'pui' then '{
      "label": {"ms": "Pesakit dalam siasatan (PUI)", "en": "Patient under investigation (PUI)"},
      "advice": {"ms": "Jalani ujian COVID-19 sekarang di klinik atau pusat saringan terdekat.", "en": "Take a COVID-19 test now at the nearest clinic or screening centre."}}'
    when 'confirmed' then '{
      "label": {"ms": "Kes disahkan", "en": "Confirmed case"},
      "advice": {"ms": "Ikut arahan pegawai kesihatan dan kekal diasingkan.", "en": "Follow your health officer''s instructions and stay isolated."}}'
  end::jsonb;
end
$$;
comment on function public.status_text(public.risk_status) is
  'A status''s label and advice ({"label": {"ms", "en"}, "advice": {"ms", "en"}}), as the site, the console and notifications show them.';
grant execute on function public.status_text(public.risk_status) to anon, authenticated, service_role;

create function private.status_label(status public.risk_status) returns jsonb
language plpgsql immutable set search_path = ''
as $$
begin
  return public.status_text(status) -> 'label';
end
$$;

-- Status changes -----------------------------------------------------------------------------------------

create function private.status_for(
  person uuid, assessed boolean, symptomatic boolean, declared boolean, assessed_at timestamptz,
  confirmed boolean default null, monitored boolean default null
) returns public.risk_status
language plpgsql stable security definer set search_path = ''
-- Judged on every declaration: planned once, not for each person's values (planning cost more than running).
set plan_cache_mode = force_generic_plan
as $$
declare
  -- Under active monitoring: null when not, else whether as a close contact in any of the periods.
  close boolean;
begin
  -- The rule, in one place: the status a person has given the facts held and their latest assessment
  -- (assessed: whether there is one; symptomatic, declared: what it said; assessed_at: when). It runs on
  -- every declaration and for every person reclassified, so each fact is read only when the rule reaches it,
  -- each by a statement of its own: a statement sets up (and locks) every subquery it holds, reached or not,
  -- and an IF whose condition holds a subquery runs as a whole query even when the AND before it is false.
  -- Locks matter here: a transaction holds its first 16 table and index locks in slots of its own, and any
  -- further one in the lock table all sessions share, whose partitions concurrent declarations contend for.
  -- confirmed (an active case) and monitored (an active monitoring period) are read only when the caller
  -- does not know them already.
  if confirmed is null then
    confirmed := exists (select 1 from public.cases c where c.person_id = person and c.status = 'active');
  end if;
  if confirmed then
    return 'confirmed';
  end if;
  if monitored is null then
    monitored := exists (select 1 from public.monitoring m where m.person_id = person and m.state = 'active');
  end if;
  -- Most people are not monitored: their contacts are not read.
  if monitored then
    select bool_or(ct.proximity = 'close') into close
    from public.monitoring m join public.contacts ct on ct.id = m.contact_id
    where m.person_id = person and m.state = 'active';
  end if;
  if symptomatic and (declared or close is not null) then
    if not exists (
         select 1 from public.lab_results r
         where r.person_id = person and r.result = 'negative'
           and r.sampled_on >= (assessed_at at time zone 'Asia/Kuala_Lumpur')::date) then
      return 'pui';
    end if;
  end if;
  if declared or close then
    return 'close_contact';
  elsif close is not null then
    return 'casual_contact';
  elsif assessed then
    return 'low_risk';
  end if;
  return 'pending_assessment';
end
$$;
comment on function private.status_for(uuid, boolean, boolean, boolean, timestamptz, boolean, boolean) is
  'Precedence confirmed > pui > close_contact > casual_contact > low_risk > pending_assessment, from the person''s cases, active monitoring, negative tests and latest assessment (confirmed, monitored: given when the caller knows them).';

create function private.store_statuses(
  persons uuid[], statuses public.risk_status[], symptomatic boolean[], reason text, source text
) returns integer
language plpgsql security definer set search_path = ''
-- Planned once (a generic plan serves one person and ten thousand): see reclassify_many.
set plan_cache_mode = force_generic_plan
as $$
declare
  changed record;
  changes integer := 0;
begin
  -- One statement for any number of persons: each person's status (and symptom flag) as judged, where it
  -- changed, with its history; then tell those who can be told (an account or a guardian).
  for changed in
    with judged as (
      select j.id, j.status, j.symptomatic from unnest(persons, statuses, symptomatic) j (id, status, symptomatic)
    ),
    locked as (
      select p.id, p.status, p.symptomatic from public.persons p where p.id = any (persons) order by p.id for update
    ),
    derived as (
      select l.id, l.status as from_status, l.symptomatic as was_symptomatic, j.symptomatic, j.status as to_status
      from locked l join judged j on j.id = l.id
    ),
    updated as (
      update public.persons p
      set status = d.to_status,
          status_since = case when d.to_status is distinct from d.from_status then now() else p.status_since end,
          symptomatic = d.symptomatic
      from derived d
      where p.id = d.id and (d.to_status is distinct from d.from_status or d.symptomatic <> d.was_symptomatic)
      returning p.id, p.account_id),
    history as (
      insert into public.status_history (person_id, from_status, to_status, symptomatic, reason, source, changed_by)
      select d.id, d.from_status, d.to_status, d.symptomatic, reason, source, (select auth.uid())
      from derived d join updated u on u.id = d.id
      where d.to_status is distinct from d.from_status
      returning id, person_id, from_status, to_status)
    select h.*, (u.account_id is not null or exists (select 1 from public.dependents g where g.person_id = h.person_id)) as reachable
    from history h join updated u on u.id = h.person_id
  loop
    changes := changes + 1;
    continue when not changed.reachable;
    perform private.notify_person(
      changed.person_id, 'status_changed',
      '{"ms": "Status kesihatan dikemas kini", "en": "Health status updated"}'::jsonb,
      jsonb_build_object(
        'ms', 'Status baharu: ' || (private.status_label(changed.to_status) ->> 'ms'),
        'en', 'New status: ' || (private.status_label(changed.to_status) ->> 'en')),
      jsonb_build_object('person_id', changed.person_id, 'from', changed.from_status, 'to', changed.to_status),
      'status:' || changed.id);
    if changed.to_status = 'pui' then
      perform private.notify_person(
        changed.person_id, 'test_advised',
        '{"ms": "Sila jalani ujian COVID-19 sekarang", "en": "Please take a COVID-19 test now"}'::jsonb,
        '{"ms": "Anda bergejala dan mungkin terdedah. Pergi ke klinik atau pusat saringan terdekat untuk ujian COVID-19.", "en": "You have symptoms and may have been exposed. Go to the nearest clinic or screening centre for a COVID-19 test."}'::jsonb,
        jsonb_build_object('person_id', changed.person_id),
        'test_advised:' || changed.id);
    end if;
  end loop;
  return changes;
end
$$;
comment on function private.store_statuses(uuid[], public.risk_status[], boolean[], text, text) is
  'Stores each person''s status and symptom flag as judged (aligned arrays) where they changed, with history, and tells each person (and guardians) whose status changed.';

create function private.reclassify_many(persons uuid[], reason text, source text) returns integer
language plpgsql security definer set search_path = ''
-- The statement below would otherwise be planned afresh on every call (a custom plan for its array),
-- which costs more than running it for one person; the generic plan serves one person and ten thousand.
set plan_cache_mode = force_generic_plan
as $$
declare
  ids uuid[];
  statuses public.risk_status[];
  flags boolean[];
begin
  -- Each person's status derived from the facts and their latest assessment, in one statement; then stored.
  select array_agg(p.id), array_agg(private.status_for(p.id, la.id is not null, coalesce(la.symptomatic, false), coalesce(la.exposed, false), la.submitted_at)),
         array_agg(coalesce(la.symptomatic, false))
  into ids, statuses, flags
  from public.persons p
  left join lateral (
    select a.id, a.symptomatic, a.exposed, a.submitted_at from public.assessments a
    where a.person_id = p.id order by a.submitted_at desc, a.seq desc limit 1) la on true
  where p.id = any (persons);
  if ids is null then
    return 0;
  end if;
  return private.store_statuses(ids, statuses, flags, reason, source);
end
$$;
comment on function private.reclassify_many(uuid[], text, text) is
  'Derives each person''s status from every fact held, stores the changes with their history, and tells each person (and guardians) whose status changed. Set-based, for one person or ten thousand.';

create function private.reclassify(person uuid, reason text, source text) returns public.risk_status
language plpgsql security definer set search_path = ''
as $$
begin
  perform private.reclassify_many(array[person], reason, source);
  return (select p.status from public.persons p where p.id = person);
end
$$;
comment on function private.reclassify(uuid, text, text) is 'reclassify_many for one person, returning their status.';

-- Assessments: validated, judged, stored once -----------------------------------------------------------

-- A declaration is the busiest write of the system (every monitored person, every day), and most of its
-- cost in Postgres is the setting up of each statement and of each table or index it reads, more than the
-- reading: callgrind counts some 25,000 instructions to set up an index scan that then finds its row in
-- 8,000, against 400,000 for the whole of a bare insert. So the path reads each fact once, and only where
-- the rule reaches it.
--
-- Two paths, one rule. Most declarations (nine in ten in the synthetic model) are a low-risk person
-- answering no to every question for themselves: nothing about them changes but the new row and the day's
-- count, and private.submit_assessment stores those itself, judged, in two statements (below). Every other
-- row arrives unjudged (classification null: clients cannot insert that column, see the grants) and is
-- judged by the trigger. Both lean on what persons.status means: the database keeps it derived from every
-- fact (opening a case or a monitoring period, a lab result and the monitoring clock all reclassify), so a
-- person who is low_risk or pending_assessment has no active case and no active monitoring, and one who is
-- low_risk has declared before (low_risk needs an assessment).

create function private.assessments_before_insert() returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  checked record;
  codes text[];
  code text;
  group1 integer := 0;
  group2 integer := 0;
  exposed boolean := false;
  confirmed boolean;
  monitored boolean;
  declared_before boolean;
  changed boolean;
begin
  -- The declaring account: submit_assessment gives it (clients cannot: the column is not theirs to insert).
  -- auth.uid() bare, not (select auth.uid()): in plpgsql a subquery makes the assignment a whole query.
  if new.submitted_by is null then
    new.submitted_by := auth.uid();
  end if;
  -- One declaration per person and key at a time: a retry racing its first submission waits for it here, then
  -- finds it stored below.
  perform pg_advisory_xact_lock(20261127, hashtext(new.person_id::text || ' ' || new.idempotency_key));
  -- The current questionnaire and rule set (private.current_declaration, 0500), the person, and whether this
  -- is a retry (the key stored already: the insert will then store nothing, so nothing below must happen).
  select c.questionnaire_id, c.version, c.symptom_group1, c.symptom_group2, c.exposures, c.all_no,
         c.rule_set_id, c.group1_threshold, c.group2_threshold,
         p.id as person_id, p.account_id, p.status, p.symptomatic, p.district_code,
         exists (select 1 from public.assessments a where a.person_id = new.person_id and a.idempotency_key = new.idempotency_key) as stored
  into checked
  from private.current_declaration c left join public.persons p on p.id = new.person_id;
  -- An account declares for its own person and its dependents only (the insert policy says the same for
  -- clients' own inserts; the service role, with no account, declares for anyone). Dependents are read only
  -- for a guardian.
  if new.submitted_by is not null and checked.account_id is distinct from new.submitted_by then
    if checked.person_id is null
       or not exists (select 1 from public.dependents d where d.person_id = new.person_id and d.guardian_id = new.submitted_by) then
      raise exception 'person_id: you can declare only for yourself and your dependents' using errcode = '42501';
    end if;
  end if;
  if length(new.idempotency_key) not between 8 and 100 then
    raise exception 'idempotency_key: 8 to 100 characters' using errcode = '23514';
  end if;
  if checked.questionnaire_id is null then
    raise exception 'questionnaire_id: not a published questionnaire' using errcode = '22023';
  end if;
  -- The questionnaire the device gave instead, when it is an earlier one.
  if new.questionnaire_id <> checked.questionnaire_id then
    select q.id, q.version, q.symptom_group1, q.symptom_group2, q.exposures, q.all_no
    into checked.questionnaire_id, checked.version, checked.symptom_group1, checked.symptom_group2, checked.exposures, checked.all_no
    from public.questionnaires q where q.id = new.questionnaire_id and q.published_at is not null;
    if not found then
      raise exception 'questionnaire_id: not a published questionnaire' using errcode = '22023';
    end if;
  end if;

  -- Most declarations answer no to every question: valid, and nothing to count.
  if new.answers is distinct from checked.all_no then
    if jsonb_typeof(new.answers) is distinct from 'object' then
      raise exception 'answers: must be an object of question codes to true or false' using errcode = '22023';
    end if;
    -- The answers against the version's question codes (kept on it when published), with jsonb operators:
    -- the questions themselves are read only to word an error.
    codes := checked.symptom_group1 || checked.symptom_group2 || checked.exposures;
    if new.answers - codes <> '{}'::jsonb then
      raise exception 'answers: "%" is not a question of questionnaire version %',
        (select min(k) from jsonb_object_keys(new.answers - codes) k), checked.version using errcode = '22023';
    end if;
    if new.answers @? '$.* ? (@.type() != "boolean")' then
      raise exception 'answers: the answer to "%" must be true or false',
        (select q.code from public.questions q
         where q.questionnaire_id = checked.questionnaire_id and jsonb_typeof(new.answers -> q.code) <> 'boolean'
         order by q.position limit 1) using errcode = '22023';
    end if;
    if not new.answers ?& codes then
      raise exception 'answers: no answer to %',
        (select string_agg(format('"%s"', q.code), ', ' order by q.position) from public.questions q
         where q.questionnaire_id = checked.questionnaire_id and not new.answers ? q.code) using errcode = '22023';
    end if;
    -- Valid, and not all no: something is yes.
    foreach code in array checked.symptom_group1 loop
      if new.answers -> code = 'true'::jsonb then group1 := group1 + 1; end if;
    end loop;
    foreach code in array checked.symptom_group2 loop
      if new.answers -> code = 'true'::jsonb then group2 := group2 + 1; end if;
    end loop;
    foreach code in array checked.exposures loop
      if new.answers -> code = 'true'::jsonb then exposed := true; end if;
    end loop;
  end if;
  -- A declaration held offline keeps the moment it was made, within reason; a device clock ahead of ours
  -- counts as now.
  if new.declared_at < clock_timestamp() - interval '48 hours' then
    raise exception 'declared_at: more than 48 hours ago; declare again for today' using errcode = '22023';
  end if;

  -- The facts the rule needs, read only where the person's status leaves them open (see above).
  if checked.status in ('low_risk', 'pending_assessment') then
    confirmed := false;
    monitored := false;
  else
    confirmed := exists (select 1 from public.cases k where k.person_id = new.person_id and k.status = 'active');
    monitored := exists (select 1 from public.monitoring m where m.person_id = new.person_id and m.state = 'active');
  end if;
  if checked.status = 'low_risk' then
    declared_before := true;
  else
    declared_before := exists (select 1 from public.assessments a where a.person_id = new.person_id);
  end if;
  new.questionnaire_id := checked.questionnaire_id;
  new.rule_set_id := checked.rule_set_id;
  new.symptomatic := group1 >= checked.group1_threshold or group2 >= checked.group2_threshold;
  new.exposed := exposed;
  new.kind := case when declared_before then 'daily' else 'day0' end;
  new.submitted_at := least(coalesce(new.declared_at, clock_timestamp()), clock_timestamp());
  -- Judged here, by the rule that sets the person's status.
  new.classification := private.status_for(new.person_id, true, new.symptomatic, new.exposed, new.submitted_at, confirmed, monitored);
  if checked.stored then
    return new;
  end if;

  -- What the declaration changes (a failed insert undoes it all with its statement).
  -- Counted for the dashboards (private.daily_count_deltas and its fold: 20261127001000_analytics.sql) with
  -- the person's district read above. Every 4096th declaration folds the ledger.
  if new.seq % 4096 = 0 then
    perform private.fold_daily_counts();
  end if;
  insert into private.daily_count_deltas (day, district_code, metric, value)
  values ((new.submitted_at at time zone 'Asia/Kuala_Lumpur')::date, checked.district_code, 'assessments', 1);
  if new.symptomatic then
    insert into private.daily_count_deltas (day, district_code, metric, value)
    values ((new.submitted_at at time zone 'Asia/Kuala_Lumpur')::date, checked.district_code, 'symptomatic_assessments', 1);
  end if;
  -- Most people are not under monitoring: no update runs for them (nor its statement triggers).
  if monitored then
    -- (greatest: a declaration held offline may arrive after a later one.)
    update public.monitoring m set last_report_at = greatest(m.last_report_at, new.submitted_at)
    where m.person_id = new.person_id and m.state = 'active';
  end if;
  -- Made now, the declaration is the person's latest, and the status judged here is theirs. Held offline, it
  -- is theirs only if nothing declared later has arrived first (a person's latest assessment is the one with
  -- the latest submitted_at, and of two at the same moment the later to arrive).
  changed := checked.status is distinct from new.classification or checked.symptomatic is distinct from new.symptomatic;
  if changed and new.declared_at is not null then
    changed := not exists (select 1 from public.assessments a where a.person_id = new.person_id and a.submitted_at > new.submitted_at);
  end if;
  if changed then
    perform private.store_statuses(array[new.person_id], array[new.classification], array[new.symptomatic],
      case new.kind when 'day0' then 'day-0 declaration' else 'daily assessment' end, 'assessment');
  end if;
  return new;
end
$$;

-- A row that arrives judged was judged by private.submit_assessment: only the database's own functions
-- (and the service role, which may write anything) can insert classification.
create trigger assessments_before_insert before insert on public.assessments
  for each row when (new.classification is null) execute function private.assessments_before_insert();

create function private.submit_assessment(person uuid, answers jsonb, idempotency_key text, questionnaire uuid, declared_at timestamptz)
returns public.assessments
language plpgsql security definer set search_path = ''
as $$
declare
  -- Read once, and given to the statements below (and to the trigger, as submitted_by): a statement that
  -- names auth.uid() sets up its eight calls, each with a permission check, every time it runs.
  caller uuid := auth.uid();
  plain record;
  result public.assessments;
begin
  -- The commonest declaration: a low-risk person, not flagged symptomatic, declaring for themselves now and
  -- answering no to every question of the current questionnaire. By the rule they stay low risk (no case,
  -- no monitoring, no symptom, no exposure), their status and symptom flag do not change, and they have
  -- declared before (a daily one). Stored here, judged, in one read and one insert; the day's count is
  -- added only once the row is in, so a retry counts nothing.
  select c.questionnaire_id, c.rule_set_id, p.district_code, clock_timestamp() as submitted_at
  into plain
  from private.current_declaration c join public.persons p on p.id = person
  where p.account_id = caller and p.status = 'low_risk' and not p.symptomatic
    and submit_assessment.answers = c.all_no and coalesce(questionnaire = c.questionnaire_id, true)
    and submit_assessment.declared_at is null and length(submit_assessment.idempotency_key) between 8 and 100;
  if found then
    insert into public.assessments (person_id, kind, questionnaire_id, rule_set_id, answers, idempotency_key,
      symptomatic, exposed, classification, submitted_by, submitted_at)
    values (person, 'daily', plain.questionnaire_id, plain.rule_set_id, answers, idempotency_key,
      false, false, 'low_risk', caller, plain.submitted_at)
    on conflict on constraint assessments_person_id_idempotency_key_key do nothing
    returning * into result;
    if found then
      if result.seq % 4096 = 0 then
        perform private.fold_daily_counts();
      end if;
      insert into private.daily_count_deltas (day, district_code, metric, value)
      values ((plain.submitted_at at time zone 'Asia/Kuala_Lumpur')::date, plain.district_code, 'assessments', 1);
      return result;
    end if;
  else
    -- Anything else: judged by the trigger, which also refuses someone else's person.
    insert into public.assessments (person_id, answers, idempotency_key, questionnaire_id, declared_at, submitted_by)
    values (person, answers, idempotency_key, questionnaire, declared_at, caller)
    on conflict on constraint assessments_person_id_idempotency_key_key do nothing
    returning * into result;
    if found then
      return result;
    end if;
  end if;
  -- A retry: the first submission with this key, as it was judged then. The same key with other answers
  -- is a client bug (a key reused for a new declaration), not a retry: say so.
  select * into result from public.assessments a
  where a.person_id = person and a.idempotency_key = submit_assessment.idempotency_key;
  if result.answers is distinct from submit_assessment.answers then
    raise exception 'idempotency_key: already used for a different declaration; use a new key for a new declaration'
      using errcode = '23505';
  end if;
  return result;
end
$$;
revoke all on function private.submit_assessment(uuid, jsonb, text, uuid, timestamptz) from public;
grant execute on function private.submit_assessment(uuid, jsonb, text, uuid, timestamptz) to authenticated;

create function public.submit_assessment(
  person_id uuid,
  answers jsonb,
  idempotency_key text,
  questionnaire_id uuid default null,
  declared_at timestamptz default null
) returns public.assessments
language plpgsql security invoker set search_path = ''
as $$
begin
  return private.submit_assessment(person_id, answers, idempotency_key, questionnaire_id, declared_at);
end
$$;
comment on function public.submit_assessment(uuid, jsonb, text, uuid, timestamptz) is
  'Submits a health declaration for yourself or a dependent and returns it judged. Retrying with the same idempotency key returns the first submission; declared_at: when a device held it offline (at most 48 hours ago).';

-- What tracing means for status -----------------------------------------------------------------------------

-- A contact is monitored for their case's outbreak's period, else the rule set's.
create function private.contacts_after_insert() returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  default_days integer := (select r.monitoring_days from public.rule_sets r where r.id = public.current_rule_set_id());
begin
  -- Statement-level: an import of ten thousand contacts opens their monitoring in one statement. Each
  -- person's district is looked up by key: a join lets the planner hash all the persons of the country.
  insert into public.monitoring (contact_id, person_id, district_code, starts_on, ends_on)
  select i.id, i.person_id, (select p.district_code from public.persons p where p.id = i.person_id), i.last_exposure_date,
         i.last_exposure_date + coalesce(o.monitoring_days, default_days)
  from inserted i
  join public.cases c on c.id = i.case_id
  left join public.outbreaks o on o.id = c.outbreak_id;
  perform private.reclassify_many(
    array(select distinct i.person_id from inserted i),
    case when (select count(distinct i.case_id) from inserted i) = 1
         then 'contact of case ' || (select c.case_number from public.cases c where c.id = (select i.case_id from inserted i limit 1))
         else 'contact of a case' end,
    'contact');
  return null;
end
$$;

create function private.contacts_after_update() returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  default_days integer := (select r.monitoring_days from public.rule_sets r where r.id = public.current_rule_set_id());
begin
  update public.monitoring m
  set starts_on = n.last_exposure_date, ends_on = n.last_exposure_date + coalesce(ob.monitoring_days, default_days)
  from new_rows n
  join old_rows o on o.id = n.id
  join public.cases c on c.id = n.case_id
  left join public.outbreaks ob on ob.id = c.outbreak_id
  where m.contact_id = n.id and m.state = 'active' and n.last_exposure_date is distinct from o.last_exposure_date;
  perform private.reclassify_many(array(select distinct n.person_id from new_rows n), 'contact record changed', 'contact');
  return null;
end
$$;

create function private.contacts_after_delete() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  perform private.reclassify_many(array(select distinct o.person_id from old_rows o), 'contact record removed', 'contact');
  return null;
end
$$;

create trigger contacts_after_insert after insert on public.contacts
  referencing new table as inserted for each statement execute function private.contacts_after_insert();
create trigger contacts_after_update after update on public.contacts
  referencing old table as old_rows new table as new_rows for each statement execute function private.contacts_after_update();
create trigger contacts_after_delete after delete on public.contacts
  referencing old table as old_rows for each statement execute function private.contacts_after_delete();

create function private.cases_after_write() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  if new.status = 'active' then
    update public.monitoring m set state = 'became_case', closed_at = now()
    where m.person_id = new.person_id and m.state = 'active';
  end if;
  perform private.reclassify(new.person_id,
    case when tg_op = 'INSERT' then 'confirmed case ' || new.case_number else 'case ' || new.case_number || ' ' || new.status end,
    'case');
  return null;
end
$$;

create trigger cases_after_write after insert or update of status on public.cases
  for each row execute function private.cases_after_write();

create function private.lab_results_after_insert() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  if new.result = 'positive' and not exists (select 1 from public.cases c where c.person_id = new.person_id and c.status = 'active') then
    insert into public.cases (person_id, case_number, diagnosis_date, handled_by)
    values (new.person_id,
            'LAB-' || to_char(new.sampled_on, 'YYYYMMDD') || '-' || upper(substr(replace(new.id::text, '-', ''), 1, 8)),
            new.sampled_on, new.entered_by);
  else
    perform private.reclassify(new.person_id, new.test_type || ' ' || new.result, 'lab_result');
  end if;
  perform private.notify_person(
    new.person_id, 'lab_result',
    '{"ms": "Keputusan ujian anda", "en": "Your test result"}'::jsonb,
    jsonb_build_object(
      'ms', 'Keputusan ujian ' || upper(new.test_type::text) || ': ' ||
            case new.result when 'positive' then 'positif' when 'negative' then 'negatif' else 'tidak muktamad' end,
      'en', upper(new.test_type::text) || ' test result: ' || new.result),
    jsonb_build_object('person_id', new.person_id, 'lab_result_id', new.id),
    'lab_result:' || new.id);
  return null;
end
$$;

create trigger lab_results_after_insert after insert on public.lab_results
  for each row execute function private.lab_results_after_insert();

-- Monitoring: closed by an officer, or by the clock -------------------------------------------------------

create function private.close_monitoring(monitoring uuid, reason text) returns public.monitoring
language plpgsql security definer set search_path = ''
as $$
declare
  row_ public.monitoring;
begin
  select * into row_ from public.monitoring m where m.id = monitoring;
  if not found or not private.traces_person(row_.person_id) then
    raise exception 'monitoring_id: no such monitoring period in your jurisdiction' using errcode = '42501';
  end if;
  if row_.state <> 'active' then
    raise exception 'monitoring_id: this monitoring period is already closed (%)', row_.state using errcode = '23514';
  end if;
  if length(trim(coalesce(reason, ''))) = 0 then
    raise exception 'reason: say why the monitoring is closed' using errcode = '23514';
  end if;
  update public.monitoring m set state = 'closed_by_officer', closed_at = now(), closed_by = (select auth.uid()), close_reason = trim(reason)
  where m.id = monitoring returning * into row_;
  perform private.reclassify(row_.person_id, 'monitoring closed by officer: ' || trim(reason), 'officer');
  return row_;
end
$$;
revoke all on function private.close_monitoring(uuid, text) from public;
grant execute on function private.close_monitoring(uuid, text) to authenticated, service_role;

create function public.close_monitoring(monitoring_id uuid, reason text) returns public.monitoring
language sql security invoker set search_path = ''
as $$
  select * from private.close_monitoring(monitoring_id, reason)
$$;
comment on function public.close_monitoring(uuid, text) is 'An officer closes a contact''s monitoring early, with a reason.';

create function private.close_finished_monitoring(today date default private.today(), out completed integer, out lost integer)
language plpgsql security definer set search_path = ''
as $$
declare
  rules public.rule_sets := (select r from public.rule_sets r where r.id = public.current_rule_set_id());
  person uuid;
begin
  -- Silent too long: lost to follow-up, whether or not the period is over.
  with lost_rows as (
    update public.monitoring m set state = 'lost_to_follow_up', closed_at = now()
    where m.state = 'active' and coalesce(m.last_report_at::date, m.starts_on) < today - rules.lost_after_days
    returning m.person_id)
  select count(*) into lost from lost_rows;
  -- Period over and not symptomatic: completed. A symptomatic contact stays monitored until resolved.
  with done as (
    update public.monitoring m set state = 'completed', closed_at = now()
    from public.persons p
    where m.state = 'active' and m.ends_on < today and p.id = m.person_id and not p.symptomatic
    returning m.person_id)
  select count(*) into completed from done;
  for person in
    select distinct m.person_id from public.monitoring m
    join public.persons p on p.id = m.person_id
    where m.closed_at >= now() and p.status in ('close_contact', 'casual_contact', 'pui')
  loop
    perform private.reclassify(person, 'monitoring period ended', 'monitoring');
  end loop;
end
$$;
comment on function private.close_finished_monitoring(date) is
  'The daily job: closes monitoring periods that are over (completed) or silent too long (lost to follow-up), then reclassifies.';
revoke all on function private.close_finished_monitoring(date) from public;
grant execute on function private.close_finished_monitoring(date) to service_role;

-- Policies ---------------------------------------------------------------------------------------------------

alter table public.assessments enable row level security;
create policy "people see their own and their dependents' assessments" on public.assessments
  for select to authenticated using ((select private.owns_or_guards(person_id)));
create policy "officers see assessments of persons they trace" on public.assessments
  for select to authenticated using ((select private.traces_person(person_id)));
create policy "people assess themselves and their dependents" on public.assessments
  for insert to authenticated with check ((select private.owns_or_guards(person_id)));

alter table public.status_history enable row level security;
create policy "people see their own and their dependents' status history" on public.status_history
  for select to authenticated using ((select private.owns_or_guards(person_id)));
create policy "officers see status history of persons they trace" on public.status_history
  for select to authenticated using ((select private.traces_person(person_id)));

revoke all on public.assessments, public.status_history from anon;
revoke insert, update, delete on public.assessments from authenticated;
grant insert (id, person_id, answers, idempotency_key, questionnaire_id, declared_at) on public.assessments to authenticated;
revoke insert, update, delete on public.status_history from authenticated;

revoke all on function public.submit_assessment(uuid, jsonb, text, uuid, timestamptz), public.close_monitoring(uuid, text) from public, anon;
grant execute on function public.submit_assessment(uuid, jsonb, text, uuid, timestamptz), public.close_monitoring(uuid, text) to authenticated;
