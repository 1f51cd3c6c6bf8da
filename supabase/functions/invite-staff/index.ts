// invite-staff: an administrator (or a supervisor, for an officer of their state) adds a staff member who
// has no account yet: the Auth account is created, the staff row with its role, state and districts is
// written as the inviting user, and only then is the invitation emailed, its link leading to the
// console's set-password page.
//
// Who may invite whom is decided by the database with the caller's own JWT: public.check_staff_member
// before anything is created, then public.add_staff_member under the staff policies. The service role
// is used only for what a user cannot do: creating, inviting and (on failure) removing the Auth account.
// Nothing is left half-done: an account whose staff row or invitation fails is removed again.
//
// Body (JSON, at most 16 KiB): { email, full_name, role, state_code?, districts?, redirect_to? }.
// redirect_to is where the emailed link leads (the console's #/set-password page); Auth accepts it only
// when its allow-list does (site_url's host, additional_redirect_urls), else it uses the site URL. Without
// it, CONSOLE_URL + '/#/set-password' when that secret is set.
// Answers 201 { user_id, email, full_name, role, state_code, districts, invited_at, resent: false }, or an
// error as PostgREST words one: { code, message: "field: reason", details, hint } with 400 (bad input), 401
// (no or bad token), 403 (not allowed), 409 (an account with this email exists), 413 (body too large).
//
// An address that already has an account: a staff member who has not accepted their invitation yet (the
// link lasts an hour) is sent a new one when the caller manages them (200, resent: true, their role and
// districts as they were); anyone else is refused with 409 and details `staff`, `invited` (not the
// caller's to manage) or `public`: a public account is never turned into a staff account here, and an
// existing staff member is changed in the console's staff list. Logs carry outcomes and codes, never an
// email or a token.
import { createClient, type SupabaseClient } from 'npm:@supabase/supabase-js@2';
import { corsHeaders } from '../_shared/cors.ts';

const MAX_BODY_BYTES = 16 * 1024;
const ROLES = ['officer', 'supervisor', 'analyst', 'agent', 'admin'] as const;
const FIELDS = new Set(['email', 'full_name', 'role', 'state_code', 'districts', 'redirect_to']);
// What GoTrue accepts, roughly: one @, no spaces, a dot in the domain; Auth has the last word.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const url = Deno.env.get('SUPABASE_URL')!;
const anonKey = Deno.env.get('SUPABASE_ANON_KEY')!;
const admin = createClient(url, Deno.env.get('SUPABASE_SERVICE_ROLE_KEY')!, {
  auth: { persistSession: false, autoRefreshToken: false },
});

interface Invitation {
  email: string;
  full_name: string;
  role: (typeof ROLES)[number];
  state_code: string | null;
  districts: string[];
  redirect_to: string | undefined;
}

interface Failure {
  status: number;
  code: string;
  message: string;
  details?: string | null;
  hint?: string | null;
}

class Refusal extends Error {
  constructor(readonly failure: Failure) {
    super(failure.message);
  }
}

function answer(body: unknown, status: number): Response {
  return Response.json(body, { status, headers: corsHeaders });
}

function refuse(status: number, code: string, message: string): never {
  throw new Refusal({ status, code, message });
}

/** The body, read up to the limit. */
async function readBody(req: Request): Promise<unknown> {
  const declared = Number(req.headers.get('content-length') ?? '0');
  if (declared > MAX_BODY_BYTES) refuse(413, '22023', `body: at most ${MAX_BODY_BYTES} bytes`);
  const bytes = new Uint8Array(await req.arrayBuffer());
  if (bytes.byteLength > MAX_BODY_BYTES) refuse(413, '22023', `body: at most ${MAX_BODY_BYTES} bytes`);
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    refuse(400, '22023', 'body: must be a JSON object');
  }
}

