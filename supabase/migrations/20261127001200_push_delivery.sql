-- Push delivery per device: the outbox (private.notification_outbox, one row per notification and
-- account) is expanded into one delivery per device token, and the dispatcher
-- (supabase/functions/dispatch-notifications) sends each delivery at most once, even when it dies
-- mid-batch.
--
-- A delivery moves   pending -> claimed -> sending -> sent | pending (retry) | failed | unregistered
--                                        \-> (lease lapsed) claimed again          \-> unconfirmed
--                                             (on the 8th attempt: failed)
--
--   select * from private.claim_push(500, interval '2 minutes');  -- expands due outbox rows, claims deliveries under one lease
--   select private.start_push(lease, ids);     -- committed BEFORE the messages go to FCM; returns the ids this lease still holds
--   -- sendEach(messages) through firebase-admin
--   select private.finish_push(lease, ids, outcomes, errors, retry_after_ms);
--
-- The guarantee. A delivery reaches FCM only after its move from claimed to sending is committed by
-- the holder of its current lease; nothing moves it back to pending but a definite answer from FCM that
-- it did not take the message (429, 5xx). A dispatcher that dies between claim and start_push sent
-- nothing: its deliveries are claimed again when the lease lapses. One that dies after start_push may
-- have sent them: when the lease lapses they become 'unconfirmed' and are never sent again. So each
-- device gets each notification at most once, and every device whose delivery was not in flight during
-- a crash eventually gets it (until 8 attempts fail).

create table private.push_deliveries (
  id bigserial primary key,
  outbox_id bigint not null references private.notification_outbox (id) on delete cascade,
  notification_id uuid not null references public.notifications (id) on delete cascade,
  token text not null,
  platform text not null,
  language text not null,
  status text not null default 'pending',
  attempts int not null default 0,
  next_attempt_at timestamptz not null default now(),
  lease uuid,
  lease_until timestamptz,
  last_error text,
  created_at timestamptz not null default now(),
  sent_at timestamptz,
  constraint push_deliveries_once_per_device unique (outbox_id, token),
  constraint push_deliveries_status_known check (
    status in ('pending', 'claimed', 'sending', 'sent', 'failed', 'unregistered', 'unconfirmed')),
  constraint push_deliveries_lease_when_held check ((status in ('claimed', 'sending')) = (lease is not null and lease_until is not null))
);
comment on table private.push_deliveries is
  'One push of one notification to one device token, at most once. Written by private.claim_push from the outbox; '
  'the token is copied, so a pruned or re-registered token does not change what was sent where.';
comment on column private.push_deliveries.status is
  'pending (due at next_attempt_at); claimed (held by a lease, not yet handed to FCM); sending (handed to FCM); '
  'sent; failed (FCM refused it for good, or 8 attempts failed); unregistered (FCM no longer knows the token; pruned); '
  'unconfirmed (the dispatcher stopped after handing it to FCM: it may have arrived, and is never sent again).';
comment on column private.push_deliveries.lease is 'The claim holding it (claimed, sending); only its holder may start or finish it.';
comment on column private.push_deliveries.attempts is 'Claims so far; the 8th failed attempt gives up.';
create index push_deliveries_due_idx on private.push_deliveries (next_attempt_at, id) where status in ('pending', 'claimed');
-- The leases claim_push looks at for a dead dispatcher's (few rows: a lease holds at most 500).
create index push_deliveries_leased_idx on private.push_deliveries (lease_until) where status in ('claimed', 'sending');
create index push_deliveries_notification_id_idx on private.push_deliveries (notification_id);
create index push_deliveries_token_idx on private.push_deliveries (token) where status in ('pending', 'claimed');
-- The outbox rows still to expand.
create index notification_outbox_pending_idx on private.notification_outbox (next_attempt_at, id) where status = 'pending';

revoke all on private.push_deliveries from public, anon, authenticated;
revoke all on sequence private.push_deliveries_id_seq from public, anon, authenticated;

