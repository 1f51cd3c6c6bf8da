-- Persons: everyone Sejahtera assesses or traces, with or without an account: the account holder's own
-- person, a dependent registered by a guardian, a pending person entered by an officer (a contact who
-- has not registered yet). Identity documents are validated here, matched by keyed hash and shown
-- masked; when someone registers with the phone or document of a pending person, that person becomes
-- theirs (automatic onboarding). First sign-ins are counted from GoTrue's own table.

create type public.identity_type as enum ('mykad', 'mypr', 'passport', 'other');
comment on type public.identity_type is 'mykad: Malaysian identity card; mypr: permanent resident card (same 12-digit format); passport; other document.';

create type public.gender as enum ('male', 'female');
create type public.language as enum ('ms', 'en', 'zh', 'ta');

create type public.risk_status as enum ('pending_assessment', 'low_risk', 'casual_contact', 'close_contact', 'pui', 'confirmed');
comment on type public.risk_status is
  'In order of precedence, lowest first: pending_assessment (no day-0 declaration yet), low_risk, casual_contact, close_contact (PUS), pui (patient under investigation), confirmed.';

create table public.persons (
  id uuid primary key default gen_random_uuid(),
  account_id uuid unique references auth.users (id) on delete set null,
  full_name text not null,
  identity_type public.identity_type,
  -- Write-only: a trigger validates it, keeps its keyed hash in private.person_identities and its
  -- masked form below, and stores null here.
  identity_number text,
  identity_masked text,
  nationality text not null default 'MY',
  date_of_birth date,
  gender public.gender,
  phone text,
  phone_verified_at timestamptz,
  email text,
  address text,
  postcode text,
  state_code text references public.states (code),
  district_code text references public.districts (code),
  preferred_language public.language not null default 'ms',
  reminder_time time not null default '09:00',
  status public.risk_status not null default 'pending_assessment',
  status_since timestamptz not null default now(),
  symptomatic boolean not null default false,
  created_by uuid references auth.users (id) on delete set null default auth.uid(),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint persons_identity_number_not_stored check (identity_number is null),
  constraint persons_full_name_length check (length(trim(full_name)) between 2 and 200),
  constraint persons_nationality_iso check (nationality ~ '^[A-Z]{2}$'),
  constraint persons_phone_e164 check (phone ~ '^\+[1-9][0-9]{7,14}$'),
  constraint persons_postcode_format check (postcode ~ '^[0-9]{5}$'),
  constraint persons_email_format check (email ~* '^[^@\s]+@[^@\s]+\.[^@\s]+$')
);
comment on table public.persons is
  'Everyone assessed or traced. account_id: the account whose own person this is; null for dependents and pending persons.';
comment on column public.persons.identity_number is 'Write-only: validated, hashed for matching, masked for display; always read back as null.';
comment on column public.persons.identity_masked is 'The document number as shown to people who may see it, e.g. ******-**-1234.';
comment on column public.persons.reminder_time is 'When in the day (Malaysian time) this person prefers the reminder to report, if they have not.';
comment on column public.persons.status is
  'Current risk classification, derived by the database from every fact it holds (assessments, cases, monitoring, lab results) whenever one changes: low_risk and pending_assessment mean no active case and no active monitoring.';
comment on column public.persons.symptomatic is 'Whether the latest assessment reported symptoms (a low-risk person can be flagged symptomatic).';
create index persons_district_code_idx on public.persons (district_code);
create index persons_phone_idx on public.persons (phone);
create index persons_created_by_idx on public.persons (created_by);
create index persons_status_idx on public.persons (status);

create table private.person_identities (
  -- Deferred: the hash is written while the person's own row is still being inserted.
  person_id uuid primary key references public.persons (id) on delete cascade deferrable initially deferred,
  identity_hash bytea not null unique
);
comment on table private.person_identities is
  'Keyed hash (HMAC-SHA256) of each person''s identity document, for matching without keeping the number.';