function parseInvitation(body: unknown): Invitation {
  if (!body || typeof body !== 'object' || Array.isArray(body)) refuse(400, '22023', 'body: must be a JSON object');
  const input = body as Record<string, unknown>;
  const unknown = Object.keys(input).find((key) => !FIELDS.has(key));
  if (unknown) refuse(400, '22023', `${unknown.replace(/[^a-z0-9_]/gi, '_').slice(0, 40) || '_'}: is not a field of an invitation`);

  if (input.email === undefined || input.email === null || input.email === '') refuse(400, '23502', 'email: is required');
  if (typeof input.email !== 'string' || input.email.length > 254 || !EMAIL.test(input.email.trim())) refuse(400, '22023', 'email: not an email address');
  if (typeof input.full_name !== 'string' || !input.full_name.trim()) refuse(400, '23502', 'full_name: is required');
  if (input.role === undefined || input.role === null || input.role === '') refuse(400, '23502', 'role: is required');
  if (!ROLES.includes(input.role as Invitation['role'])) refuse(400, '22023', `role: must be one of ${ROLES.join(', ')}`);
  const stateCode = input.state_code ?? null;
  if (stateCode !== null && (typeof stateCode !== 'string' || !/^MY-[0-9]{2}$/.test(stateCode))) {
    refuse(400, '22023', 'state_code: must be a state code, e.g. MY-10');
  }
  const districts = input.districts ?? [];
  if (!Array.isArray(districts) || districts.length > 200 || districts.some((d) => typeof d !== 'string' || !/^MY-[0-9]{2}-[0-9]{2}$/.test(d))) {
    refuse(400, '22023', 'districts: must be a list of district codes, e.g. ["MY-10-07"]');
  }
  let redirectTo: string | undefined;
  if (input.redirect_to !== undefined && input.redirect_to !== null) {
    if (typeof input.redirect_to !== 'string' || !URL.canParse(input.redirect_to) || !/^https?:$/.test(new URL(input.redirect_to).protocol)) {
      refuse(400, '22023', 'redirect_to: must be an http(s) URL');
    }
    redirectTo = input.redirect_to;
  } else if (Deno.env.get('CONSOLE_URL')) {
    redirectTo = `${Deno.env.get('CONSOLE_URL')!.replace(/\/+$/, '')}/#/set-password`;
  }
  return {
    email: input.email.trim().toLowerCase(),
    full_name: input.full_name.trim(),
    role: input.role as Invitation['role'],
    state_code: stateCode as string | null,
    districts: districts as string[],
    redirect_to: redirectTo,
  };
}

/** The status PostgREST would answer for a database error, from its SQLSTATE. */
function statusOf(code: string | undefined): number {
  if (code === '42501') return 403;
  if (code === '23505') return 409;
  if (code === 'PGRST301' || code === 'PGRST303') return 401;
  if (code && /^(22|23)/.test(code)) return 400;
  return 500;
}

function fromDatabase(error: { code?: string; message: string; details?: string | null; hint?: string | null }): Failure {
  return { status: statusOf(error.code), code: error.code ?? 'unknown', message: error.message, details: error.details, hint: error.hint };
}

/** A client acting as the caller: the database sees their JWT, so their role and policies decide. */
function callerClient(token: string): SupabaseClient {
  return createClient(url, anonKey, {
    auth: { persistSession: false, autoRefreshToken: false },
    global: { headers: { Authorization: `Bearer ${token}` } },
  });
}

async function removeAccount(userId: string): Promise<void> {
  const { error } = await admin.auth.admin.deleteUser(userId);
  if (error) console.error(`invite-staff: removing the new account failed (${error.status ?? ''} ${error.code ?? ''})`);
}

interface ExistingAccount {
  id: string;
  /** Whether it has a staff row. */
  staff: boolean;
  /** Whether its address was ever confirmed (an invitation accepted, a sign-up confirmed). */
  confirmed: boolean;
}

/** The account with this address, from Auth's admin list filtered by it, and whether it is staff. */
async function findAccount(email: string): Promise<ExistingAccount | null> {
  const key = Deno.env.get('SUPABASE_SERVICE_ROLE_KEY')!;
  const response = await fetch(`${url}/auth/v1/admin/users?filter=${encodeURIComponent(email)}&per_page=50`, {
    headers: { apikey: key, authorization: `Bearer ${key}` },
  });
  if (!response.ok) return null;
  const { users = [] } = (await response.json()) as { users?: Array<{ id: string; email?: string; email_confirmed_at?: string | null }> };
  const account = users.find((u) => u.email?.toLowerCase() === email);
  if (!account) return null;
  const { data: member } = await admin.from('staff').select('user_id').eq('user_id', account.id).maybeSingle();
  return { id: account.id, staff: Boolean(member), confirmed: Boolean(account.email_confirmed_at) };
}

/**
 * Why an address that already has an account is refused, in `details`: `invited` (a staff member who has
 * not accepted, whom the caller does not manage), `staff`, or `public` (a member of the public's account,
 * never made a staff account here).
 */
function existingAccountRefusal(account: ExistingAccount | null): Refusal {
  const failure = (details: string, reason: string) => new Refusal({ status: 409, code: '23505', message: `email: ${reason}`, details });
  if (account?.staff && !account.confirmed) return failure('invited', 'this address has already been invited and has not accepted yet');
  if (account?.staff) return failure('staff', 'this address already belongs to a staff member; change their role or districts in the staff list');
  if (account) return failure('public', 'this address belongs to an account of the public, which is not made a staff account; invite the person with their work address');
  return failure('exists', 'an account with this email address already exists');
}

/**
 * A staff member invited before who has not accepted (the link lasts an hour, Auth's otp_expiry) is sent
 * a new invitation, when the caller manages them (row-level security shows the caller their staff row).
 * Their role and districts stay as they are; the answer says so (`resent: true`).
 */
