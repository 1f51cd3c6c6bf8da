/**
 * The invite-staff edge function over HTTP on the test stack (real Deno, our Auth, real Postgres): what
 * it refuses and how (status, field, SQLSTATE), that a refusal creates no account, staff row or email,
 * that an account whose staff row fails is removed again, and that its log names no address. The happy
 * path and the roles' refusals through the SDK are in packages/sdk/test/staff-invite.test.ts; the console's
 * in packages/admin/test/staff-invite.test.ts.
 */
import { createHmac } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANON_KEY, API_URL, INBOX_URL, JWT_SECRET, SERVICE_ROLE_KEY, databaseUrlFor, projectDir, stackEnv } from '@sejahtera/stack/testing';

const db = new pg.Client({ connectionString: databaseUrlFor('postgres') });
const used: string[] = [];
let adminToken: string;
let analystToken: string;

async function tokenOf(email: string): Promise<string> {
  const response = await fetch(`${API_URL}/auth/v1/token?grant_type=password`, {
    method: 'POST',
    headers: { apikey: ANON_KEY, 'content-type': 'application/json', 'x-forwarded-for': `198.51.100.${Math.floor(Math.random() * 250) + 1}` },
    body: JSON.stringify({ email, password: 'Sejahtera-dev-2026' }),
  });
  const body = (await response.json()) as { access_token: string };
  return body.access_token;
}

beforeAll(async () => {
  await db.connect();
  [adminToken, analystToken] = await Promise.all([tokenOf('admin@sejahtera.test'), tokenOf('analyst@sejahtera.test')]);
});

afterAll(async () => {
  await db.query('delete from auth.users where email = any($1)', [used]);
  await db.end();
});

function newEmail(): string {
  const email = `invite-fn-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@sejahtera.test`;
  used.push(email);
  return email;
}

function officer(email: string): Record<string, unknown> {
  return { email, full_name: 'Hafiz bin Rahman', role: 'officer', state_code: 'MY-10', districts: ['MY-10-07'] };
}