-- An outbox row whose deliveries are all settled is settled too: sent when any device took it.
create function private.settle_outbox(outbox_ids bigint[]) returns void
language sql security definer set search_path = ''
as $$
  update private.notification_outbox o
  set status = case when d.sent > 0 then 'sent' else 'failed' end,
      sent_at = d.sent_at,
      last_error = case when d.sent > 0 then null else d.last_error end
  from (
    select d.outbox_id, count(*) filter (where d.status = 'sent') as sent, max(d.sent_at) as sent_at,
           string_agg(distinct d.status || coalesce(': ' || d.last_error, ''), '; ') as last_error
    from private.push_deliveries d
    where d.outbox_id = any(settle_outbox.outbox_ids)
    group by d.outbox_id
    having bool_and(d.status in ('sent', 'failed', 'unregistered', 'unconfirmed'))
  ) d
  where o.id = d.outbox_id and o.status = 'sending'
$$;

create function private.claim_push(batch int default 500, lease_for interval default interval '2 minutes')
returns table (
  lease uuid,
  delivery_id bigint,
  attempt int,
  token text,
  platform text,
  language text,
  kind text,
  title text,
  body text,
  data jsonb,
  notification_id uuid
)
language plpgsql security definer set search_path = ''
as $$
declare
  new_lease uuid := gen_random_uuid();
  lapsed bigint[];
begin
  if batch is null or batch not between 1 and 500 then
    raise exception 'batch: claim between 1 and 500 deliveries at a time (FCM sends at most 500 in one batch)' using errcode = '22023';
  end if;
  if lease_for is null or lease_for < interval '1 second' or lease_for > interval '1 hour' then
    raise exception 'lease_for: between 1 second and 1 hour' using errcode = '22023';
  end if;

  -- Handed to FCM by a dispatcher that never reported back: maybe delivered, so never sent again.
  -- Claimed but never handed over: claimed again below, unless that was its 8th attempt (a delivery
  -- that keeps killing its dispatcher is given up, as a retry is on its 8th).
  with gone as (
    update private.push_deliveries d
    set status = case when d.status = 'sending' then 'unconfirmed' else 'failed' end,
        lease = null, lease_until = null,
        last_error = case when d.status = 'sending' then 'the dispatcher stopped after handing it to FCM'
                          else 'the dispatcher claimed it and never reported back' end
    where d.status in ('claimed', 'sending') and d.lease_until <= now()
      and (d.status = 'sending' or d.attempts >= 8)
    returning d.outbox_id
  )
  select array_agg(distinct g.outbox_id) into lapsed from gone g;
  if lapsed is not null then
    perform private.settle_outbox(lapsed);
  end if;

  -- Expand due outbox rows into one delivery per device the account has now, set-based. Accounts
  -- without a device are cancelled: nobody to push to (the notification waits in the inbox).
  with picked as (
    select o.id, o.notification_id, o.account_id
    from private.notification_outbox o
    where o.status = 'pending' and o.next_attempt_at <= now()
    order by o.next_attempt_at, o.id
    limit batch
    for update skip locked
  ),
  expanded as (
    insert into private.push_deliveries (outbox_id, notification_id, token, platform, language)
    select p.id, p.notification_id, t.token, t.platform,
           coalesce((select pe.preferred_language::text from public.persons pe where pe.account_id = p.account_id), 'ms')
    from picked p
    -- Each account's devices by its index (the limit keeps the planner from hashing every device token).
    cross join lateral (
      select t.token, t.platform from public.device_tokens t where t.account_id = p.account_id order by t.last_seen_at desc limit 100
    ) t
    on conflict on constraint push_deliveries_once_per_device do nothing
  )
  update private.notification_outbox o
  set status = case when has_device then 'sending' else 'cancelled' end,
      attempts = o.attempts + case when has_device then 1 else 0 end,
      -- Never due again: its deliveries carry it from here.
      next_attempt_at = case when has_device then 'infinity'::timestamptz else o.next_attempt_at end,
      last_error = case when has_device then null else 'no registered device' end
  from (
    select p.id, exists (select 1 from public.device_tokens t where t.account_id = p.account_id) as has_device from picked p
  ) p
  where o.id = p.id;

  return query
  with picked as (
    select d.id
    from private.push_deliveries d
    where (d.status = 'pending' and d.next_attempt_at <= now())
       or (d.status = 'claimed' and d.lease_until <= now())
    order by d.next_attempt_at, d.id
    limit batch
    for update skip locked
  ),
  claimed as (
    update private.push_deliveries d
    set status = 'claimed', lease = new_lease, lease_until = now() + lease_for, attempts = d.attempts + 1
    from picked
    where d.id = picked.id
    returning d.*
  )
  select new_lease, c.id, c.attempts, c.token, c.platform, c.language, n.kind,
         coalesce(n.title ->> c.language, n.title ->> 'ms'), coalesce(n.body ->> c.language, n.body ->> 'ms'),
         n.data, c.notification_id
  from claimed c
  join public.notifications n on n.id = c.notification_id
  order by c.id;
