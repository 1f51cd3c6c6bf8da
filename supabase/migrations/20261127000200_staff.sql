-- Staff and jurisdictions: who works in the console, in which role, over which districts; and the
-- helper functions every policy uses to ask "may the current user see this?".
--
-- Roles live here, keyed by the auth user, never in metadata a user can edit. The helpers are
-- security definer (they read staff rows the caller may not see) and so live in `private`, which
-- PostgREST does not expose; API roles may only execute them.

create schema if not exists private;
comment on schema private is 'Not exposed through the API: security definer helpers for policies, secrets, internal tables.';
revoke all on schema private from public;
grant usage on schema private to anon, authenticated, service_role;

create type public.staff_role as enum ('officer', 'supervisor', 'analyst', 'agent', 'admin');
comment on type public.staff_role is
  'officer: people and cases of their districts; supervisor: all districts of their state, manages its officers; analyst: aggregates only; agent: feedback tickets; admin: everything.';

create table public.staff (
  user_id uuid primary key references auth.users (id) on delete cascade,
  role public.staff_role not null,
  full_name text not null check (length(trim(full_name)) between 2 and 200),
  state_code text references public.states (code),
  active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- Set by the database when the account first signs in (private.on_auth_user_changed, 0300).
  joined_at timestamptz,
  constraint staff_supervisor_has_state check (role <> 'supervisor' or state_code is not null)
);
comment on table public.staff is 'Console users and their role. A supervisor covers every district of state_code.';
comment on column public.staff.joined_at is
  'When the staff member first signed in; null while they have not (an invitation not yet accepted).';
comment on column public.staff.state_code is 'The state a supervisor covers (and, for officers, the state they belong to).';
create index staff_state_code_idx on public.staff (state_code);

create table public.staff_districts (
  staff_id uuid not null references public.staff (user_id) on delete cascade,
  district_code text not null references public.districts (code),
  primary key (staff_id, district_code)
);
comment on table public.staff_districts is 'The districts an officer covers.';
create index staff_districts_district_code_idx on public.staff_districts (district_code);

-- Helpers -----------------------------------------------------------------------------------------
-- Policy helpers are plpgsql, not sql: a SQL function with a fixed search_path (or security definer)
-- is never inlined, so every statement that calls it parses and plans its body again, while plpgsql
-- keeps its plans for the session. On one row (a declaration, a profile read) that makes the check
-- several times cheaper.

create function private.today() returns date
language plpgsql stable set search_path = ''
as $$
begin
  return (now() at time zone 'Asia/Kuala_Lumpur')::date;
end
$$;
comment on function private.today() is
  'Today in Malaysia. Dates people give (birth, exposure, diagnosis, sampling) are Malaysian dates, whatever time zone the server runs in.';
grant execute on function private.today() to anon, authenticated, service_role;

create function private.staff_role() returns public.staff_role
language plpgsql stable security definer set search_path = ''
as $$
begin
  return (select s.role from public.staff s where s.user_id = (select auth.uid()) and s.active);
end
$$;
comment on function private.staff_role() is 'The current user''s staff role, or null for the public and inactive staff.';

create function private.has_role(variadic roles public.staff_role[]) returns boolean
language plpgsql stable security definer set search_path = ''
as $$
begin
  return coalesce(private.staff_role() = any (roles), false);
end
$$;

create function private.staff_state() returns text
language plpgsql stable security definer set search_path = ''
as $$
begin
  return (select s.state_code from public.staff s where s.user_id = (select auth.uid()) and s.active);
end
$$;

create function private.covers_district(district text) returns boolean
language plpgsql stable security definer set search_path = ''
as $$
begin
  return case private.staff_role()
    when 'admin' then true
    when 'supervisor' then exists (
      select 1 from public.districts d where d.code = district and d.state_code = private.staff_state())
    when 'officer' then exists (
      select 1 from public.staff_districts sd where sd.staff_id = (select auth.uid()) and sd.district_code = district)
    else false
  end;
end
$$;
comment on function private.covers_district(text) is
  'Whether the current user''s jurisdiction includes the district: all for admins, the state for supervisors, their districts for officers.';

create function private.manages_staff(member_role public.staff_role, member_state text) returns boolean
language plpgsql stable security definer set search_path = ''
as $$
begin
  return case private.staff_role()
    when 'admin' then true
    when 'supervisor' then member_role = 'officer' and member_state = private.staff_state()
    else false
  end;
end
$$;
comment on function private.manages_staff(public.staff_role, text) is
  'Admins manage all staff; supervisors manage the officers of their state.';

revoke all on function private.staff_role(), private.has_role(public.staff_role[]), private.staff_state(),
  private.covers_district(text), private.manages_staff(public.staff_role, text) from public;
grant execute on function private.staff_role(), private.has_role(public.staff_role[]), private.staff_state(),
  private.covers_district(text), private.manages_staff(public.staff_role, text) to authenticated, service_role;

create function private.touch_updated_at() returns trigger
language plpgsql set search_path = ''
as $$
begin
  new.updated_at := now();
  return new;
end
$$;

create trigger staff_touch_updated_at before update on public.staff
  for each row execute function private.touch_updated_at();

-- Policies ------------------------------------------------------------------------------------------

alter table public.staff enable row level security;

create policy "staff see themselves" on public.staff
  for select to authenticated using (user_id = (select auth.uid()));
create policy "admins and supervisors see the staff they manage" on public.staff
  for select to authenticated using ((select private.manages_staff(role, state_code)));
create policy "admins and supervisors add staff they may manage" on public.staff
  for insert to authenticated with check ((select private.manages_staff(role, state_code)));
create policy "admins and supervisors change staff they manage" on public.staff
  for update to authenticated
  using ((select private.manages_staff(role, state_code)))
  with check ((select private.manages_staff(role, state_code)));
create policy "admins and supervisors remove staff they manage" on public.staff
  for delete to authenticated using ((select private.manages_staff(role, state_code)));

alter table public.staff_districts enable row level security;

create policy "staff see their own districts" on public.staff_districts
  for select to authenticated using (staff_id = (select auth.uid()));
create policy "managers see the districts of staff they manage" on public.staff_districts
  for select to authenticated using (
    exists (select 1 from public.staff s where s.user_id = staff_id and (select private.manages_staff(s.role, s.state_code))));
create policy "managers assign districts within their jurisdiction" on public.staff_districts
  for insert to authenticated with check (
    (select private.covers_district(district_code))
    and exists (select 1 from public.staff s where s.user_id = staff_id and (select private.manages_staff(s.role, s.state_code))));
create policy "managers unassign districts within their jurisdiction" on public.staff_districts
  for delete to authenticated using (
    (select private.covers_district(district_code))
    and exists (select 1 from public.staff s where s.user_id = staff_id and (select private.manages_staff(s.role, s.state_code))));

revoke all on public.staff, public.staff_districts from anon;
-- Managers choose a member's role, name, state and whether they are active; when the member first signed
-- in is the database's to record.
revoke insert, update on public.staff from authenticated;
grant insert (user_id, role, full_name, state_code, active), update (role, full_name, state_code, active)
  on public.staff to authenticated;