async function resend(account: ExistingAccount, invitation: Invitation, asCaller: SupabaseClient): Promise<Response> {
  const { data: member } = await asCaller.from('staff').select('user_id, full_name, role, state_code').eq('user_id', account.id).maybeSingle();
  if (!member) throw existingAccountRefusal(account);
  const { data: districts } = await asCaller.from('staff_districts').select('district_code').eq('staff_id', account.id).order('district_code');
  const invited = await admin.auth.admin.inviteUserByEmail(invitation.email, { redirectTo: invitation.redirect_to });
  if (invited.error) {
    if (invited.error.status === 429) refuse(429, 'over_email_send_rate_limit', 'email: too many emails sent; try again later');
    throw new Error(`sending the invitation again failed (${invited.error.status ?? ''} ${invited.error.code ?? ''})`);
  }
  console.log(`invite-staff: invitation sent again (role ${member.role})`);
  return answer(
    {
      user_id: member.user_id,
      email: invitation.email,
      full_name: member.full_name,
      role: member.role,
      state_code: member.state_code,
      districts: (districts ?? []).map((d) => d.district_code),
      invited_at: invited.data.user.invited_at ?? null,
      resent: true,
    },
    200,
  );
}

async function invite(req: Request): Promise<Response> {
  const token = req.headers.get('authorization')?.replace(/^bearer\s+/i, '') ?? '';
  if (!token) refuse(401, 'PGRST301', 'Authorization: sign in first');
  const body = await readBody(req);

  // The token is checked by Auth itself (the gateway checked its signature; this also refuses a session
  // that was signed out), and must be a signed-in user's, not the anon or service key.
  const { data: caller, error: callerError } = await admin.auth.getUser(token);
  if (callerError || !caller.user) refuse(401, 'PGRST301', 'Authorization: the session is not valid (expired or signed out); sign in again');
  const invitation = parseInvitation(body);
  const asCaller = callerClient(token);

  const checked = await asCaller.rpc('check_staff_member', {
    full_name: invitation.full_name,
    role: invitation.role,
    state_code: invitation.state_code,
    districts: invitation.districts,
  });
  if (checked.error) throw new Refusal(fromDatabase(checked.error));

  // The account first, without an email: nothing is sent until the staff row is committed.
  const created = await admin.auth.admin.createUser({ email: invitation.email, user_metadata: { full_name: invitation.full_name } });
  if (created.error) {
    if (created.error.code === 'email_exists' || created.error.status === 422) {
      const account = await findAccount(invitation.email);
      if (account?.staff && !account.confirmed) return resend(account, invitation, asCaller);
      throw existingAccountRefusal(account);
    }
    if (created.error.code === 'email_address_invalid' || created.error.code === 'validation_failed') refuse(400, '22023', 'email: not an email address');
    throw new Error(`creating the account failed (${created.error.status ?? ''} ${created.error.code ?? ''})`);
  }
  const userId = created.data.user.id;

  const added = await asCaller.rpc('add_staff_member', {
    user_id: userId,
    full_name: invitation.full_name,
    role: invitation.role,
    state_code: invitation.state_code,
    districts: invitation.districts,
  });
  if (added.error) {
    await removeAccount(userId);
    throw new Refusal(fromDatabase(added.error));
  }

  const invited = await admin.auth.admin.inviteUserByEmail(invitation.email, {
    redirectTo: invitation.redirect_to,
    data: { full_name: invitation.full_name },
  });
  if (invited.error) {
    // The staff row goes with the account (on delete cascade).
    await removeAccount(userId);
    if (invited.error.status === 429) refuse(429, 'over_email_send_rate_limit', 'email: too many emails sent; try again later');
    throw new Error(`sending the invitation failed (${invited.error.status ?? ''} ${invited.error.code ?? ''})`);
  }
  console.log(`invite-staff: invited (role ${invitation.role}, ${invitation.districts.length} districts)`);
  return answer(
    {
      user_id: userId,
      email: invitation.email,
      full_name: added.data.full_name,
      role: added.data.role,
      state_code: added.data.state_code,
      districts: [...new Set(invitation.districts)].sort(),
      invited_at: invited.data.user.invited_at ?? null,
      resent: false,
    },
    201,
  );
}

Deno.serve(async (req) => {
  if (req.method === 'OPTIONS') return new Response('ok', { headers: corsHeaders });
  if (req.method !== 'POST') return answer({ code: '22023', message: 'method: POST only' }, 405);
  try {
    return await invite(req);
  } catch (error) {
    if (error instanceof Refusal) {
      const { status, ...body } = error.failure;
      console.log(`invite-staff: refused (${status} ${body.code})`);
      return answer(body, status);
    }
    console.error(`invite-staff: failed: ${(error as Error).message}`);
    return answer({ code: 'server_error', message: 'The invitation could not be completed; nothing was changed' }, 500);
  }
});
