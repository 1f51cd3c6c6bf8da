-- Communications: the devices people receive push notifications on, each account's inbox, the durable
-- outbox a dispatcher drains to FCM, announcements targeted at places or status groups, and the
-- call centre's feedback tickets.
--
-- Every notification is written with its outbox row in one statement (private.notify), so nothing
-- reaches an inbox without being queued for push, and a dedupe key makes each one at most once.
-- The dispatcher (the dispatch-notifications edge function, holding the service role) talks to the
-- outbox over a direct Postgres connection (SUPABASE_DB_URL as service_role), because these functions
-- are security definer and so live in `private`, which PostgREST does not expose. It expands each
-- outbox row into one delivery per device and sends each at most once: private.claim_push,
-- start_push and finish_push in 20261127001200_push_delivery.sql, the one protocol for draining it.

-- Shared checks ------------------------------------------------------------------------------------

create function private.is_translation(translations jsonb, max_length int) returns boolean
language plpgsql immutable set search_path = ''
as $$
begin
  -- Malay and English are required; Chinese and Tamil may be added. Every text is non-blank.
  -- Simple expressions only: this runs twice per row of an announcement's fan-out.
  if jsonb_typeof(translations) is distinct from 'object' then
    return false;
  end if;
  return coalesce(
    translations - array['ms', 'en', 'zh', 'ta'] = '{}'::jsonb
    and jsonb_typeof(translations -> 'ms') = 'string' and length(trim(translations ->> 'ms')) between 1 and max_length
    and jsonb_typeof(translations -> 'en') = 'string' and length(trim(translations ->> 'en')) between 1 and max_length
    and (not translations ? 'zh'
         or (jsonb_typeof(translations -> 'zh') = 'string' and length(trim(translations ->> 'zh')) between 1 and max_length))
    and (not translations ? 'ta'
         or (jsonb_typeof(translations -> 'ta') = 'string' and length(trim(translations ->> 'ta')) between 1 and max_length)),
    false);
end
$$;
comment on function private.is_translation(jsonb, int) is
  'Whether translations is {"ms": ..., "en": ...[, "zh": ..., "ta": ...]} with non-blank texts of at most max_length characters.';

create function private.mask_phone(phone text) returns text
language sql immutable set search_path = ''
as $$
  select case when phone is null then null
              when length(phone) <= 8 then repeat('*', length(phone))
              else left(phone, 5) || repeat('*', length(phone) - 8) || right(phone, 3) end
$$;
comment on function private.mask_phone(text) is 'A phone number as a call-centre agent may see it, e.g. +6012****701.';

revoke all on function private.is_translation(jsonb, int), private.mask_phone(text) from public;
-- Check constraints run as whoever writes the row.
grant execute on function private.is_translation(jsonb, int), private.mask_phone(text) to authenticated, service_role;

-- Device tokens --------------------------------------------------------------------------------------

create table public.device_tokens (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  token text not null,
  platform text not null,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  constraint device_tokens_token_unique unique (token),
  constraint device_tokens_token_format check (length(token) between 1 and 4096 and token !~ '\s'),
  constraint device_tokens_platform_known check (platform in ('web', 'android', 'ios'))
);
comment on table public.device_tokens is
  'FCM registration tokens of the devices each account receives push on. A token belongs to one account at a time: '
  'the last one to register it. Only the owner and the service role (the dispatcher) read them.';
comment on column public.device_tokens.last_seen_at is 'When the app last registered the token; stale tokens can be pruned.';
create index device_tokens_account_id_idx on public.device_tokens (account_id);

alter table public.device_tokens enable row level security;

create policy "people see their own devices" on public.device_tokens
  for select to authenticated using (account_id = (select auth.uid()));
create policy "people register their own devices" on public.device_tokens
  for insert to authenticated with check (account_id = (select auth.uid()));
create policy "people refresh their own devices" on public.device_tokens
  for update to authenticated using (account_id = (select auth.uid())) with check (account_id = (select auth.uid()));
create policy "people remove their own devices" on public.device_tokens
  for delete to authenticated using (account_id = (select auth.uid()));