end
$$;
comment on function private.claim_push(int, interval) is
  'For the dispatcher: expands due outbox rows into per-device deliveries, marks deliveries a dead dispatcher had handed '
  'to FCM unconfirmed, and claims up to batch due deliveries under one new lease (skipping those another dispatcher '
  'holds), each with its token and the notification in the recipient''s language (Malay when not translated).';

create function private.start_push(lease uuid, ids bigint[]) returns bigint[]
language sql security definer set search_path = ''
as $$
  with started as (
    update private.push_deliveries d
    set status = 'sending'
    where d.id = any(start_push.ids) and d.lease = start_push.lease and d.status = 'claimed'
    returning d.id
  )
  select coalesce(array_agg(s.id order by s.id), '{}') from started s
$$;
comment on function private.start_push(uuid, bigint[]) is
  'For the dispatcher, just before sending: marks the deliveries this lease still holds as handed to FCM, and returns '
  'their ids; only those may be sent. After this a crash never re-sends them.';

create function private.finish_push(lease uuid, ids bigint[], outcomes text[], errors text[] default null,
                                    retry_after_ms bigint[] default null)
returns int
language plpgsql security definer set search_path = ''
as $$
declare
  settled int;
  outbox_ids bigint[];
begin
  if lease is null then
    raise exception 'lease: the lease claim_push returned is required' using errcode = '22023';
  end if;
  if coalesce(cardinality(ids), 0) <> coalesce(cardinality(outcomes), 0)
     or (errors is not null and cardinality(errors) <> cardinality(ids))
     or (retry_after_ms is not null and cardinality(retry_after_ms) <> cardinality(ids)) then
    raise exception 'outcomes: one outcome (and error and retry_after_ms, when given) per id' using errcode = '22023';
  end if;
  if exists (select 1 from unnest(outcomes) o where o is null or o not in ('sent', 'retry', 'failed', 'unregistered', 'unconfirmed')) then
    raise exception 'outcomes: each must be sent, retry, failed, unregistered or unconfirmed' using errcode = '22023';
  end if;

  with report as (
    select r.id, r.outcome, left(r.error, 500) as error,
           least(greatest(coalesce(r.retry_after_ms, 60000), 0), 6 * 3600 * 1000) as retry_after_ms
    from unnest(ids, outcomes, coalesce(errors, array_fill(null::text, array[cardinality(ids)])),
                coalesce(retry_after_ms, array_fill(null::bigint, array[cardinality(ids)])))
         as r(id, outcome, error, retry_after_ms)
  ),
  finished as (
    update private.push_deliveries d
    set status = case when r.outcome = 'retry' and d.attempts < 8 then 'pending'
                      when r.outcome = 'retry' then 'failed'
                      else r.outcome end,
        sent_at = case when r.outcome = 'sent' then now() end,
        last_error = case when r.outcome = 'sent' then null else r.error end,
        next_attempt_at = case when r.outcome = 'retry' then now() + r.retry_after_ms * interval '1 millisecond' else d.next_attempt_at end,
        lease = null,
        lease_until = null
    from report r
    -- A late report after the lease lapsed may still say it was sent (better knowledge), never re-queue it.
    where d.id = r.id
      and ((d.lease = finish_push.lease and d.status = 'sending') or (d.status = 'unconfirmed' and r.outcome = 'sent'))
    returning d.id, d.outbox_id, d.token, d.status
  ),
  pruned as (
    -- FCM no longer knows these tokens: remove the devices, and what was still waiting for them.
    delete from public.device_tokens t
    using finished f where f.status = 'unregistered' and t.token = f.token
  ),
  dropped as (
    update private.push_deliveries d
    set status = 'unregistered', lease = null, lease_until = null, last_error = 'the token was unregistered'
    from finished f
    where f.status = 'unregistered' and d.token = f.token and d.status = 'pending'
    returning d.outbox_id
  )
  select count(*)::int, array_agg(distinct x.outbox_id)
  into settled, outbox_ids
  from (select f.outbox_id from finished f union all select dr.outbox_id from dropped dr) x;
  if outbox_ids is not null then
    perform private.settle_outbox(outbox_ids);
  end if;
  return settled;
