/**
 * sejahtera.staff.invite: a new staff member invited by email through the invite-staff edge function
 * (real Deno, our Auth, real Postgres). Who may invite whom is the database's decision, made with the
 * caller's JWT; every refusal names its field and leaves no account, staff row or email behind.
 */
import { databaseUrlFor } from '@sejahtera/stack/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AuthError,
  ConflictError,
  PermissionError,
  type SejahteraStaffClient,
  ValidationError,
  inviteStaffSchema,
} from '../src/staff.ts';
import { ANON_KEY, API_URL, INBOX_URL, demoStaff, signedIn, staffSdk, unique } from './support.ts';

const db = new pg.Client({ connectionString: databaseUrlFor('postgres') });
let admin: SejahteraStaffClient;
let supervisor: SejahteraStaffClient;

beforeAll(async () => {
  await db.connect();
  [admin, supervisor] = await Promise.all([demoStaff('admin@sejahtera.test'), demoStaff('supervisor@sejahtera.test')]);
});
afterAll(() => db.end());

function newEmail(): string {
  return `invited-${unique()}@sejahtera.test`;
}

interface InboxMessage {
  kind: string;
  link?: string;
}

async function inbox(to: string): Promise<InboxMessage[]> {
  const response = await fetch(`${INBOX_URL}/api/messages?to=${encodeURIComponent(to)}`);
  return (await response.json()) as InboxMessage[];
}

/** Whether anything exists for the address: an account, a staff row, an email. */
async function traces(email: string): Promise<{ accounts: number; staff: number; emails: number }> {
  const { rows } = await db.query<{ accounts: number; staff: number }>(
    `select (select count(*)::int from auth.users where email = $1) as accounts,
            (select count(*)::int from public.staff s join auth.users u on u.id = s.user_id where u.email = $1) as staff`,
    [email],
  );
  return { ...rows[0], emails: (await inbox(email)).length };
}

const officer = (email: string) => ({
  email,
  full_name: 'Nur Aisyah binti Kamal',
  role: 'officer' as const,
  state_code: 'MY-10',
  districts: ['MY-10-07', 'MY-10-05'],
  redirect_to: 'http://127.0.0.1:5174/#/set-password',
});