create table private.secrets (
  name text primary key,
  value bytea not null
);
comment on table private.secrets is 'Keys the database itself uses. On a hosted project, rotate identity_hash_key only with a re-hash of person_identities.';
insert into private.secrets (name, value) values ('identity_hash_key', extensions.gen_random_bytes(32));

create table public.dependents (
  guardian_id uuid not null references auth.users (id) on delete cascade,
  person_id uuid not null references public.persons (id) on delete cascade,
  relationship text not null,
  created_at timestamptz not null default now(),
  primary key (guardian_id, person_id),
  constraint dependents_relationship_known check (
    relationship in ('child', 'parent', 'spouse', 'sibling', 'grandparent', 'grandchild', 'relative', 'ward', 'other'))
);
comment on table public.dependents is 'People a guardian registers and acts for: children, the elderly. They are full persons.';
create index dependents_person_id_idx on public.dependents (person_id);

create table public.first_sign_ins (
  user_id uuid primary key references auth.users (id) on delete cascade,
  signed_in_at timestamptz not null
);
comment on table public.first_sign_ins is 'When each account first signed in, whatever client it used (the ministry''s "first-time logins").';
create index first_sign_ins_signed_in_at_idx on public.first_sign_ins (signed_in_at);

-- Identity documents --------------------------------------------------------------------------------

create function private.normalize_identity(kind public.identity_type, number text) returns text
language sql immutable set search_path = ''
as $$
  select case when kind in ('mykad', 'mypr') then regexp_replace(number, '[\s-]', '', 'g')
              else upper(regexp_replace(number, '\s', '', 'g')) end
$$;

create function private.mykad_birth_date(number text) returns date
language plpgsql stable set search_path = ''
as $$
declare
  yy int := substr(number, 1, 2)::int;
  born date;
begin
  -- The card carries two digits of the year: the century is the one that does not put birth in the future.
  born := make_date(2000 + yy, substr(number, 3, 2)::int, substr(number, 5, 2)::int);
  if born > private.today() then
    born := make_date(1900 + yy, substr(number, 3, 2)::int, substr(number, 5, 2)::int);
  end if;
  return born;
exception when datetime_field_overflow or invalid_datetime_format then
  return null;
end
$$;

create function private.identity_problem(kind public.identity_type, number text) returns text
language plpgsql stable set search_path = ''
as $$
begin
  if kind is null then
    return 'identity_type: say which document the number is from (mykad, mypr, passport or other)';
  end if;
  if kind in ('mykad', 'mypr') then
    if number !~ '^[0-9]{12}$' then
      return 'identity_number: a MyKad number has 12 digits (YYMMDD-PB-###G)';
    end if;
    if private.mykad_birth_date(number) is null then
      return 'identity_number: the first six digits of a MyKad number are a date of birth (YYMMDD), and these are not a real date';
    end if;
    if not exists (
      select 1 from public.place_of_birth_codes p where p.code = substr(number, 7, 2) and p.kind <> 'unknown'
    ) and substr(number, 7, 2) <> '82' then
      return 'identity_number: digits 7 and 8 of a MyKad number are a place-of-birth code, and ' || substr(number, 7, 2) || ' is not one';
    end if;
  elsif kind = 'passport' then
    if number !~ '^[A-Z0-9]{5,20}$' then
      return 'identity_number: a passport number has 5 to 20 letters and digits';
    end if;
  elsif length(number) not between 3 and 30 then
    return 'identity_number: a document number has 3 to 30 characters';
  end if;
  return null;
end
$$;

create function private.identity_hash(kind public.identity_type, number text, nationality text) returns bytea
language sql stable security definer set search_path = ''
as $$
  -- MyKad and MyPR numbers are unique in Malaysia whatever the card; a passport is unique per country.
  select extensions.hmac(
    convert_to(case when kind in ('mykad', 'mypr') then 'MY-IC:' || number else kind::text || ':' || nationality || ':' || number end, 'UTF8'),
    (select value from private.secrets where name = 'identity_hash_key'),
    'sha256')
$$;
revoke all on function private.identity_hash(public.identity_type, text, text) from public;