end
$$;
comment on function private.finish_push(uuid, bigint[], text[], text[], bigint[]) is
  'For the dispatcher: reports what FCM answered for each delivery the lease started: sent; retry (429/5xx: due again '
  'after retry_after_ms, FCM''s Retry-After or the dispatcher''s backoff; the 8th attempt gives up); failed (no retry); '
  'unregistered (the token is pruned from device_tokens); unconfirmed (no answer: never sent again). Returns how many it settled.';

revoke all on function private.settle_outbox(bigint[]), private.claim_push(int, interval), private.start_push(uuid, bigint[]),
  private.finish_push(uuid, bigint[], text[], text[], bigint[]) from public;
grant execute on function private.claim_push(int, interval), private.start_push(uuid, bigint[]),
  private.finish_push(uuid, bigint[], text[], text[], bigint[]) to service_role;

-- A dispatcher that listens (the stack's) dispatches as soon as something is queued, not only on its
-- schedule. One notice per statement, however many rows an announcement's fan-out queued, and only
-- when nothing else was due: a NOTIFY takes a lock that serialises the commits of every notifying
-- transaction (each declaration that changes a status queues a push), and a dispatcher with work in
-- hand runs again until it finds none, so it picks up what was queued meanwhile without a notice.
create function private.push_queued() returns trigger
language plpgsql set search_path = ''
as $$
begin
  if not exists (
    select 1 from private.notification_outbox o
    where o.status = 'pending' and o.next_attempt_at <= now()
      and not exists (select 1 from queued q where q.id = o.id)
  ) then
    perform pg_notify('sejahtera_push', tg_table_name);
  end if;
  return null;
end
$$;
create trigger notification_outbox_push_queued after insert on private.notification_outbox
  referencing new table as queued
  for each statement execute function private.push_queued();

-- Contact invitations --------------------------------------------------------------------------------
-- A close contact an officer enters (one by one or imported) who has a phone but no account yet is
-- invited by SMS to register: once per person, whatever the number of cases they are a contact of.
-- When they register with that phone, onboarding links the pending person to the new account.

create table private.contact_invitations (
  person_id uuid primary key references public.persons (id) on delete cascade,
  phone text not null,
  language text not null,
  status text not null default 'pending',
  attempts int not null default 0,
  next_attempt_at timestamptz not null default now(),
  lease uuid,
  lease_until timestamptz,
  last_error text,
  created_at timestamptz not null default now(),
  sent_at timestamptz,
  constraint contact_invitations_status_known check (status in ('pending', 'sending', 'sent', 'failed', 'cancelled'))
);
comment on table private.contact_invitations is
  'SMS invitations to register, one per pending person ever (the primary key), queued when an officer records them as a '
  'contact. Sent by the dispatch-notifications function through the SMS provider (Twilio) where one is configured, else by '
  'the stack to its SMS inbox (private.claim_invitations / finish_invitation).';
comment on column private.contact_invitations.status is
  'pending; sending (claimed; never re-sent when the sender died: at most once); sent; failed; cancelled (registered first).';
-- The claim's bookkeeping reads only the rows in play: the due ones in claim order, and the claimed ones
-- whose lease may have lapsed (not every invitation ever sent).
create index contact_invitations_due_idx on private.contact_invitations (next_attempt_at, person_id) where status = 'pending';
create index contact_invitations_sending_idx on private.contact_invitations (lease_until) where status = 'sending';
revoke all on private.contact_invitations from public, anon, authenticated;

create function private.contacts_invite() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  -- Set-based over the statement's rows: an import of 10,000 contacts is one insert here, its persons
  -- read by key (= any of an array: a join lets the planner hash all the persons of the country).
  insert into private.contact_invitations (person_id, phone, language)
  select p.id, p.phone, p.preferred_language::text
  from public.persons p
  where p.id = any (array(select a.person_id from added a))
    and p.account_id is null and p.phone is not null
    -- A dependent is reached through their guardian, who has an account.
    and not exists (select 1 from public.dependents d where d.person_id = p.id)
  on conflict (person_id) do nothing;
  -- A channel of its own: a sender listening for invitations is not woken by every queued push.
  if found then
    perform pg_notify('sejahtera_invitations', '');
  end if;
  return null;
end
$$;
create trigger contacts_invite after insert on public.contacts
  referencing new table as added
  for each statement execute function private.contacts_invite();

create function private.claim_invitations(batch int default 100, register_url text default null)
returns table (person_id uuid, phone text, language text, lease uuid, message text)
language plpgsql security definer set search_path = ''
as $$
declare
  new_lease uuid := gen_random_uuid();
begin
  if register_url is null or register_url !~ '^https?://\S+$' then
    raise exception 'register_url: the http(s) address of the registration page, for the invitation''s link' using errcode = '22023';
  end if;
  if batch is null or batch not between 1 and 1000 then
    raise exception 'batch: claim between 1 and 1000 invitations at a time' using errcode = '22023';
  end if;
  -- Claimed by a sender that never reported back: it may have gone out, so it is not sent again.
  update private.contact_invitations i
  set status = 'failed', lease = null, lease_until = null, last_error = 'the sender stopped before reporting; not sent again'
  where i.status = 'sending' and i.lease_until <= now();

  -- The batch's due invitations; those whose person registered meanwhile are cancelled (nothing to
  -- invite to), the rest claimed. Only the batch is looked at, so a claim costs the same however many wait.
  return query
  with picked as (
    select i.person_id from private.contact_invitations i
    where i.status = 'pending' and i.next_attempt_at <= now()
    order by i.next_attempt_at, i.person_id
    limit batch
    for update skip locked
  ),
  judged as (
    select pk.person_id, exists (select 1 from public.persons p where p.id = pk.person_id and p.account_id is not null) as registered
    from picked pk
  ),
  claimed as (
    update private.contact_invitations i
    set status = case when j.registered then 'cancelled' else 'sending' end,
        attempts = i.attempts + case when j.registered then 0 else 1 end,
        lease = case when j.registered then null else new_lease end,
        lease_until = case when j.registered then null else now() + interval '5 minutes' end,
        last_error = case when j.registered then 'registered before the invitation was sent' else i.last_error end
    from judged j
    where i.person_id = j.person_id
    returning i.person_id, i.phone, i.language, i.status
  )
  select c.person_id, c.phone, c.language, new_lease,
    -- The text, in one place for every sender: Malay unless the person chose English (Chinese and
    -- Tamil texts are not written yet).
    case when c.language = 'en'
      then 'Sejahtera: you were recorded as a close contact of a COVID-19 case. Register with this phone number at '
           || register_url || ' to start your health monitoring.'
      else 'Sejahtera: anda direkodkan sebagai kontak rapat kes COVID-19. Daftar dengan nombor telefon ini di '
           || register_url || ' untuk memulakan pemantauan kesihatan anda.'
    end
  from claimed c
  where c.status = 'sending'
  order by c.person_id;
