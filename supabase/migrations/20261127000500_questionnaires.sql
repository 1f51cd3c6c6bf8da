-- Questionnaires and rule sets: versioned, translated data that administrators change without a
-- deployment. Every assessment keeps the questionnaire and rule set it was judged by, so a published
-- version never changes; a new version is a new row.

create type public.question_kind as enum ('symptom', 'exposure');
comment on type public.question_kind is
  'symptom: counts towards being symptomatic by its group; exposure: a declared exposure (contact with a case, travel, a cluster, a surveillance order).';

create table public.questionnaires (
  id uuid primary key default gen_random_uuid(),
  version integer not null unique check (version > 0),
  title jsonb not null,
  published_at timestamptz,
  -- Derived from the questions when the version is published, so that judging a declaration (thousands
  -- a second) needs no read of the questions: the codes of group-1 symptoms, group-2 symptoms and exposures.
  symptom_group1 text[],
  symptom_group2 text[],
  exposures text[],
  -- The declaration that answers no to every question, most declarations: one comparison judges them.
  all_no jsonb,
  created_by uuid references auth.users (id) on delete set null default auth.uid(),
  created_at timestamptz not null default now(),
  -- coalesce: a missing key makes these expressions null, which a check would let through.
  constraint questionnaires_title_translated check (coalesce(
    jsonb_typeof(title -> 'ms') = 'string' and jsonb_typeof(title -> 'en') = 'string'
    and length(title ->> 'ms') > 0 and length(title ->> 'en') > 0, false))
);
comment on table public.questionnaires is 'Versions of the health declaration. Published versions are frozen; the newest published one is current.';
create index questionnaires_published_at_idx on public.questionnaires (published_at);

create table public.questions (
  questionnaire_id uuid not null references public.questionnaires (id) on delete cascade,
  code text not null,
  position smallint not null,
  kind public.question_kind not null,
  symptom_group smallint,
  text jsonb not null,
  primary key (questionnaire_id, code),
  unique (questionnaire_id, position),
  constraint questions_code_format check (code ~ '^[a-z][a-z0-9_]{1,39}$'),
  constraint questions_symptom_group check ((kind = 'symptom') = (symptom_group is not null) and coalesce(symptom_group in (1, 2), true)),
  constraint questions_text_translated check (coalesce(
    jsonb_typeof(text -> 'ms') = 'string' and jsonb_typeof(text -> 'en') = 'string'
    and length(text ->> 'ms') > 0 and length(text ->> 'en') > 0, false))
);
comment on table public.questions is 'The yes/no questions of a questionnaire version, in Malay and English (more languages may be added as keys).';
comment on column public.questions.symptom_group is
  '1: cough, difficulty breathing, loss of smell or taste (one is enough); 2: fever, chills, aches, headache, sore throat, diarrhoea (two are needed).';

create table public.rule_sets (
  id uuid primary key default gen_random_uuid(),
  version integer not null unique check (version > 0),
  group1_threshold smallint not null default 1 check (group1_threshold > 0),
  group2_threshold smallint not null default 2 check (group2_threshold > 0),
  monitoring_days smallint not null default 14 check (monitoring_days between 1 and 60),
  non_reporting_hours smallint not null default 24 check (non_reporting_hours between 1 and 168),
  lost_after_days smallint not null default 30 check (lost_after_days between 2 and 180),
  published_at timestamptz,
  created_by uuid references auth.users (id) on delete set null default auth.uid(),
  created_at timestamptz not null default now()
);
comment on table public.rule_sets is
  'How assessments are judged and contacts monitored: symptom thresholds per group, the monitoring period, when a contact counts as non-reporting and as lost to follow-up.';
create index rule_sets_published_at_idx on public.rule_sets (published_at);

-- A published version is frozen --------------------------------------------------------------------

create function private.freeze_published() returns trigger
language plpgsql set search_path = ''
as $$
begin
  if tg_op = 'DELETE' then
    if old.published_at is not null then
      raise exception 'version %: a published version cannot be deleted', old.version using errcode = '23514';
    end if;
    return old;
  end if;
  if old.published_at is not null then
    raise exception 'version %: a published version cannot be changed; create a new version', old.version using errcode = '23514';
  end if;
  return new;
end
$$;

create function private.freeze_published_questions() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  if exists (
    select 1 from public.questionnaires q
    where q.id = coalesce(new.questionnaire_id, old.questionnaire_id) and q.published_at is not null
  ) then
    raise exception 'questions: the questionnaire is published; create a new version' using errcode = '23514';
  end if;
  return coalesce(new, old);
end
$$;

create trigger questionnaires_frozen before update or delete on public.questionnaires
  for each row execute function private.freeze_published();