describe('staff.invite', () => {
  it('an administrator invites an officer: the account, the staff row with districts, and an invitation to the set-password page', async () => {
    const email = newEmail();
    const invited = await admin.staff.invite({ ...officer(email), email: `  ${email.toUpperCase()} ` });
    expect(invited).toMatchObject({ email, full_name: 'Nur Aisyah binti Kamal', role: 'officer', state_code: 'MY-10', districts: ['MY-10-05', 'MY-10-07'] });
    expect(invited.invited_at).toEqual(expect.any(String));

    const { rows } = await db.query(
      `select s.role, s.full_name, s.state_code, s.active, u.email, u.invited_at is not null as invited, u.email_confirmed_at is null as unconfirmed,
              array(select district_code from public.staff_districts where staff_id = s.user_id order by 1) as districts
       from public.staff s join auth.users u on u.id = s.user_id where s.user_id = $1`,
      [invited.user_id],
    );
    expect(rows).toEqual([
      { role: 'officer', full_name: 'Nur Aisyah binti Kamal', state_code: 'MY-10', active: true, email, invited: true, unconfirmed: true, districts: ['MY-10-05', 'MY-10-07'] },
    ]);

    const messages = await inbox(email);
    expect(messages.map((m) => m.kind)).toEqual(['invite']);
    const link = new URL(messages[0].link!);
    expect(link.pathname).toBe('/auth/v1/verify');
    expect(link.searchParams.get('type')).toBe('invite');
    expect(link.searchParams.get('redirect_to')).toBe('http://127.0.0.1:5174/#/set-password');

    // The link signs the new officer in, at the set-password page, with tokens for the new account.
    const followed = await fetch(link, { redirect: 'manual' });
    const location = followed.headers.get('location')!;
    expect(location.startsWith('http://127.0.0.1:5174/#/set-password#')).toBe(true);
    const fragment = new URLSearchParams(location.split('#')[2]);
    expect(fragment.get('type')).toBe('invite');
    const newcomer = staffSdk();
    await newcomer.supabase.auth.setSession({ access_token: fragment.get('access_token')!, refresh_token: fragment.get('refresh_token')! });
    expect((await newcomer.supabase.auth.getUser()).data.user?.id).toBe(invited.user_id);
  });

  it('a supervisor invites an officer of their state, but no other role and no other state', async () => {
    const email = newEmail();
    const invited = await supervisor.staff.invite({ ...officer(email), districts: ['MY-10-02'] });
    expect(invited).toMatchObject({ role: 'officer', state_code: 'MY-10', districts: ['MY-10-02'] });

    const analyst = newEmail();
    const asAnalyst = await supervisor.staff.invite({ email: analyst, full_name: 'Analyst Baru', role: 'analyst' }).catch((e: unknown) => e);
    expect(asAnalyst).toBeInstanceOf(PermissionError);
    expect((asAnalyst as PermissionError).issues).toMatchObject([{ field: 'role', code: 'not_allowed' }]);

    const johor = newEmail();
    const inJohor = await supervisor.staff.invite({ ...officer(johor), state_code: 'MY-01', districts: ['MY-01-02'] }).catch((e: unknown) => e);
    expect(inJohor).toBeInstanceOf(PermissionError);
    for (const address of [analyst, johor]) expect(await traces(address)).toEqual({ accounts: 0, staff: 0, emails: 0 });
  });

  it('officers, analysts, call-centre agents and the public may not invite anyone', async () => {
    const callers = await Promise.all(['officer', 'analyst', 'agent'].map((who) => demoStaff(`${who}@sejahtera.test`)));
    const { client: publicUser } = await signedIn(staffSdk);
    for (const caller of [...callers, publicUser]) {
      const email = newEmail();
      const error = await caller.staff.invite(officer(email)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PermissionError);
      expect(await traces(email)).toEqual({ accounts: 0, staff: 0, emails: 0 });
    }
  });

  it('signed out, or with a session signed out elsewhere, is AuthError', async () => {
    await expect(staffSdk().staff.invite(officer(newEmail()))).rejects.toBeInstanceOf(AuthError);

    // A session signed out everywhere: its access token still has a valid signature, but Auth no longer knows it.
    const { client: stale } = await signedIn(staffSdk);
    const { data } = await stale.supabase.auth.getSession();
    const token = data.session!.access_token;
    await stale.supabase.auth.signOut({ scope: 'global' });
    const email = newEmail();
    const response = await fetch(`${API_URL}/functions/v1/invite-staff`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, apikey: ANON_KEY, 'content-type': 'application/json' },
      body: JSON.stringify(officer(email)),
    });
    expect(response.status).toBe(401);
    expect(await traces(email)).toEqual({ accounts: 0, staff: 0, emails: 0 });
  });

  it('inviting again someone who has not accepted sends a new invitation, if the caller manages them', async () => {
    const email = newEmail();
    const first = await admin.staff.invite(officer(email));
    expect(first.resent).toBe(false);
    // The supervisor manages Selangor's officers: a new invitation, the staff row as the admin gave it.
    const again = await supervisor.staff.invite({ ...officer(email), districts: ['MY-10-02'] });
    expect(again).toMatchObject({ user_id: first.user_id, resent: true, role: 'officer', districts: ['MY-10-05', 'MY-10-07'] });
    expect((await inbox(email)).map((m) => m.kind)).toEqual(['invite', 'invite']);

    // An analyst is not the supervisor's to manage: their pending invitation is not re-sent by them.
    const analyst = newEmail();
    await admin.staff.invite({ email: analyst, full_name: 'Analis Baharu', role: 'analyst', redirect_to: officer(analyst).redirect_to });
    const refused = await supervisor.staff.invite(officer(analyst)).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ConflictError);
    expect((refused as ConflictError).details).toMatchObject({ details: 'invited' });
    expect(await traces(analyst)).toEqual({ accounts: 1, staff: 1, emails: 1 });
  });

  it('bad input is ValidationError per field, before any request', async () => {
    const error = await admin.staff
      // @ts-expect-error: not a role
      .invite({ email: 'not-an-email', full_name: 'A', role: 'director' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(Object.keys((error as ValidationError).fields).sort()).toEqual(['email', 'full_name', 'role']);

    const rules = inviteStaffSchema.safeParse({ email: 'a@b.my', full_name: 'Ali bin Abu', role: 'officer', state_code: 'MY-10', districts: ['MY-01-02'] });
    expect(rules.success).toBe(false);
    expect(rules.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['districts', 'MY-01-02 is not a district of the state MY-10']]);
    const noState = await admin.staff.invite({ email: newEmail(), full_name: 'Ali bin Abu', role: 'officer', districts: [] }).catch((e: unknown) => e);
    expect(Object.keys((noState as ValidationError).fields).sort()).toEqual(['districts', 'state_code']);
  });

  it('what only the database knows is ValidationError too: a district that does not exist', async () => {
    const email = newEmail();
    const error = await admin.staff.invite({ ...officer(email), districts: ['MY-10-99'] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toMatchObject([{ field: 'districts', message: 'no such district (MY-10-99)' }]);
    expect(await traces(email)).toEqual({ accounts: 0, staff: 0, emails: 0 });
  });

  it('an email that already has an account, staff or public, is ConflictError saying which, and changes nothing', async () => {
    const { email: publicEmail, userId } = await signedIn(staffSdk);
    for (const [email, why] of [['officer@sejahtera.test', 'staff'], [publicEmail, 'public']]) {
      const before = await traces(email);
      const error = await admin.staff.invite(officer(email)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConflictError);
      expect((error as ConflictError).issues).toMatchObject([{ field: 'email', code: 'taken' }]);
      expect((error as ConflictError).details).toMatchObject({ details: why });
      expect(await traces(email)).toEqual(before);
    }
    const { rows } = await db.query('select count(*)::int as n from public.staff where user_id = $1', [userId]);
    expect(rows[0].n).toBe(0);
  });
});