create function private.mask_identity(kind public.identity_type, number text) returns text
language sql immutable set search_path = ''
as $$
  select case when kind in ('mykad', 'mypr') then '******-**-' || right(number, 4)
              else left(number, 1) || repeat('*', greatest(length(number) - 3, 1)) || right(number, 2) end
$$;

-- Validation, identity and onboarding on write ------------------------------------------------------

create function private.keep_identity_hash(person uuid, hash bytea) returns void
language plpgsql security definer set search_path = ''
as $$
begin
  if hash is null then
    return;
  end if;
  -- Looked up, not caught: an exception block costs a subtransaction on every insert (ten thousand in an
  -- import). Two sessions registering one document at the same instant still meet the unique index.
  if exists (select 1 from private.person_identities pi where pi.identity_hash = hash and pi.person_id <> person) then
    raise exception 'identity_number: this identity document is already registered to another person'
      using errcode = '23505', hint = 'If this is the same person, an officer can merge the records.';
  end if;
  insert into private.person_identities (person_id, identity_hash) values (person, hash)
  on conflict (person_id) do update set identity_hash = excluded.identity_hash;
end
$$;
revoke all on function private.keep_identity_hash(uuid, bytea) from public;

create function private.persons_before_write() returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  number text;
  problem text;
  born date;
  pending uuid;
  account_phone text;
  hash bytea;
begin
  -- The table's checks say the same; these say it in words a form can show next to the field.
  new.full_name := trim(new.full_name);
  if length(new.full_name) not between 2 and 200 then
    raise exception 'full_name: give a name of 2 to 200 characters' using errcode = '23514';
  end if;
  if new.phone !~ '^\+[1-9][0-9]{7,14}$' then
    raise exception 'phone: give the number in international form, e.g. +60123456789' using errcode = '23514';
  end if;
  if new.email !~* '^[^@\s]+@[^@\s]+\.[^@\s]+$' then
    raise exception 'email: not an email address' using errcode = '23514';
  end if;
  if new.postcode !~ '^[0-9]{5}$' then
    raise exception 'postcode: five digits, e.g. 47301' using errcode = '23514';
  end if;
  if new.nationality !~ '^[A-Z]{2}$' then
    raise exception 'nationality: a two-letter country code, e.g. MY' using errcode = '23514';
  end if;
  if new.date_of_birth > private.today() then
    raise exception 'date_of_birth: a date of birth cannot be in the future' using errcode = '23514';
  end if;
  if new.district_code is not null then
    if not exists (select 1 from public.districts d where d.code = new.district_code) then
      raise exception 'district_code: no such district (%)', new.district_code using errcode = '23514';
    elsif new.state_code is null then
      new.state_code := (select d.state_code from public.districts d where d.code = new.district_code);
    elsif not exists (select 1 from public.districts d where d.code = new.district_code and d.state_code = new.state_code) then
      raise exception 'district_code: district % is not in state %', new.district_code, new.state_code using errcode = '23514';
    end if;
  end if;

  if new.identity_number is not null then
    number := private.normalize_identity(new.identity_type, new.identity_number);
    problem := private.identity_problem(new.identity_type, number);
    if problem is not null then
      raise exception '%', problem using errcode = '23514';
    end if;
    if new.identity_type in ('mykad', 'mypr') then
      born := private.mykad_birth_date(number);
      if new.date_of_birth is null then
        new.date_of_birth := born;
      elsif new.date_of_birth <> born then
        raise exception 'date_of_birth: does not match the date of birth in the MyKad number' using errcode = '23514';
      end if;
      if new.identity_type = 'mykad' then
        new.nationality := 'MY';
      end if;
      -- The last digit of a MyKad number is odd for men and even for women.
      new.gender := coalesce(new.gender, case when right(number, 1)::int % 2 = 1 then 'male' else 'female' end::public.gender);
    end if;
    new.identity_masked := private.mask_identity(new.identity_type, number);
    hash := private.identity_hash(new.identity_type, number, new.nationality);
    new.identity_number := null;
  end if;

  if tg_op = 'INSERT' and new.account_id is not null then
    if exists (select 1 from public.persons p where p.account_id = new.account_id) then
      raise exception 'account_id: this account already has its own profile; update it instead' using errcode = '23505';
    end if;
    -- Automatic onboarding: a person without an account who holds this document (a pending person
    -- entered by an officer, or someone registered as a dependent who now registers themselves), or a
    -- pending person with the phone this account verified, becomes the account's own person. The
    -- document outranks the phone, and whoever claims a person with their document takes it over from
    -- any guardian: nobody can hold someone else's identity by registering it first.
    select u.phone into account_phone from auth.users u where u.id = new.account_id and u.phone_confirmed_at is not null;
    select p.id into pending
    from public.persons p
    where p.account_id is null
      and p.id = (select pi.person_id from private.person_identities pi where pi.identity_hash = hash);
    if pending is null and account_phone is not null then
      select p.id into pending
      from public.persons p
      where p.account_id is null and p.phone = '+' || account_phone
        and not exists (select 1 from public.dependents d where d.person_id = p.id)
      order by p.created_at
      limit 1;
    end if;
    if pending is not null then
      update public.persons p set
        account_id = new.account_id,
        full_name = new.full_name,
        identity_type = coalesce(new.identity_type, p.identity_type),
        identity_masked = coalesce(new.identity_masked, p.identity_masked),
        nationality = new.nationality,
        date_of_birth = coalesce(new.date_of_birth, p.date_of_birth),
        gender = coalesce(new.gender, p.gender),
        phone = coalesce(new.phone, p.phone),
        phone_verified_at = case when account_phone is not null and coalesce(new.phone, p.phone) = '+' || account_phone
                                 then now() else p.phone_verified_at end,
        email = coalesce(new.email, p.email),
        address = coalesce(new.address, p.address),
        postcode = coalesce(new.postcode, p.postcode),
        state_code = coalesce(new.state_code, p.state_code),
        district_code = coalesce(new.district_code, p.district_code),
        preferred_language = new.preferred_language
      where p.id = pending;
      delete from public.dependents d where d.person_id = pending;
      perform private.keep_identity_hash(pending, hash);
      -- The registration became the pending person: nothing new is inserted.
      return null;
    end if;
    if account_phone is not null and new.phone = '+' || account_phone then
      new.phone_verified_at := now();
    end if;
  end if;
  perform private.keep_identity_hash(new.id, hash);
  return new;
