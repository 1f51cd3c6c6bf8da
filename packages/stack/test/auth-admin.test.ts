/**
 * The admin API through supabase-js's auth.admin with the service_role key: users listed with
 * GoTrue's pagination headers, created, read, updated, banned, deleted; links generated and then
 * verified; invitations. Tokens of other roles are refused.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ANON_KEY, SERVICE_ROLE_KEY, db, latestMessage, unique, uniqueEmail, uniquePhone } from './support.ts';
import {
  API_VERSION,
  PASSWORD,
  adminClient,
  authClient,
  authFetch,
  redirectParams,
  signedUpUser,
} from './auth-support.ts';

const sha224 = (text: string) => createHash('sha224').update(text).digest('hex');
const admin = () => adminClient().auth.admin;

describe('who may use the admin API', () => {
  it("a user's token is 403 not_admin", async () => {
    const { session } = await signedUpUser();
    const res = await authFetch('/admin/users', { token: session.access_token, headers: API_VERSION });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ code: 'not_admin', message: 'User not allowed' });
  });

  it('the anon key is 403 not_admin', async () => {
    const res = await authFetch('/admin/users', { token: ANON_KEY, headers: API_VERSION });
    expect(res.status).toBe(403);
  });

  it('the service_role key is let in', async () => {
    const res = await authFetch('/admin/users?per_page=1', { token: SERVICE_ROLE_KEY });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.aud).toBe('authenticated');
    expect(Array.isArray(body.users)).toBe(true);
  });
});

describe('listing users', () => {
  it('pages newest first, with X-Total-Count and Link headers', async () => {
    const tag = `page${unique()}`;
    const emails: string[] = [];
    for (let i = 0; i < 3; i++) {
      const email = `${tag}-${i}@example.test`;
      emails.push(email);
      expect((await admin().createUser({ email, password: PASSWORD })).error).toBeNull();
    }
    const res = await authFetch(`/admin/users?filter=${tag}&per_page=2&page=1`, { token: SERVICE_ROLE_KEY });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-total-count')).toBe('3');
    expect(res.headers.get('link')).toBe(
      `</admin/users?filter=${tag}&page=2&per_page=2>; rel="next", </admin/users?filter=${tag}&page=2&per_page=2>; rel="last"`,
    );
    const page1 = await res.json();
    expect(page1.users.map((u: { email: string }) => u.email)).toEqual([emails[2], emails[1]]);

    const last = await authFetch(`/admin/users?filter=${tag}&per_page=2&page=2`, { token: SERVICE_ROLE_KEY });
    expect(last.headers.get('link')).toBe(`</admin/users?filter=${tag}&page=2&per_page=2>; rel="last"`);
    expect((await last.json()).users.map((u: { email: string }) => u.email)).toEqual([emails[0]]);
  });

  it('supabase-js reads the pagination', async () => {
    const { data, error } = await admin().listUsers({ page: 1, perPage: 1 });
    expect(error).toBeNull();
    expect(data.users).toHaveLength(1);
    const total = 'total' in data ? data.total : 0;
    expect(total).toBeGreaterThanOrEqual(1);
    const pg = await db();
    try {
      const { rows } = await pg.query(`select count(*)::int as n from auth.users where aud = 'authenticated'`);
      expect(total).toBeLessThanOrEqual(rows[0].n);
    } finally {
      await pg.end();
    }
  });

  it('refuses bad pagination', async () => {
    const res = await authFetch('/admin/users?page=zero', { token: SERVICE_ROLE_KEY, headers: API_VERSION });
    expect(res.status).toBe(400);
    expect((await res.json()).code).toBe('validation_failed');
  });
});

describe('creating users', () => {
  it('with email, password, metadata and a confirmed email', async () => {
    const email = uniqueEmail('created');
    const { data, error } = await admin().createUser({
      email,
      password: PASSWORD,
      email_confirm: true,
      user_metadata: { full_name: 'Tan Mei Ling' },
      app_metadata: { roles: ['health_officer'], district: 'Hulu Langat' },
    });
    expect(error).toBeNull();
    expect(data.user).toMatchObject({
      email,
      role: 'authenticated',
      user_metadata: { full_name: 'Tan Mei Ling', email_verified: true },
      app_metadata: { provider: 'email', providers: ['email'], roles: ['health_officer'], district: 'Hulu Langat' },
    });
    expect(data.user!.email_confirmed_at).toBeTruthy();
    expect(data.user!.identities).toHaveLength(1);
    const signIn = await authClient().auth.signInWithPassword({ email, password: PASSWORD });
    expect(signIn.error).toBeNull();
    expect(signIn.data.session!.user.app_metadata.roles).toEqual(['health_officer']);
  });

  it('with a phone, confirmed', async () => {
    const phone = uniquePhone();
    const { data, error } = await admin().createUser({ phone, password: PASSWORD, phone_confirm: true });
    expect(error).toBeNull();
    expect(data.user).toMatchObject({ phone: phone.slice(1), app_metadata: { provider: 'phone', providers: ['phone'] } });
    expect(data.user!.identities![0]).toMatchObject({ provider: 'phone', identity_data: { phone: phone.slice(1) } });
  });

  it('refuses a registered email: 422 email_exists', async () => {
    const { email } = await signedUpUser();
    const { error } = await admin().createUser({ email, password: PASSWORD });
    expect(error).toMatchObject({ status: 422, code: 'email_exists' });
  });

  it('needs an email or a phone', async () => {
    const { error } = await admin().createUser({ password: PASSWORD });
    expect(error).toMatchObject({ status: 400, code: 'validation_failed' });
  });

  it('writes an audit entry with the service role as actor', async () => {
    const email = uniqueEmail('audited');
    const { data } = await admin().createUser({ email, password: PASSWORD });
    const pg = await db();
    try {
      const { rows } = await pg.query(`select payload from auth.audit_log_entries where payload->'traits'->>'user_id' = $1`, [data.user!.id]);
      expect(rows[0].payload).toMatchObject({
        action: 'user_signedup',
        actor_id: '00000000-0000-0000-0000-000000000000',
        actor_username: 'service_role',
        log_type: 'team',
        traits: { user_email: email },
      });
    } finally {
      await pg.end();
    }
  });
});

describe('reading and updating a user', () => {
  it('gets a user by id; an unknown id is 404 user_not_found', async () => {
    const { user } = await signedUpUser();
    const { data, error } = await admin().getUserById(user.id);
    expect(error).toBeNull();
    expect(data.user!.email).toBe(user.email);
    const missing = await admin().getUserById('9a0a4a83-64ab-4c8e-9b7f-2d7c0e2e6a11');
    expect(missing.error).toMatchObject({ status: 404, code: 'user_not_found' });
    const malformed = await authFetch('/admin/users/not-a-uuid', { token: SERVICE_ROLE_KEY, headers: API_VERSION });
    expect(malformed.status).toBe(404);
  });

  it('updates email, metadata, role and password', async () => {
    const { user } = await signedUpUser({ full_name: 'Lee' });
    const newEmail = uniqueEmail('renamed');
    const { data, error } = await admin().updateUserById(user.id, {
      email: newEmail,
      password: 'Tukar2025pw',
      user_metadata: { full_name: 'Lee Chong' },
      app_metadata: { roles: ['analyst'] },
    });
    expect(error).toBeNull();
    expect(data.user).toMatchObject({
      email: newEmail,
      user_metadata: { full_name: 'Lee Chong' },
      app_metadata: { provider: 'email', roles: ['analyst'] },
    });
    expect(data.user!.identities!.find((i) => i.provider === 'email')!.identity_data).toMatchObject({ email: newEmail });
    expect((await authClient().auth.signInWithPassword({ email: newEmail, password: 'Tukar2025pw' })).error).toBeNull();
  });

  it('bans for a Go duration and lifts the ban with "none"', async () => {
    const { email, user, session } = await signedUpUser();
    const banned = await admin().updateUserById(user.id, { ban_duration: '24h' });
    expect(banned.error).toBeNull();
    const until = new Date(banned.data.user!.banned_until!).getTime();
    expect(Math.abs(until - (Date.now() + 24 * 3600 * 1000))).toBeLessThan(60_000);

    const signIn = await authClient().auth.signInWithPassword({ email, password: PASSWORD });
    expect(signIn.error).toMatchObject({ status: 400, code: 'user_banned', message: 'User is banned' });
    const refresh = await authFetch('/token?grant_type=refresh_token', { body: { refresh_token: session.refresh_token }, headers: API_VERSION });
    expect(refresh.status).toBe(400);
    expect(await refresh.json()).toEqual({ code: 'user_banned', message: 'Invalid Refresh Token: User Banned' });

    const lifted = await admin().updateUserById(user.id, { ban_duration: 'none' });
    expect(lifted.data.user!.banned_until).toBeUndefined();
    expect((await authClient().auth.signInWithPassword({ email, password: PASSWORD })).error).toBeNull();
  });

  it('refuses a malformed ban duration', async () => {
    const { user } = await signedUpUser();
    const { error } = await admin().updateUserById(user.id, { ban_duration: 'forever' });
    expect(error).toMatchObject({ status: 400, code: 'validation_failed' });
  });
});

describe('deleting a user', () => {
  it('hard delete removes the user and their sessions', async () => {
    const { user, session } = await signedUpUser();
    const { error } = await admin().deleteUser(user.id);
    expect(error).toBeNull();
    expect((await admin().getUserById(user.id)).error).toMatchObject({ status: 404 });
    const refresh = await authFetch('/token?grant_type=refresh_token', { body: { refresh_token: session.refresh_token }, headers: API_VERSION });
    expect((await refresh.json()).code).toBe('refresh_token_not_found');
  });

  it('soft delete keeps the row, with its addresses obfuscated', async () => {
    const { email, user } = await signedUpUser();
    const { error } = await admin().deleteUser(user.id, true);
    expect(error).toBeNull();
    const { data } = await admin().getUserById(user.id);
    expect(data.user!.deleted_at).toBeTruthy();
    expect(data.user!.email).not.toBe(email);
    expect(data.user!.user_metadata).toEqual({});
    expect((await authClient().auth.signInWithPassword({ email, password: PASSWORD })).error).toMatchObject({ code: 'invalid_credentials' });
  });
});

describe('generate_link', () => {
  it('magiclink: properties that verify, by link or by code', async () => {
    const { email, user } = await signedUpUser();
    const { data, error } = await admin().generateLink({ type: 'magiclink', email, options: { redirectTo: 'http://127.0.0.1:5173/in' } });
    expect(error).toBeNull();
    const properties = data.properties!;
    expect(properties.verification_type).toBe('magiclink');
    expect(properties.redirect_to).toBe('http://127.0.0.1:5173/in');
    expect(properties.hashed_token).toBe(sha224(email + properties.email_otp));
    expect(properties.action_link).toContain(`token=${properties.hashed_token}&type=magiclink`);
    expect(data.user!.id).toBe(user.id);

    const res = await fetch(properties.action_link, { redirect: 'manual' });
    expect(res.status).toBe(303);
    const { url, fragment } = redirectParams(res.headers.get('location')!);
    expect(`${url.origin}${url.pathname}`).toBe('http://127.0.0.1:5173/in');
    expect(fragment.access_token).toBeTruthy();

    const second = await admin().generateLink({ type: 'magiclink', email });
    const verified = await authClient().auth.verifyOtp({ email, token: second.data.properties!.email_otp, type: 'magiclink' });
    expect(verified.error).toBeNull();
  });

  it('signup: creates an unconfirmed user whose hashed token confirms them', async () => {
    const email = uniqueEmail('linked');
    const { data, error } = await admin().generateLink({ type: 'signup', email, password: PASSWORD });
    expect(error).toBeNull();
    expect(data.user!.email_confirmed_at).toBeUndefined();
    expect(data.properties!.verification_type).toBe('signup');
    const verified = await authClient().auth.verifyOtp({ token_hash: data.properties!.hashed_token, type: 'signup' });
    expect(verified.error).toBeNull();
    expect(verified.data.user!.email_confirmed_at).toBeTruthy();
    expect((await authClient().auth.signInWithPassword({ email, password: PASSWORD })).error).toBeNull();
  });

  it('magiclink for a new address signs it up (verification_type signup)', async () => {
    const email = uniqueEmail('newlink');
    const { data, error } = await admin().generateLink({ type: 'magiclink', email });
    expect(error).toBeNull();
    expect(data.properties!.verification_type).toBe('signup');
    expect(data.properties!.action_link).toContain('type=signup');
  });

  it('invite: the link signs the invited user in', async () => {
    const email = uniqueEmail('invitee');
    const { data, error } = await admin().generateLink({ type: 'invite', email, options: { data: { district: 'Sepang' } } });
    expect(error).toBeNull();
    expect(data.user!.invited_at).toBeTruthy();
    const res = await fetch(data.properties!.action_link, { redirect: 'manual' });
    const { fragment } = redirectParams(res.headers.get('location')!);
    expect(fragment.type).toBe('invite');
    const me = await authFetch('/user', { token: fragment.access_token });
    expect((await me.json()).email_confirmed_at).toBeTruthy();
  });

  it('recovery for an unknown address is 404 user_not_found', async () => {
    const { error } = await admin().generateLink({ type: 'recovery', email: uniqueEmail('nobody') });
    expect(error).toMatchObject({ status: 404, code: 'user_not_found' });
  });

  it('email_change_new: the link moves the user to the new address', async () => {
    const { email, user } = await signedUpUser();
    const newEmail = uniqueEmail('linkmoved');
    const { data, error } = await admin().generateLink({ type: 'email_change_new', email, newEmail });
    expect(error).toBeNull();
    expect(data.user!.new_email).toBe(newEmail);
    const res = await fetch(data.properties!.action_link, { redirect: 'manual' });
    expect(redirectParams(res.headers.get('location')!).fragment.type).toBe('email_change');
    expect((await admin().getUserById(user.id)).data.user!.email).toBe(newEmail);
  });

  it('refuses an unknown type', async () => {
    const res = await authFetch('/admin/generate_link', {
      token: SERVICE_ROLE_KEY,
      body: { type: 'telegram', email: uniqueEmail() },
      headers: API_VERSION,
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'validation_failed' });
  });
});

describe('invitations', () => {
  it('inviteUserByEmail sends an invite whose code signs in', async () => {
    const email = uniqueEmail('invited');
    const { data, error } = await admin().inviteUserByEmail(email, { data: { invited_by: 'officer' } });
    expect(error).toBeNull();
    expect(data.user!.invited_at).toBeTruthy();
    const message = await latestMessage(email, 'invite');
    expect(message.subject).toBe('You have been invited');
    const verified = await authClient().auth.verifyOtp({ email, token: message.code!, type: 'invite' });
    expect(verified.error).toBeNull();
    expect(verified.data.user!.user_metadata).toMatchObject({ invited_by: 'officer' });
  });
});