revoke all on public.device_tokens from anon;
revoke insert, update on public.device_tokens from authenticated;
grant insert (token, platform) on public.device_tokens to authenticated;
grant update (platform, last_seen_at) on public.device_tokens to authenticated;

create function private.release_device_token(token text) returns void
language sql security definer set search_path = ''
as $$
  -- A device signed in with another account: the token now belongs to whoever registers it.
  delete from public.device_tokens t
  where t.token = release_device_token.token and t.account_id <> (select auth.uid())
$$;
comment on function private.release_device_token(text) is
  'Takes a token away from any other account, so that the caller can register it (a shared or handed-down device).';
revoke all on function private.release_device_token(text) from public;
grant execute on function private.release_device_token(text) to authenticated;

create function public.register_device(token text, platform text) returns public.device_tokens
language plpgsql security invoker set search_path = ''
as $$
declare
  result public.device_tokens;
begin
  if (select auth.uid()) is null then
    raise exception 'Sign in to register a device' using errcode = '42501';
  end if;
  perform private.release_device_token(register_device.token);
  insert into public.device_tokens (token, platform) values (register_device.token, register_device.platform)
  on conflict on constraint device_tokens_token_unique
  do update set platform = excluded.platform, last_seen_at = now()
  returning * into result;
  return result;
end
$$;
comment on function public.register_device(text, text) is
  'Registers or refreshes a push token for the signed-in account, taking it over from any other account. Call on every app start.';
revoke all on function public.register_device(text, text) from public, anon;
grant execute on function public.register_device(text, text) to authenticated;

-- The inbox ------------------------------------------------------------------------------------------

create table public.notifications (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references auth.users (id) on delete cascade,
  person_id uuid references public.persons (id) on delete cascade,
  kind text not null,
  title jsonb not null,
  body jsonb not null,
  data jsonb not null default '{}',
  created_at timestamptz not null default now(),
  read_at timestamptz,
  constraint notifications_kind_known check (
    kind in ('status_changed', 'test_advised', 'reminder', 'lab_result', 'announcement', 'feedback_reply', 'invitation', 'report_ready')),
  constraint notifications_title_needs_ms_and_en check (private.is_translation(title, 200)),
  constraint notifications_body_needs_ms_and_en check (private.is_translation(body, 5000)),
  constraint notifications_data_is_object check (jsonb_typeof(data) = 'object')
);
comment on table public.notifications is
  'Each account''s inbox. Written only by the database (private.notify), each with its push in private.notification_outbox.';
comment on column public.notifications.person_id is 'Whom it is about: the account''s own person or one of their dependents; null when about nobody in particular.';
comment on column public.notifications.title is 'Translations: {"ms": ..., "en": ...}, optionally "zh" and "ta".';
comment on column public.notifications.data is 'What the app needs to open the right screen, e.g. {"announcement_id": ...}.';
comment on column public.notifications.read_at is 'When the account read it; the only field its owner may change.';
create index notifications_account_id_created_at_idx on public.notifications (account_id, created_at desc);
create index notifications_person_id_idx on public.notifications (person_id);

alter table public.notifications enable row level security;

create policy "people see their own notifications" on public.notifications
  for select to authenticated using (account_id = (select auth.uid()));
create policy "people mark their own notifications read" on public.notifications
  for update to authenticated using (account_id = (select auth.uid())) with check (account_id = (select auth.uid()));

-- Nobody inserts through the API, not even the service role: a notification written beside
-- private.notify would never be pushed.
revoke all on public.notifications from anon;
revoke insert, update on public.notifications from authenticated, service_role;
revoke delete on public.notifications from authenticated;
grant update (read_at) on public.notifications to authenticated;

-- Read when the database says so, whatever the device's clock: a client marks read (any time) or unread (null).
create function private.notification_read_now() returns trigger
language plpgsql set search_path = ''
as $$
begin
  new.read_at := case when new.read_at is null then null else coalesce(old.read_at, now()) end;
  return new;
end
$$;
create trigger notifications_read_now before update of read_at on public.notifications
  for each row execute function private.notification_read_now();