end
$$;

create trigger persons_before_insert before insert on public.persons
  for each row execute function private.persons_before_write();
-- A status change (most updates, made by the classification) touches nothing the trigger checks: it names
-- none of these columns, so the condition is not even read (it is prepared again for every statement that
-- reaches it, 5% of a declaration that changes a status).
create trigger persons_before_update
  before update of identity_number, full_name, date_of_birth, district_code, state_code, phone, email, postcode, nationality
  on public.persons
  for each row
  when (new.identity_number is not null or new.full_name is distinct from old.full_name
        or new.date_of_birth is distinct from old.date_of_birth or new.district_code is distinct from old.district_code
        or new.state_code is distinct from old.state_code or new.phone is distinct from old.phone
        or new.email is distinct from old.email or new.postcode is distinct from old.postcode
        or new.nationality is distinct from old.nationality)
  execute function private.persons_before_write();
create trigger persons_touch_updated_at before update on public.persons
  for each row execute function private.touch_updated_at();

-- Onboarding by verified phone, and first sign-ins, from GoTrue's users table -----------------------

create function private.on_auth_user_changed() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  -- The ministry's first-time logins are the public's: a staff member's account (invited, or seeded, with
  -- its staff row before it first signs in) is not counted; its staff row records that it has joined.
  if new.last_sign_in_at is not null and (tg_op = 'INSERT' or old.last_sign_in_at is null) then
    update public.staff s set joined_at = new.last_sign_in_at where s.user_id = new.id and s.joined_at is null;
    if not found and not exists (select 1 from public.staff s where s.user_id = new.id) then
      insert into public.first_sign_ins (user_id, signed_in_at) values (new.id, new.last_sign_in_at)
      on conflict (user_id) do nothing;
    end if;
  end if;
  if new.phone_confirmed_at is not null and (tg_op = 'INSERT' or old.phone_confirmed_at is null)
     and not exists (select 1 from public.persons p where p.account_id = new.id) then
    -- GoTrue keeps phones without the '+'.
    update public.persons p set account_id = new.id, phone_verified_at = now()
    where p.id = (
      select candidate.id from public.persons candidate
      where candidate.account_id is null and candidate.phone = '+' || new.phone
        and not exists (select 1 from public.dependents d where d.person_id = candidate.id)
      order by candidate.created_at
      limit 1);
  end if;
  return null;