create function private.questionnaire_published() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  select array_agg(q.code order by q.position) filter (where q.symptom_group = 1),
         array_agg(q.code order by q.position) filter (where q.symptom_group = 2),
         array_agg(q.code order by q.position) filter (where q.kind = 'exposure')
  into new.symptom_group1, new.symptom_group2, new.exposures
  from public.questions q where q.questionnaire_id = new.id;
  if new.symptom_group1 is null and new.symptom_group2 is null and new.exposures is null then
    raise exception 'published_at: a questionnaire is published once its questions are in' using errcode = '23514';
  end if;
  new.symptom_group1 := coalesce(new.symptom_group1, '{}');
  new.symptom_group2 := coalesce(new.symptom_group2, '{}');
  new.exposures := coalesce(new.exposures, '{}');
  new.all_no := (select jsonb_object_agg(c, false) from unnest(new.symptom_group1 || new.symptom_group2 || new.exposures) c);
  return new;
end
$$;
create trigger questionnaires_published before insert or update of published_at on public.questionnaires
  for each row when (new.published_at is not null) execute function private.questionnaire_published();
create trigger rule_sets_frozen before update or delete on public.rule_sets
  for each row execute function private.freeze_published();
create trigger questions_frozen before insert or update or delete on public.questions
  for each row execute function private.freeze_published_questions();

-- The current versions ----------------------------------------------------------------------------

create function public.current_questionnaire_id() returns uuid
language plpgsql stable security invoker set search_path = ''
as $$
begin
  return (select q.id from public.questionnaires q where q.published_at is not null order by q.version desc limit 1);
end
$$;

create function public.current_rule_set_id() returns uuid
language plpgsql stable security invoker set search_path = ''
as $$
begin
  return (select r.id from public.rule_sets r where r.published_at is not null order by r.version desc limit 1);
end
$$;

-- What judging a declaration needs of the current versions, in one row: every declaration reads it, and
-- finding the newest published questionnaire and rule set sorts both tables (a fifth of a declaration's
-- reading). Kept by the statement triggers below whenever a version is added or published; published
-- versions are frozen, so nothing else changes it. Empty until both a questionnaire and a rule set are.
create table private.current_declaration (
  singleton boolean primary key default true constraint current_declaration_one_row check (singleton),
  questionnaire_id uuid not null,
  version integer not null,
  symptom_group1 text[] not null,
  symptom_group2 text[] not null,
  exposures text[] not null,
  all_no jsonb not null,
  rule_set_id uuid not null,
  group1_threshold smallint not null,
  group2_threshold smallint not null
);

create function private.refresh_current_declaration() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  delete from private.current_declaration;
  insert into private.current_declaration (questionnaire_id, version, symptom_group1, symptom_group2, exposures, all_no,
                                           rule_set_id, group1_threshold, group2_threshold)
  select q.id, q.version, q.symptom_group1, q.symptom_group2, q.exposures, q.all_no, r.id, r.group1_threshold, r.group2_threshold
  from public.questionnaires q, public.rule_sets r
  where q.id = public.current_questionnaire_id() and r.id = public.current_rule_set_id();
  return null;
end
$$;
create trigger questionnaires_current after insert or update of published_at on public.questionnaires
  for each statement execute function private.refresh_current_declaration();
create trigger rule_sets_current after insert or update of published_at on public.rule_sets
  for each statement execute function private.refresh_current_declaration();

-- Policies: published versions are read by everyone signed in; administrators write drafts -----------

alter table public.questionnaires enable row level security;
create policy "signed-in users read published questionnaires" on public.questionnaires
  for select to authenticated using (published_at is not null);
create policy "admins read every questionnaire" on public.questionnaires
  for select to authenticated using ((select private.has_role('admin')));
create policy "admins add questionnaires" on public.questionnaires
  for insert to authenticated with check ((select private.has_role('admin')));
create policy "admins change draft questionnaires" on public.questionnaires
  for update to authenticated using ((select private.has_role('admin'))) with check ((select private.has_role('admin')));
create policy "admins remove draft questionnaires" on public.questionnaires
  for delete to authenticated using ((select private.has_role('admin')));

alter table public.questions enable row level security;
create policy "signed-in users read questions of published questionnaires" on public.questions
  for select to authenticated using (
    exists (select 1 from public.questionnaires q where q.id = questionnaire_id and q.published_at is not null));
create policy "admins read every question" on public.questions
  for select to authenticated using ((select private.has_role('admin')));
create policy "admins add questions" on public.questions
  for insert to authenticated with check ((select private.has_role('admin')));
create policy "admins change questions" on public.questions
  for update to authenticated using ((select private.has_role('admin'))) with check ((select private.has_role('admin')));