-- The outbox -----------------------------------------------------------------------------------------

create table private.notification_outbox (
  id bigserial primary key,
  notification_id uuid not null references public.notifications (id) on delete cascade,
  account_id uuid not null,
  status text not null default 'pending',
  attempts int not null default 0,
  next_attempt_at timestamptz not null default now(),
  last_error text,
  dedupe_key text not null,
  created_at timestamptz not null default now(),
  sent_at timestamptz,
  constraint notification_outbox_notification_id_unique unique (notification_id),
  constraint notification_outbox_dedupe_key_unique unique (dedupe_key),
  constraint notification_outbox_status_known check (status in ('pending', 'sending', 'sent', 'failed', 'cancelled'))
);
comment on table private.notification_outbox is
  'Pushes still to make or made: one per notification, never two for one dedupe key. Drained by the dispatcher through '
  'private.claim_push, which expands each due row into one delivery per device (private.push_deliveries).';
comment on column private.notification_outbox.attempts is 'Times the row was expanded into deliveries (once; 0 when cancelled). Retries are counted per delivery.';
comment on column private.notification_outbox.next_attempt_at is
  'pending: not to be expanded before then. sending: infinity, its deliveries carry it.';
comment on column private.notification_outbox.dedupe_key is
  'What makes the notification happen once, e.g. announcement:<id>:<account>; notification:<id> when the caller gave none.';
comment on column private.notification_outbox.status is
  'pending, sending (expanded into deliveries), sent (a device took it), failed (no device did), cancelled (the account has no device).';

revoke all on private.notification_outbox from public, anon, authenticated;
revoke all on sequence private.notification_outbox_id_seq from public, anon, authenticated;

create function private.notify(
  account uuid,
  person uuid,
  kind text,
  title jsonb,
  body jsonb,
  data jsonb default '{}',
  dedupe_key text default null
) returns uuid
language plpgsql security definer set search_path = ''
as $$
declare
  new_id uuid := gen_random_uuid();
  dedupe text := coalesce(notify.dedupe_key, 'notification:' || new_id);
  existing uuid;