end
$$;

create trigger on_auth_user_changed after insert or update of last_sign_in_at, phone_confirmed_at on auth.users
  for each row execute function private.on_auth_user_changed();

-- Access helpers -------------------------------------------------------------------------------------

create function private.is_guardian_of(person uuid) returns boolean
language plpgsql stable security definer set search_path = ''
as $$
begin
  return exists (select 1 from public.dependents d where d.person_id = person and d.guardian_id = (select auth.uid()));
end
$$;

create function private.created_pending_person(person uuid) returns boolean
language plpgsql stable security definer set search_path = ''
as $$
begin
  return exists (
    select 1 from public.persons p where p.id = person and p.account_id is null and p.created_by = (select auth.uid()));
end
$$;

create function private.person_district(person uuid) returns text
language plpgsql stable security definer set search_path = ''
as $$
begin
  return (select p.district_code from public.persons p where p.id = person);
end
$$;

-- The sets a list's policies test rows against, each computed once per statement: a policy reads
-- `column in (select private.my_...())`, which Postgres runs once and hashes, where a helper taking the
-- row (`(select private.covers_district(district_code))`) runs once per row. At 100,000 persons the
-- per-row form made counting the console's persons list take 3 s for an administrator and 8 s for a
-- supervisor (the API's statement timeout); a helper that depends on the row belongs in a single-row check.
create function private.my_districts() returns setof text
language plpgsql stable security definer set search_path = '' rows 20
as $$
begin
  case private.staff_role()
    when 'admin' then return query select d.code from public.districts d;
    when 'supervisor' then return query select d.code from public.districts d where d.state_code = private.staff_state();
    when 'officer' then return query select sd.district_code from public.staff_districts sd where sd.staff_id = (select auth.uid());
    else return;
  end case;
end
$$;
comment on function private.my_districts() is
  'The districts the current user covers (as private.covers_district): all for admins, the state''s for supervisors, their own for officers.';

create function private.my_dependents() returns setof uuid
language plpgsql stable security definer set search_path = '' rows 5
as $$
begin
  return query select d.person_id from public.dependents d where d.guardian_id = (select auth.uid());
end
$$;
comment on function private.my_dependents() is 'The persons the current user is the guardian of (as private.is_guardian_of).';

revoke all on function private.is_guardian_of(uuid), private.created_pending_person(uuid), private.person_district(uuid),
  private.my_districts(), private.my_dependents() from public;
grant execute on function private.is_guardian_of(uuid), private.created_pending_person(uuid), private.person_district(uuid),
  private.my_districts(), private.my_dependents()
  to authenticated, service_role;

-- Policies ------------------------------------------------------------------------------------------

alter table public.persons enable row level security;

create policy "people see their own person" on public.persons
  for select to authenticated using (account_id = (select auth.uid()));
create policy "guardians see their dependents" on public.persons
  for select to authenticated using (id in (select private.my_dependents()));
-- An administrator covers every person, with or without a district: checked once, before any row.
create policy "officers see persons in their jurisdiction" on public.persons
  for select to authenticated
  using ((select private.has_role('admin')) or district_code in (select private.my_districts()));

create policy "people register their own person" on public.persons
  for insert to authenticated with check (account_id = (select auth.uid()) and created_by = (select auth.uid()));
create policy "officers enter persons in their jurisdiction" on public.persons
  for insert to authenticated with check (account_id is null and (select private.covers_district(district_code)));

create policy "people update their own person" on public.persons
  for update to authenticated using (account_id = (select auth.uid())) with check (account_id = (select auth.uid()));
-- Update checks of all policies are OR'ed: the guardians' check names the guardian, or any other
-- updater's row (an officer moving a person out of their district) would pass it.
create policy "guardians update their dependents" on public.persons
  for update to authenticated
  using ((select private.is_guardian_of(id)))
  with check (account_id is null and (select private.is_guardian_of(id)));
create policy "officers update persons in their jurisdiction" on public.persons
  for update to authenticated
  using ((select private.covers_district(district_code)))
  with check ((select private.covers_district(district_code)));

create policy "guardians remove dependents" on public.persons
  for delete to authenticated using (account_id is null and (select private.is_guardian_of(id)));
create policy "admins remove persons" on public.persons
  for delete to authenticated using ((select private.has_role('admin')));

-- What clients may write: never the classification, the account link, or who created the row.
revoke insert, update on public.persons from anon, authenticated;
grant insert (id, account_id, full_name, identity_type, identity_number, nationality, date_of_birth, gender, phone, email,
              address, postcode, state_code, district_code, preferred_language, reminder_time)
  on public.persons to authenticated;
grant update (reminder_time, full_name, identity_type, identity_number, nationality, date_of_birth, gender, phone, email,
              address, postcode, state_code, district_code, preferred_language)
  on public.persons to authenticated;
revoke all on public.persons from anon;

alter table public.dependents enable row level security;

create policy "guardians see their dependents' links" on public.dependents
  for select to authenticated using (guardian_id = (select auth.uid()));
-- As persons' policy: the administrator's check once, the jurisdiction's districts once (persons_summary's
-- is_dependent reads every dependent it may see).
create policy "officers see dependents in their jurisdiction" on public.dependents
  for select to authenticated
  using ((select private.has_role('admin')) or private.person_district(person_id) in (select private.my_districts()));
