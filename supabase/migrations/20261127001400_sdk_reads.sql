-- What the public's apps show of each person a signed-in user acts for (themselves and each of their
-- dependents) at a glance, in one read: the status, whether today's declaration is still to be made
-- (day 0 not yet made, or no daily one yet on today's Malaysian date) and when the last one was, and the
-- monitoring period with its days left and the outbreak of the case it follows. Clients read this rather
-- than computing dates and periods themselves, so every app says the same.

-- The outbreak a monitoring period follows is its case's, and the case is another person's (hidden from
-- the contact by row-level security): only the outbreak is told, and only to whoever the period is about
-- (the person or their guardian).
create function private.monitoring_outbreak(period uuid) returns table (code text, name jsonb)
language sql stable security definer set search_path = ''
as $$
  select o.code, o.name
  from public.monitoring m
  join public.contacts ct on ct.id = m.contact_id
  join public.cases c on c.id = ct.case_id
  join public.outbreaks o on o.id = c.outbreak_id
  where m.id = monitoring_outbreak.period and private.owns_or_guards(m.person_id)
$$;
comment on function private.monitoring_outbreak(uuid) is
  'The outbreak (code, translated name) of the case a monitoring period follows, for the monitored person and their guardians only.';
revoke all on function private.monitoring_outbreak(uuid) from public;
grant execute on function private.monitoring_outbreak(uuid) to authenticated, service_role;

create view public.person_status with (security_invoker = on) as
-- Driven from the caller's own person and their dependents' links (both indexed), never from a scan of
-- every person row-level security would let an officer see: this is the public's view of their own.
with acting_for as (
  select p.id as person_id, null::text as relationship from public.persons p where p.account_id = (select auth.uid())
  union all
  select d.person_id, d.relationship from public.dependents d where d.guardian_id = (select auth.uid())
)
select
  p.id as person_id,
  a.relationship,
  p.full_name,
  p.status,
  p.status_since,
  p.symptomatic,
  p.preferred_language,
  -- kind: the declaration to make next. The database judges a declaration day0 when the person has none
  -- (submit_assessment): the same rule. Dates are Malaysia's.
  jsonb_build_object(
    'kind', case when last.submitted_at is null then 'day0' else 'daily' end,
    'due', coalesce((last.submitted_at at time zone 'Asia/Kuala_Lumpur')::date < private.today(), true),
    'declared_today', coalesce((last.submitted_at at time zone 'Asia/Kuala_Lumpur')::date = private.today(), false),
    'last_declared_at', last.submitted_at
  ) as declaration,
  case when mon.id is not null then jsonb_build_object(
    'id', mon.id,
    'starts_on', mon.starts_on,
    'ends_on', mon.ends_on,
    'state', mon.state,
    -- Today included; 0 once the last day has passed, and for a period that has ended.
    'days_left', case when mon.state = 'active' then greatest(mon.ends_on - private.today() + 1, 0) else 0 end,
    'outbreak', case when ob.code is not null then jsonb_build_object('code', ob.code, 'name', ob.name) end
  ) end as monitoring
from acting_for a
join public.persons p on p.id = a.person_id
left join lateral (
  select x.submitted_at from public.assessments x
  where x.person_id = p.id
  order by x.submitted_at desc, x.seq desc
  limit 1
) last on true
-- The period running now, else the one that ended last (its state says how: completed, lost to
-- follow-up, became a case, closed by an officer).
left join lateral (
  select m.id, m.starts_on, m.ends_on, m.state from public.monitoring m
  where m.person_id = p.id
  order by m.state = 'active' desc, m.ends_on desc, m.starts_on desc
  limit 1
) mon on true
left join lateral private.monitoring_outbreak(mon.id) ob on true;
comment on view public.person_status is
  'The signed-in user and each of their dependents: status, whether today''s declaration is due and when the last was, and the '
  'current (else the latest) monitoring period with the days left and its case''s outbreak.';
comment on column public.person_status.relationship is 'null for the signed-in user''s own person; else how the dependent is related to them.';
comment on column public.person_status.declaration is
  '{kind: day0|daily (the declaration to make next), due (none yet today, Malaysia''s date), declared_today, last_declared_at}.';
comment on column public.person_status.monitoring is
  '{id, starts_on, ends_on, state, days_left (today included, while active; else 0), outbreak: {code, name: {ms, en}} or null}; '
  'null when the person has never been monitored.';

revoke all on public.person_status from anon, authenticated, service_role;
grant select on public.person_status to authenticated, service_role;
