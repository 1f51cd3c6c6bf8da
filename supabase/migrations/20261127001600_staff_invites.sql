-- Staff invitations: what the invite-staff edge function asks the database, as the inviting user,
-- before it creates an Auth account (check_staff_member), and the staff row written with its districts
-- in one statement once the account exists (add_staff_member).
--
-- Both are security invoker: the inviting user's own role decides, through the same private helpers
-- the staff policies call (manages_staff, covers_district), and the inserts still pass row-level
-- security. The checks only word the refusals field by field; the policies remain the authority.

create function public.check_staff_member(
  full_name text,
  role public.staff_role,
  state_code text default null,
  districts text[] default '{}'
) returns void
language plpgsql stable security invoker set search_path = ''
as $$
declare
  unknown_district text;
  outside_state text;
  outside_jurisdiction text;
begin
  if full_name is null or length(trim(full_name)) not between 2 and 200 then
    raise exception 'full_name: give a name of 2 to 200 characters' using errcode = '23514';
  end if;
  if role is null then
    raise exception 'role: is required' using errcode = '23502';
  end if;
  if role in ('officer', 'supervisor') and state_code is null then
    raise exception 'state_code: officers and supervisors need a state' using errcode = '23514';
  end if;
  if state_code is not null and not exists (select 1 from public.states s where s.code = state_code) then
    raise exception 'state_code: no such state (%)', state_code using errcode = '23514';
  end if;
  if role = 'officer' and coalesce(cardinality(districts), 0) = 0 then
    raise exception 'districts: an officer covers at least one district' using errcode = '23514';
  end if;
  if role <> 'officer' and coalesce(cardinality(districts), 0) > 0 then
    raise exception 'districts: only officers cover districts' using errcode = '23514';
  end if;
  select d into unknown_district from unnest(districts) d
  where d is null or not exists (select 1 from public.districts x where x.code = d) limit 1;
  if found then
    raise exception 'districts: no such district (%)', coalesce(unknown_district, 'null') using errcode = '23514';
  end if;
  select d into outside_state from unnest(districts) d
  where not exists (select 1 from public.districts x where x.code = d and x.state_code = check_staff_member.state_code) limit 1;
  if found then
    raise exception 'districts: % is not a district of the state %', outside_state, state_code using errcode = '23514';
  end if;
  if not coalesce(private.manages_staff(role, state_code), false) then
    raise exception 'role: you may not add a staff member with this role and state (administrators add anyone; supervisors add officers of their state)'
      using errcode = '42501';
  end if;
  select d into outside_jurisdiction from unnest(districts) d where not private.covers_district(d) limit 1;
  if found then
    raise exception 'districts: % is outside your jurisdiction', outside_jurisdiction using errcode = '42501';
  end if;
end
$$;
comment on function public.check_staff_member(text, public.staff_role, text, text[]) is
  'Whether the current user may add a staff member with this name, role, state and districts: raises "field: reason" (23514 bad input, 42501 not allowed) or returns. Writes nothing.';

create function public.add_staff_member(
  user_id uuid,
  full_name text,
  role public.staff_role,
  state_code text default null,
  districts text[] default '{}'
) returns public.staff
language plpgsql security invoker set search_path = ''
as $$
declare
  member public.staff;
begin
  perform public.check_staff_member(full_name, role, state_code, districts);
  if exists (select 1 from public.staff s where s.user_id = add_staff_member.user_id) then
    raise exception 'user_id: this account is already a staff member' using errcode = '23505';
  end if;
  insert into public.staff (user_id, role, full_name, state_code)
  values (add_staff_member.user_id, add_staff_member.role, trim(add_staff_member.full_name), add_staff_member.state_code)
  returning * into member;
  insert into public.staff_districts (staff_id, district_code)
  select add_staff_member.user_id, d from (select distinct unnest(districts) as d) x;
  return member;
end
$$;
comment on function public.add_staff_member(uuid, text, public.staff_role, text, text[]) is
  'Adds an existing account as a staff member with its districts, in one statement, under the staff policies. Called by the invite-staff edge function with the inviting user''s JWT.';

revoke all on function public.check_staff_member(text, public.staff_role, text, text[]),
  public.add_staff_member(uuid, text, public.staff_role, text, text[]) from public, anon;
grant execute on function public.check_staff_member(text, public.staff_role, text, text[]),
  public.add_staff_member(uuid, text, public.staff_role, text, text[]) to authenticated, service_role;