-- Staff are never guardians through their work: an officer who entered a pending contact must not
-- become its guardian (and so reach it from anywhere, for good).
create policy "guardians link persons they registered" on public.dependents
  for insert to authenticated
  with check (
    guardian_id = (select auth.uid()) and (select private.created_pending_person(person_id)) and (select private.staff_role()) is null);
create policy "guardians change the relationship" on public.dependents
  for update to authenticated using (guardian_id = (select auth.uid())) with check (guardian_id = (select auth.uid()));
create policy "guardians unlink dependents" on public.dependents
  for delete to authenticated using (guardian_id = (select auth.uid()));
revoke all on public.dependents from anon;
-- Only the relationship changes: pointing a link at another person would make its guardian theirs.
revoke update on public.dependents from authenticated;
grant update (relationship) on public.dependents to authenticated;

alter table public.first_sign_ins enable row level security;

create policy "people see their own first sign-in" on public.first_sign_ins
  for select to authenticated using (user_id = (select auth.uid()));
create policy "admins see first sign-ins" on public.first_sign_ins
  for select to authenticated using ((select private.has_role('admin')));
revoke insert, update, delete on public.first_sign_ins from anon, authenticated;
revoke all on public.first_sign_ins from anon;

-- Registration in one call ----------------------------------------------------------------------------

create function public.register_profile(
  full_name text,
  identity_type public.identity_type default null,
  identity_number text default null,
  nationality text default 'MY',
  date_of_birth date default null,
  gender public.gender default null,
  phone text default null,
  email text default null,
  address text default null,
  postcode text default null,
  district_code text default null,
  preferred_language public.language default 'ms'
) returns public.persons
language plpgsql security invoker set search_path = ''
as $$
declare
  me uuid := auth.uid();
  result public.persons;