create policy "admins remove questions" on public.questions
  for delete to authenticated using ((select private.has_role('admin')));

alter table public.rule_sets enable row level security;
create policy "signed-in users read published rule sets" on public.rule_sets
  for select to authenticated using (published_at is not null);
create policy "admins read every rule set" on public.rule_sets
  for select to authenticated using ((select private.has_role('admin')));
create policy "admins add rule sets" on public.rule_sets
  for insert to authenticated with check ((select private.has_role('admin')));
create policy "admins change draft rule sets" on public.rule_sets
  for update to authenticated using ((select private.has_role('admin'))) with check ((select private.has_role('admin')));
create policy "admins remove draft rule sets" on public.rule_sets
  for delete to authenticated using ((select private.has_role('admin')));

revoke all on public.questionnaires, public.questions, public.rule_sets from anon;

-- Version 1, as the 2020 declaration asked -------------------------------------------------------------

insert into public.questionnaires (id, version, title, published_at, created_by) values
  ('00000000-0000-4000-8000-000000000001', 1,
   '{"ms": "Penilaian kesihatan", "en": "Health assessment"}', null, null);

insert into public.questions (questionnaire_id, code, position, kind, symptom_group, text) values
  ('00000000-0000-4000-8000-000000000001', 'cough', 1, 'symptom', 1,
   '{"ms": "Adakah anda batuk?", "en": "Do you have a cough?"}'),
  ('00000000-0000-4000-8000-000000000001', 'breathing_difficulty', 2, 'symptom', 1,
   '{"ms": "Adakah anda sukar bernafas atau sesak nafas?", "en": "Do you have difficulty breathing or shortness of breath?"}'),
  ('00000000-0000-4000-8000-000000000001', 'loss_of_smell_or_taste', 3, 'symptom', 1,
   '{"ms": "Adakah anda baru hilang deria bau atau rasa?", "en": "Have you newly lost your sense of smell or taste?"}'),
  ('00000000-0000-4000-8000-000000000001', 'fever', 4, 'symptom', 2,
   '{"ms": "Adakah anda demam?", "en": "Do you have a fever?"}'),
  ('00000000-0000-4000-8000-000000000001', 'chills', 5, 'symptom', 2,
   '{"ms": "Adakah anda menggigil?", "en": "Do you have chills?"}'),
  ('00000000-0000-4000-8000-000000000001', 'body_aches', 6, 'symptom', 2,
   '{"ms": "Adakah anda sakit badan?", "en": "Do you have body aches?"}'),
  ('00000000-0000-4000-8000-000000000001', 'headache', 7, 'symptom', 2,
   '{"ms": "Adakah anda sakit kepala?", "en": "Do you have a headache?"}'),
  ('00000000-0000-4000-8000-000000000001', 'sore_throat', 8, 'symptom', 2,
   '{"ms": "Adakah anda sakit tekak?", "en": "Do you have a sore throat?"}'),
  ('00000000-0000-4000-8000-000000000001', 'diarrhoea', 9, 'symptom', 2,
   '{"ms": "Adakah anda cirit-birit?", "en": "Do you have diarrhoea?"}'),
  ('00000000-0000-4000-8000-000000000001', 'close_contact', 10, 'exposure', null,
   '{"ms": "Dalam 14 hari lepas, adakah anda bersemuka rapat dengan kes COVID-19 yang disahkan?", "en": "In the last 14 days, were you in close contact with a confirmed COVID-19 case?"}'),
  ('00000000-0000-4000-8000-000000000001', 'travelled_abroad', 11, 'exposure', null,
   '{"ms": "Dalam 14 hari lepas, adakah anda pulang dari luar negara?", "en": "In the last 14 days, did you travel abroad?"}'),
  ('00000000-0000-4000-8000-000000000001', 'cluster_gathering', 12, 'exposure', null,
   '{"ms": "Adakah anda menghadiri perhimpunan yang dikaitkan dengan kluster COVID-19?", "en": "Did you attend a gathering linked to a COVID-19 cluster?"}'),
  ('00000000-0000-4000-8000-000000000001', 'home_surveillance_order', 13, 'exposure', null,
   '{"ms": "Adakah anda kini di bawah perintah pengawasan di rumah?", "en": "Are you currently under a home surveillance order?"}');

-- Published once its questions are in: from here on it is frozen.
update public.questionnaires set published_at = now() where id = '00000000-0000-4000-8000-000000000001';

insert into public.rule_sets (id, version, group1_threshold, group2_threshold, monitoring_days, non_reporting_hours, lost_after_days, published_at, created_by)
values ('00000000-0000-4000-8000-000000000101', 1, 1, 2, 14, 24, 30, now(), null);