end
$$;
comment on function private.claim_invitations(int, text) is
  'For the SMS sender: claims due invitations (status sending: from here a crash never sends them twice) with phone, '
  'language and the message, whose link is register_url.';

create function private.finish_invitation(person_id uuid, lease uuid, outcome text, error text default null) returns text
language plpgsql security definer set search_path = ''
as $$
declare
  settled text;
begin
  if outcome is null or outcome not in ('sent', 'retry', 'failed') then
    raise exception 'outcome: must be sent, retry or failed, not %', coalesce(outcome, 'null') using errcode = '22023';
  end if;
  update private.contact_invitations i
  set status = case when outcome = 'retry' and i.attempts < 5 then 'pending' when outcome = 'retry' then 'failed' else outcome end,
      sent_at = case when outcome = 'sent' then now() end,
      last_error = left(finish_invitation.error, 500),
      next_attempt_at = case when outcome = 'retry' then now() + private.outbox_backoff(i.attempts) else i.next_attempt_at end,
      lease = null, lease_until = null
  where i.person_id = finish_invitation.person_id and i.lease = finish_invitation.lease and i.status = 'sending'
  returning i.status into settled;
  return settled;
end
$$;
comment on function private.finish_invitation(uuid, uuid, text, text) is
  'For the SMS sender: reports an invitation it claimed as sent, retry (the provider refused it before sending) or failed.';

revoke all on function private.push_queued(), private.contacts_invite(), private.claim_invitations(int, text),
  private.finish_invitation(uuid, uuid, text, text) from public;
grant execute on function private.claim_invitations(int, text), private.finish_invitation(uuid, uuid, text, text) to service_role;