begin
  if me is null then
    raise exception 'Sign in to register a profile' using errcode = '42501';
  end if;
  insert into public.persons (account_id, full_name, identity_type, identity_number, nationality, date_of_birth, gender,
                              phone, email, address, postcode, district_code, preferred_language)
  values (me, register_profile.full_name, register_profile.identity_type, register_profile.identity_number,
          coalesce(register_profile.nationality, 'MY'), register_profile.date_of_birth, register_profile.gender,
          register_profile.phone, register_profile.email, register_profile.address, register_profile.postcode,
          register_profile.district_code, coalesce(register_profile.preferred_language, 'ms'));
  -- Either the new row, or the pending person it was matched to.
  select * into result from public.persons p where p.account_id = me;
  return result;
end
$$;
comment on function public.register_profile is
  'Creates the signed-in account''s own person, or links it to a pending person with the same document or verified phone.';

-- Dependents are added only through this function (there is no insert policy for them): the person
-- and their link go in together, so nobody can fill a district's lists with made-up people that no
-- guardian answers for. Staff accounts are work accounts and register no dependents.
create function private.add_dependent(
  full_name text, relationship text, identity_type public.identity_type, identity_number text, nationality text,
  date_of_birth date, gender public.gender, district_code text, preferred_language public.language, id uuid
) returns public.persons
language plpgsql security definer set search_path = ''
as $$
declare
  me uuid := auth.uid();
  new_id uuid := coalesce(add_dependent.id, gen_random_uuid());
  result public.persons;
begin
  if me is null then
    raise exception 'Sign in to register a dependent' using errcode = '42501';
  end if;
  -- A client may choose the id, so that a retried (or double-clicked) registration adds one dependent.
  if add_dependent.id is not null then
    select p.* into result from public.persons p
    join public.dependents d on d.person_id = p.id and d.guardian_id = me
    where p.id = add_dependent.id;
    if found then
      return result;
    end if;
  end if;
  if private.staff_role() is not null then
    raise exception 'Staff accounts do not register dependents; use a personal account' using errcode = '42501';
  end if;
  if relationship is null or relationship not in ('child', 'parent', 'spouse', 'sibling', 'grandparent', 'grandchild', 'relative', 'ward', 'other') then
    raise exception 'relationship: must be child, parent, spouse, sibling, grandparent, grandchild, relative, ward or other'
      using errcode = '23514';
  end if;
  insert into public.persons (id, full_name, identity_type, identity_number, nationality, date_of_birth, gender, district_code,
                              preferred_language, created_by)
  values (new_id, add_dependent.full_name, add_dependent.identity_type, add_dependent.identity_number,
          coalesce(add_dependent.nationality, 'MY'), add_dependent.date_of_birth, add_dependent.gender,
          add_dependent.district_code, coalesce(add_dependent.preferred_language, 'ms'), me)
  on conflict on constraint persons_pkey do nothing;
  if not found then
    -- The same id from a concurrent call (a double click) that got there first: its dependent.
    select p.* into result from public.persons p
    join public.dependents d on d.person_id = p.id and d.guardian_id = me
    where p.id = new_id;
    if found then
      return result;
    end if;
    raise exception 'id: already used for another person; use a new id' using errcode = '23505';
  end if;
  insert into public.dependents (guardian_id, person_id, relationship) values (me, new_id, add_dependent.relationship);
  select * into result from public.persons p where p.id = new_id;
  return result;
end
$$;
revoke all on function private.add_dependent from public;
grant execute on function private.add_dependent to authenticated;

create function public.add_dependent(
  full_name text,
  relationship text,
  identity_type public.identity_type default null,
  identity_number text default null,
  nationality text default 'MY',
  date_of_birth date default null,
  gender public.gender default null,
  district_code text default null,
  preferred_language public.language default 'ms',
  id uuid default null
) returns public.persons
language plpgsql security invoker set search_path = ''
as $$
begin
  return private.add_dependent(full_name, relationship, identity_type, identity_number, nationality, date_of_birth, gender,
                               district_code, preferred_language, id);
end
$$;
comment on function public.add_dependent is 'Registers a person the signed-in guardian acts for, and links them. With an id: retrying returns the dependent it added.';

revoke all on function public.register_profile, public.add_dependent from public, anon;
grant execute on function public.register_profile, public.add_dependent to authenticated;
