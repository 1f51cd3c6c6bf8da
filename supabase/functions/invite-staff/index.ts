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
// Answers 201 { user_id, email, full_name, role, state_code, districts, invited_at }, or an error as
// PostgREST words one: { code, message: "field: reason", details, hint } with 400 (bad input), 401 (no
// or bad token), 403 (not allowed), 409 (an account with this email exists), 413 (body too large).
//
// An email that already has an account (staff or a member of the public) is refused, not re-invited or
// promoted: a public account is never turned into a staff account here, and an existing staff member's
// role is changed in the console's staff list. Logs carry outcomes and codes, never an email or a token.
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
      refuse(409, '23505', 'email: an account with this email address already exists (staff are not re-invited and public accounts are not made staff here; change an existing staff member in the staff list)');
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