async function invite(body: unknown, token = adminToken, raw = false): Promise<{ status: number; body: { code?: string; message?: string } }> {
  const response = await fetch(`${API_URL}/functions/v1/invite-staff`, {
    method: 'POST',
    headers: { apikey: ANON_KEY, authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: raw ? (body as string) : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json().catch(() => ({})) };
}

/** An account, a staff row and emails for the address: none after a refusal. */
async function traces(email: string): Promise<{ accounts: number; staff: number; emails: number }> {
  const { rows } = await db.query<{ accounts: number; staff: number }>(
    `select (select count(*)::int from auth.users where email = $1) as accounts,
            (select count(*)::int from public.staff s join auth.users u on u.id = s.user_id where u.email = $1) as staff`,
    [email],
  );
  const emails = ((await (await fetch(`${INBOX_URL}/api/messages?to=${encodeURIComponent(email)}`)).json()) as unknown[]).length;
  return { ...rows[0], emails };
}
const NOTHING = { accounts: 0, staff: 0, emails: 0 };

/** An HS256 JWT with these claims, signed with `secret`. */
function jwt(claims: Record<string, unknown>, secret: string): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${part({ alg: 'HS256', typ: 'JWT' })}.${part(claims)}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

describe('invite-staff', () => {
  it.each([
    ['no email', { full_name: 'Hafiz', role: 'officer' }, 'email: is required'],
    ['an invalid email', { email: 'hafiz@', full_name: 'Hafiz', role: 'officer' }, 'email: not an email address'],
    ['no name', { role: 'officer', full_name: '  ' }, 'full_name: is required'],
    ['an unknown role', { role: 'director' }, 'role: must be one of officer, supervisor, analyst, agent, admin'],
    ['a district that is not in the reference data', { districts: ['MY-10-99'] }, 'districts: no such district (MY-10-99)'],
    ['a district of another state', { districts: ['MY-01-02'] }, 'districts: MY-01-02 is not a district of the state MY-10'],
    ['an officer without districts', { districts: [] }, 'districts: an officer covers at least one district'],
    ['an officer without a state', { state_code: null, districts: [] }, 'state_code: officers and supervisors need a state'],
    ['an unknown state', { state_code: 'MY-99', districts: [] }, 'state_code: no such state (MY-99)'],
    ['a field it does not know', { admin: true }, 'admin: is not a field of an invitation'],
  ])('refuses %s with 400 and the field, and creates nothing', async (_, change, message) => {
    const email = newEmail();
    const body: Record<string, unknown> = { ...officer(email), ...(change as Record<string, unknown>) };
    if (message === 'email: is required') delete body.email;
    const { status, body: answer } = await invite(body);
    expect(status).toBe(400);
    expect(answer.message).toBe(message);
    expect(await traces(email)).toEqual(NOTHING);
  });

  it('refuses a body that is not JSON (400) or too large (413)', async () => {
    expect(await invite('{"email": ', adminToken, true)).toMatchObject({ status: 400, body: { message: 'body: must be a JSON object' } });
    expect(await invite('[1, 2]', adminToken, true)).toMatchObject({ status: 400, body: { message: 'body: must be a JSON object' } });
    const email = newEmail();
    const large = await invite({ ...officer(email), full_name: 'x'.repeat(20_000) });
    expect(large).toMatchObject({ status: 413, body: { message: 'body: at most 16384 bytes' } });
    expect(await traces(email)).toEqual(NOTHING);
  });

  it('refuses forged and expired tokens, the anon and service keys, and staff who may not invite', async () => {
    const email = newEmail();
    const now = Math.floor(Date.now() / 1000);
    const claims = { sub: '5eed0000-0000-4000-8000-000000000001', role: 'authenticated', aud: 'authenticated', iat: now - 7200 };
    const forged = jwt({ ...claims, exp: now + 3600 }, 'not-the-project-secret-but-long-enough-to-sign');
    const expired = jwt({ ...claims, exp: now - 3600 }, JWT_SECRET);
    for (const token of [forged, expired, ANON_KEY, SERVICE_ROLE_KEY]) {
      const { status } = await invite(officer(email), token);
      expect(status).toBe(401);
    }
    // A well-signed token of a session Auth does not know (never signed in) is refused too.
    const unknownSession = jwt({ ...claims, exp: now + 3600, session_id: '00000000-0000-4000-8000-00000000dead' }, JWT_SECRET);
    expect((await invite(officer(email), unknownSession)).status).toBe(401);

    expect(await invite(officer(email), analystToken)).toMatchObject({ status: 403, body: { code: '42501', message: expect.stringMatching(/^role: you may not add/) } });
    expect(await traces(email)).toEqual(NOTHING);
  });

  it('answers only POST', async () => {
    const response = await fetch(`${API_URL}/functions/v1/invite-staff`, { headers: { apikey: ANON_KEY, authorization: `Bearer ${adminToken}` } });
    expect(response.status).toBe(405);
  });

  it('removes the new account again when its staff row cannot be written, and sends nothing', async () => {
    // The database refuses the staff row after the checks passed (as a concurrent change could).
    await db.query(`create or replace function private.stack_test_refuse_staff() returns trigger language plpgsql set search_path = '' as $$
      begin if new.full_name = 'Refused At Insert' then raise exception 'full_name: refused by the test' using errcode = '23514'; end if; return new; end $$`);
    await db.query('create trigger stack_test_refuse_staff before insert on public.staff for each row execute function private.stack_test_refuse_staff()');
    try {
      const email = newEmail();
      const { status, body } = await invite({ ...officer(email), full_name: 'Refused At Insert' });
      expect(status).toBe(400);
      expect(body.message).toBe('full_name: refused by the test');
      expect(await traces(email)).toEqual(NOTHING);
    } finally {
      await db.query('drop trigger stack_test_refuse_staff on public.staff');
      await db.query('drop function private.stack_test_refuse_staff()');
    }
  });

  it('invites; inviting again before acceptance sends a new invitation only; never logs an address or a token', async () => {
    const email = newEmail();
    const first = await invite(officer(email));
    expect(first).toMatchObject({ status: 201, body: { resent: false } });
    expect(await traces(email)).toEqual({ accounts: 1, staff: 1, emails: 1 });
    // Another role and district the second time: the staff row stays as first given.
    const again = await invite({ ...officer(email), full_name: 'Someone Else', districts: ['MY-10-02'] });
    expect(again).toMatchObject({ status: 200, body: { resent: true, full_name: 'Hafiz bin Rahman', role: 'officer', districts: ['MY-10-07'] } });
    expect(await traces(email)).toEqual({ accounts: 1, staff: 1, emails: 2 });

    const log = join(stackEnv.SEJAHTERA_DATA_DIR ?? join(projectDir, '.sejahtera'), 'logs', 'functions.log');
    if (existsSync(log)) {
      // The stack copies the function's output to its log as it comes, which may be just after the answer.
      await expect.poll(() => readFileSync(log, 'utf8'), { timeout: 5000 }).toContain('invite-staff: invitation sent again (role officer)');
      const text = readFileSync(log, 'utf8');
      expect(text).toContain('invite-staff: invited (role officer, 1 districts)');
      for (const address of used) expect(text).not.toContain(address);
      expect(text).not.toContain(adminToken);
    }
  });
});