begin
  if account is null then
    -- Nobody to tell (a person without an account); callers need not check.
    return null;
  end if;
  -- One statement: the outbox row claims the dedupe key, and only then is the inbox row written.
  -- (The outbox's foreign key is checked at the end of the statement, after both inserts.)
  with queued as (
    insert into private.notification_outbox (notification_id, account_id, dedupe_key)
    values (new_id, notify.account, dedupe)
    on conflict on constraint notification_outbox_dedupe_key_unique do nothing
    returning notification_id
  )
  insert into public.notifications (id, account_id, person_id, kind, title, body, data)
  select q.notification_id, notify.account, notify.person, notify.kind, notify.title, notify.body, coalesce(notify.data, '{}')
  from queued q;
  if found then
    return new_id;
  end if;
  select o.notification_id into existing from private.notification_outbox o where o.dedupe_key = dedupe;
  return existing;
end
$$;
comment on function private.notify(uuid, uuid, text, jsonb, jsonb, jsonb, text) is
  'Puts a notification in an account''s inbox and queues its push. Idempotent on dedupe_key: a repeated call returns the '
  'first notification''s id and writes nothing. Returns null for a null account.';

create function private.notify_person(
  person uuid,
  kind text,
  title jsonb,
  body jsonb,
  data jsonb default '{}',
  dedupe_key text default null
) returns uuid[]
language plpgsql security definer set search_path = ''
as $$
declare
  recipient uuid;
  ids uuid[] := '{}';
begin
  -- A handful of accounts at most: the person's own and their guardians'.
  for recipient in
    select p.account_id from public.persons p where p.id = notify_person.person and p.account_id is not null
    union
    select d.guardian_id from public.dependents d where d.person_id = notify_person.person
  loop
    ids := ids || private.notify(recipient, notify_person.person, notify_person.kind, notify_person.title, notify_person.body,
                                 notify_person.data, notify_person.dedupe_key || ':' || recipient);
  end loop;
  return ids;
end
$$;
comment on function private.notify_person(uuid, text, jsonb, jsonb, jsonb, text) is
  'Notifies everyone who acts for a person: their own account and each guardian, each once per dedupe_key. '
  'Returns the notifications'' ids; none for a person nobody acts for.';

-- How long a retried SMS invitation waits (private.finish_invitation); a push's retry is timed by the
-- dispatcher, which knows FCM's Retry-After.
create function private.outbox_backoff(attempt int) returns interval
language sql volatile set search_path = ''
as $$
  -- Exponential from one minute, capped at six hours, with jitter that never lets a delay be shorter
  -- than the previous one's longest: between half and all of 2^(attempt-1) minutes.
  select least(interval '1 minute' * power(2, greatest(attempt, 1) - 1), interval '6 hours') * (0.5 + random() / 2)
$$;

revoke all on function private.notify(uuid, uuid, text, jsonb, jsonb, jsonb, text),
  private.notify_person(uuid, text, jsonb, jsonb, jsonb, text), private.outbox_backoff(int) from public;
grant execute on function private.notify(uuid, uuid, text, jsonb, jsonb, jsonb, text),
  private.notify_person(uuid, text, jsonb, jsonb, jsonb, text) to service_role;

-- Announcements --------------------------------------------------------------------------------------

create table public.announcements (
  id uuid primary key default gen_random_uuid(),
  title jsonb not null,
  body jsonb not null,
  target_kind text not null,
  target_state text references public.states (code),
  target_district text references public.districts (code),
  target_status public.risk_status,
  created_by uuid default auth.uid() references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  published_at timestamptz,
  updated_at timestamptz not null default now(),
  constraint announcements_title_needs_ms_and_en check (private.is_translation(title, 200)),
  constraint announcements_body_needs_ms_and_en check (private.is_translation(body, 5000)),
  constraint announcements_target_kind_known check (target_kind in ('everyone', 'state', 'district', 'status')),
  constraint announcements_target_matches_kind check (
    case target_kind
      when 'everyone' then num_nonnulls(target_state, target_district, target_status) = 0
      when 'state' then target_state is not null and num_nonnulls(target_district, target_status) = 0
      when 'district' then target_district is not null and num_nonnulls(target_state, target_status) = 0
      when 'status' then target_status is not null and num_nonnulls(target_state, target_district) = 0
    end)
);
comment on table public.announcements is
  'Updates from the ministry, translated, for everyone, a state, a district or a status group. Drafts until published_at '
  'is set; publishing puts one in the inbox of everyone in the audience at that moment, once, and freezes it.';
comment on column public.announcements.target_kind is
  'everyone; state (target_state); district (target_district); status (target_status: people of that status nationwide). '
  'Exactly the matching target column is set.';
comment on column public.announcements.published_at is 'Set to publish (the database records the moment); never unset, never set twice.';
create index announcements_target_kind_published_at_idx on public.announcements (target_kind, published_at desc);
create index announcements_target_state_idx on public.announcements (target_state);
create index announcements_target_district_idx on public.announcements (target_district);
create index announcements_target_status_idx on public.announcements (target_status);
create index announcements_created_by_idx on public.announcements (created_by);
-- The audience of a state announcement is found by the persons' state.
create index persons_state_code_idx on public.persons (state_code);

create function private.may_announce_to(target_kind text, target_state text, target_district text, target_status public.risk_status)
returns boolean
language sql stable security definer set search_path = ''
as $$
  select coalesce(case private.staff_role()
    when 'admin' then true
    when 'supervisor' then (may_announce_to.target_kind = 'state' and may_announce_to.target_state = private.staff_state())
                           or (may_announce_to.target_kind = 'district' and private.covers_district(may_announce_to.target_district))
    when 'officer' then may_announce_to.target_kind = 'district' and private.covers_district(may_announce_to.target_district)
    else false
  end, false)
$$;
comment on function private.may_announce_to(text, text, text, public.risk_status) is
  'Whether the current user may write announcements for this audience: officers their districts; supervisors their state '
  'and its districts; admins any audience, including everyone and status groups.';

create function private.in_announcement_audience(target_kind text, target_state text, target_district text, target_status public.risk_status)
returns boolean
language sql stable security definer set search_path = ''
as $$
  select in_announcement_audience.target_kind = 'everyone' or exists (
    select 1 from public.persons p
    where (p.account_id = (select auth.uid())
           or p.id in (select d.person_id from public.dependents d where d.guardian_id = (select auth.uid())))
      and case in_announcement_audience.target_kind
            when 'state' then p.state_code = in_announcement_audience.target_state
            when 'district' then p.district_code = in_announcement_audience.target_district
            when 'status' then p.status = in_announcement_audience.target_status
            else false
          end)
$$;
comment on function private.in_announcement_audience(text, text, text, public.risk_status) is
  'Whether the current user is in the audience: everyone, or their own person or a dependent is in the state, district or status.';

revoke all on function private.may_announce_to(text, text, text, public.risk_status),
  private.in_announcement_audience(text, text, text, public.risk_status) from public;
grant execute on function private.may_announce_to(text, text, text, public.risk_status),
  private.in_announcement_audience(text, text, text, public.risk_status) to authenticated, service_role;

create function private.announcement_audience(target_kind text, target_state text, target_district text, target_status public.risk_status)
returns table (account_id uuid, person_id uuid)
language sql stable set search_path = ''
as $$
  -- Each account once: through their own person if it is in the audience, else through a dependent.
  select distinct on (r.account_id) r.account_id, r.person_id
  from (
    select u.id as account_id, null::uuid as person_id, 0 as rank
    from auth.users u
    where announcement_audience.target_kind = 'everyone' and u.deleted_at is null and not u.is_anonymous
    union all
    select p.account_id, p.id, 0
    from public.persons p
    where p.account_id is not null
      and case announcement_audience.target_kind
            when 'state' then p.state_code = announcement_audience.target_state
            when 'district' then p.district_code = announcement_audience.target_district
            when 'status' then p.status = announcement_audience.target_status
            else false
          end
    union all
    select d.guardian_id, p.id, 1
    from public.persons p
    join public.dependents d on d.person_id = p.id
    where case announcement_audience.target_kind
            when 'state' then p.state_code = announcement_audience.target_state
            when 'district' then p.district_code = announcement_audience.target_district
            when 'status' then p.status = announcement_audience.target_status
            else false
          end
  ) r
  order by r.account_id, r.rank
$$;
comment on function private.announcement_audience(text, text, text, public.risk_status) is
  'The accounts an announcement reaches, with the person through whom each is reached: the persons in the place or status '
  'and their guardians; for everyone, every account (person null).';

-- Only the fan-out trigger (security definer) reads it.
revoke all on function private.announcement_audience(text, text, text, public.risk_status) from public;

create function private.announcements_before_write() returns trigger
language plpgsql set search_path = ''
as $$
begin
  if tg_op = 'UPDATE' and old.published_at is not null then
    raise exception 'published_at: this announcement was published at % and can no longer be changed or unpublished; publish a new one instead',
      old.published_at using errcode = '23514';
  end if;
  if new.published_at is not null then
    -- Publishing is now: it cannot be backdated, and it is not a schedule.
    new.published_at := now();
  end if;
  return new;
end
$$;

create function private.announcements_fan_out() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  if new.published_at is null or (tg_op = 'UPDATE' and old.published_at is not null) then
    return null;
  end if;
  -- One set-based statement for the whole audience: outbox rows claim their dedupe keys, then the
  -- inbox rows of those claimed are written.
  with audience as materialized (
    select a.account_id, a.person_id
    from private.announcement_audience(new.target_kind, new.target_state, new.target_district, new.target_status) a
  ),
  queued as (
    insert into private.notification_outbox (notification_id, account_id, dedupe_key)
    select gen_random_uuid(), a.account_id, 'announcement:' || new.id || ':' || a.account_id from audience a
    on conflict on constraint notification_outbox_dedupe_key_unique do nothing
    returning notification_id, account_id
  )
  insert into public.notifications (id, account_id, person_id, kind, title, body, data)
  select q.notification_id, q.account_id, a.person_id, 'announcement', new.title, new.body,
         jsonb_build_object('announcement_id', new.id)
  from queued q
  join audience a on a.account_id = q.account_id;
  return null;
end
$$;

create trigger announcements_before_write before insert or update on public.announcements
  for each row execute function private.announcements_before_write();
create trigger announcements_touch_updated_at before update on public.announcements
  for each row execute function private.touch_updated_at();
create trigger announcements_fan_out after insert or update of published_at on public.announcements
  for each row execute function private.announcements_fan_out();

alter table public.announcements enable row level security;

create policy "staff see the announcements they may write" on public.announcements
  for select to authenticated
  using ((select private.may_announce_to(target_kind, target_state, target_district, target_status)));
create policy "the audience reads published announcements" on public.announcements
  for select to authenticated
  using (published_at is not null
         and (select private.in_announcement_audience(target_kind, target_state, target_district, target_status)));
create policy "staff write announcements for their jurisdiction" on public.announcements
  for insert to authenticated
  with check (created_by = (select auth.uid())
              and (select private.may_announce_to(target_kind, target_state, target_district, target_status)));
-- Published announcements are frozen: only drafts are changed (publishing is the last change).
create policy "staff change drafts for their jurisdiction" on public.announcements
  for update to authenticated
  using (published_at is null and (select private.may_announce_to(target_kind, target_state, target_district, target_status)))
  with check ((select private.may_announce_to(target_kind, target_state, target_district, target_status)));
create policy "staff discard drafts for their jurisdiction" on public.announcements
  for delete to authenticated
  using (published_at is null and (select private.may_announce_to(target_kind, target_state, target_district, target_status)));

revoke all on public.announcements from anon;
revoke insert, update on public.announcements from authenticated;
grant insert (id, title, body, target_kind, target_state, target_district, target_status, published_at)
  on public.announcements to authenticated;
grant update (title, body, target_kind, target_state, target_district, target_status, published_at)
  on public.announcements to authenticated;

create function public.publish_announcement(id uuid) returns public.announcements
language plpgsql security invoker set search_path = ''
as $$
declare
  result public.announcements;
begin
  update public.announcements a set published_at = now()
  where a.id = publish_announcement.id and a.published_at is null
  returning * into result;
  if found then
    return result;
  end if;
  -- Published already (a retry after a lost answer, or a second click): the same answer again; the
  -- fan-out happened once.
  select * into result from public.announcements a where a.id = publish_announcement.id;
  if result.published_at is not null then
    return result;
  end if;
  raise exception 'id: no draft announcement % that you may publish', publish_announcement.id using errcode = '42501';
end
$$;
comment on function public.publish_announcement(uuid) is
  'Publishes a draft the signed-in officer may write: its audience gets it in their inbox and as a push, once. Publishing again returns it as it is.';
revoke all on function public.publish_announcement(uuid) from public, anon;
grant execute on function public.publish_announcement(uuid) to authenticated;

-- Feedback (the call centre) -------------------------------------------------------------------------

create table public.feedback_tickets (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  category text not null,
  subject text not null,
  status text not null default 'open',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  closed_at timestamptz,
  constraint feedback_tickets_category_known check (category in ('question', 'problem', 'suggestion', 'complaint', 'other')),
  constraint feedback_tickets_subject_length check (length(trim(subject)) between 1 and 200),
  constraint feedback_tickets_status_known check (status in ('open', 'answered', 'closed'))
);
comment on table public.feedback_tickets is
  'Questions, problems and complaints sent to the call centre. open: waiting for an agent; answered: an agent replied; closed.';
comment on column public.feedback_tickets.closed_at is 'When the ticket was last closed; kept by the database.';
create index feedback_tickets_account_id_idx on public.feedback_tickets (account_id);
create index feedback_tickets_status_updated_at_idx on public.feedback_tickets (status, updated_at);

create table public.feedback_messages (
  id uuid primary key default gen_random_uuid(),
  ticket_id uuid not null references public.feedback_tickets (id) on delete cascade,
  author_id uuid default auth.uid() references auth.users (id) on delete set null,
  from_staff boolean not null default false,
  body text not null,
  -- The clock, not the transaction's start: a conversation keeps the order it was written in, even
  -- when one transaction (an import, an email bridge) writes several messages.
  created_at timestamptz not null default clock_timestamp(),
  constraint feedback_messages_body_length check (length(trim(body)) between 1 and 5000)
);
comment on table public.feedback_messages is 'The conversation on a ticket, oldest first. Messages are never edited.';
comment on column public.feedback_messages.from_staff is 'Whether an agent or administrator wrote it: set by the database from the author''s role.';
create index feedback_messages_ticket_id_created_at_idx on public.feedback_messages (ticket_id, created_at);
create index feedback_messages_author_id_idx on public.feedback_messages (author_id);

create function private.feedback_tickets_before_update() returns trigger
language plpgsql set search_path = ''
as $$
begin
  if new.status = 'closed' and old.status <> 'closed' then
    new.closed_at := now();
  elsif new.status <> 'closed' then
    new.closed_at := null;
  end if;
  return new;
end
$$;

create trigger feedback_tickets_before_update before update on public.feedback_tickets
  for each row execute function private.feedback_tickets_before_update();
create trigger feedback_tickets_touch_updated_at before update on public.feedback_tickets
  for each row execute function private.touch_updated_at();

create function private.feedback_messages_before_insert() returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  ticket public.feedback_tickets;
begin
  select * into ticket from public.feedback_tickets t where t.id = new.ticket_id;
  if ticket.status = 'closed' then
    raise exception 'ticket_id: this ticket is closed; open a new ticket' using errcode = '23514';
  end if;
  -- From the author's role, never from the client: an agent or administrator answering someone else.
  new.from_staff := coalesce(new.author_id <> ticket.account_id and exists (
    select 1 from public.staff s where s.user_id = new.author_id and s.active and s.role in ('agent', 'admin')), false);
  return new;
end
$$;

create function private.feedback_messages_after_insert() returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  ticket public.feedback_tickets;
begin
  if new.from_staff then
    update public.feedback_tickets t set status = 'answered' where t.id = new.ticket_id
    returning * into ticket;
    perform private.notify(
      ticket.account_id, null, 'feedback_reply',
      jsonb_build_object('ms', 'Maklum balas anda telah dibalas', 'en', 'Your feedback has a reply'),
      jsonb_build_object('ms', 'Balasan kepada: ' || ticket.subject, 'en', 'Reply to: ' || ticket.subject),
      jsonb_build_object('ticket_id', ticket.id, 'message_id', new.id),
      'feedback_reply:' || new.id);
  else
    -- The sender wrote again: the ticket waits for an agent once more.
    update public.feedback_tickets t set status = 'open' where t.id = new.ticket_id and t.status = 'answered';
  end if;
  return null;
end
$$;

create trigger feedback_messages_before_insert before insert on public.feedback_messages
  for each row execute function private.feedback_messages_before_insert();
create trigger feedback_messages_after_insert after insert on public.feedback_messages
  for each row execute function private.feedback_messages_after_insert();

create function private.feedback_ticket_sender(ticket uuid) returns table (full_name text, phone_masked text)
language sql stable security definer set search_path = ''
as $$
  select p.full_name, private.mask_phone(coalesce(p.phone, '+' || u.phone))
  from public.feedback_tickets t
  join auth.users u on u.id = t.account_id
  left join public.persons p on p.account_id = t.account_id
  where t.id = feedback_ticket_sender.ticket
    and (private.has_role('agent', 'admin') or t.account_id = (select auth.uid())
         or (select auth.jwt() ->> 'role') = 'service_role')
$$;
comment on function private.feedback_ticket_sender(uuid) is
  'The minimal lookup of a ticket''s sender (name, masked phone), for agents, administrators, the service role and the sender.';
revoke all on function private.feedback_ticket_sender(uuid) from public;
grant execute on function private.feedback_ticket_sender(uuid) to authenticated, service_role;

alter table public.feedback_tickets enable row level security;

create policy "people see their own tickets" on public.feedback_tickets
  for select to authenticated using (account_id = (select auth.uid()));
create policy "agents see every ticket" on public.feedback_tickets
  for select to authenticated using ((select private.has_role('agent', 'admin')));
create policy "people open tickets" on public.feedback_tickets
  for insert to authenticated with check (account_id = (select auth.uid()));
create policy "people close their own tickets" on public.feedback_tickets
  for update to authenticated
  using (account_id = (select auth.uid()))
  with check (account_id = (select auth.uid()) and status = 'closed');
create policy "agents change the status of tickets" on public.feedback_tickets
  for update to authenticated
  using ((select private.has_role('agent', 'admin')))
  with check ((select private.has_role('agent', 'admin')));

revoke all on public.feedback_tickets from anon;
revoke insert, update, delete on public.feedback_tickets from authenticated;
grant insert (id, category, subject) on public.feedback_tickets to authenticated;
grant update (status) on public.feedback_tickets to authenticated;

alter table public.feedback_messages enable row level security;

create policy "people see the messages on their own tickets" on public.feedback_messages
  for select to authenticated
  using (ticket_id in (select t.id from public.feedback_tickets t where t.account_id = (select auth.uid())));
create policy "agents see every message" on public.feedback_messages
  for select to authenticated using ((select private.has_role('agent', 'admin')));
create policy "people write on their own tickets" on public.feedback_messages
  for insert to authenticated
  with check (author_id = (select auth.uid())
              and ticket_id in (select t.id from public.feedback_tickets t where t.account_id = (select auth.uid())));
create policy "agents reply on any ticket" on public.feedback_messages
  for insert to authenticated
  with check (author_id = (select auth.uid()) and (select private.has_role('agent', 'admin')));

revoke all on public.feedback_messages from anon;
revoke insert, update, delete on public.feedback_messages from authenticated;
grant insert (id, ticket_id, body) on public.feedback_messages to authenticated;

create view public.feedback_ticket_summary with (security_invoker = on) as
  select t.id, t.account_id, t.category, t.subject, t.status, t.created_at, t.updated_at, t.closed_at,
         sender.full_name as sender_name, sender.phone_masked as sender_phone_masked,
         activity.message_count, activity.last_message_at
  from public.feedback_tickets t
  left join lateral private.feedback_ticket_sender(t.id) sender on true
  left join lateral (
    select count(*)::int as message_count, max(m.created_at) as last_message_at
    from public.feedback_messages m where m.ticket_id = t.id
  ) activity on true;
comment on view public.feedback_ticket_summary is
  'The call centre''s ticket list: each ticket the caller may see, with the sender''s name and masked phone only.';
revoke all on public.feedback_ticket_summary from anon;
revoke insert, update, delete on public.feedback_ticket_summary from authenticated, service_role;

create function public.open_feedback_ticket(category text, subject text, message text, id uuid default null)
returns public.feedback_tickets
language plpgsql security invoker set search_path = ''
as $$
declare
  result public.feedback_tickets;
begin
  if auth.uid() is null then
    raise exception 'Sign in to send feedback' using errcode = '42501';
  end if;
  -- A client may choose the id, so that a retry after a lost answer opens one ticket, not two.
  if open_feedback_ticket.id is not null then
    select * into result from public.feedback_tickets t where t.id = open_feedback_ticket.id;
    if found then
      return result;
    end if;
  end if;
  insert into public.feedback_tickets (id, category, subject)
  values (coalesce(open_feedback_ticket.id, gen_random_uuid()), open_feedback_ticket.category, trim(open_feedback_ticket.subject))
  returning * into result;
  insert into public.feedback_messages (ticket_id, body) values (result.id, open_feedback_ticket.message);
  return result;
end
$$;
comment on function public.open_feedback_ticket(text, text, text, uuid) is
  'Opens a ticket with its first message, both or neither. With an id: retrying returns the ticket it opened.';
revoke all on function public.open_feedback_ticket(text, text, text, uuid) from public, anon;
grant execute on function public.open_feedback_ticket(text, text, text, uuid) to authenticated;
