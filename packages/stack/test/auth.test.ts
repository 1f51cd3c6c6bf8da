/**
 * The Auth server through supabase-js, as an app uses it: sign-up, sign-in, the session's tokens,
 * refresh and its rotation, the user endpoints, sign-out, and the errors GoTrue answers with.
 * Every test uses its own addresses, so the suite re-runs against a database that keeps its rows.
 */
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { ANON_KEY, JWT_SECRET, db, uniqueEmail } from './support.ts';
import {
  API_VERSION,
  AUTH_URL,
  adminClient,
  PASSWORD,
  authClient,
  authFetch,
  decodeJwt,
  randomIp,
  signedUpUser,
} from './auth-support.ts';

describe('service endpoints', () => {
  it('GET /health names GoTrue', async () => {
    const res = await authFetch('/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ name: 'GoTrue' });
  });

  it('GET /settings reflects config.toml', async () => {
    const res = await authFetch('/settings');
    expect(res.status).toBe(200);
    const settings = await res.json();
    expect(settings).toMatchObject({
      disable_signup: false,
      mailer_autoconfirm: true,
      phone_autoconfirm: false,
      saml_enabled: false,
      external: { email: true, phone: true, anonymous_users: false, google: false },
    });
  });

  it('GET /.well-known/jwks.json has no keys for HS256, and needs no apikey', async () => {
    const res = await fetch(`${AUTH_URL}/.well-known/jwks.json`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ keys: [] });
  });

  it('an unknown route is a JSON 404', async () => {
    const res = await authFetch('/no-such-endpoint', { headers: API_VERSION });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ code: 'not_found' });
  });

  it('malformed JSON is 400 bad_json, in both error shapes', async () => {
    const modern = await authFetch('/signup', { raw: '{"email": ', headers: API_VERSION });
    expect(modern.status).toBe(400);
    expect(modern.headers.get('x-supabase-api-version')).toBe('2024-01-01');
    const modernBody = await modern.json();
    expect(modernBody.code).toBe('bad_json');
    expect(modernBody.message).toMatch(/^Could not parse request body as JSON/);

    const legacy = await authFetch('/token?grant_type=password', { raw: '[1,2]' });
    expect(legacy.status).toBe(400);
    expect(await legacy.json()).toMatchObject({ code: 400, error_code: 'bad_json' });
  });

  it('a field of the wrong type is bad_json too', async () => {
    const res = await authFetch('/signup', { body: { email: 42, password: PASSWORD }, headers: API_VERSION });
    expect(res.status).toBe(400);
    expect((await res.json()).code).toBe('bad_json');
  });
});

describe('sign-up', () => {
  it('with confirmations off returns a session and a GoTrue user', async () => {
    const email = uniqueEmail('Signup');
    const client = authClient();
    const { data, error } = await client.auth.signUp({ email, password: PASSWORD, options: { data: { full_name: 'Siti Aminah' } } });
    expect(error).toBeNull();
    const { user, session } = data;
    expect(session).not.toBeNull();
    expect(session!.token_type).toBe('bearer');
    expect(session!.expires_in).toBe(3600);
    expect(session!.refresh_token).toMatch(/^[a-z2-7]{12}$/);
    expect(user).toMatchObject({
      aud: 'authenticated',
      role: 'authenticated',
      email: email.toLowerCase(),
      phone: '',
      app_metadata: { provider: 'email', providers: ['email'] },
      user_metadata: { full_name: 'Siti Aminah', email_verified: true, email: email.toLowerCase(), sub: user!.id },
      is_anonymous: false,
    });
    expect(user!.email_confirmed_at).toBeTruthy();
    expect(user!.confirmed_at).toBeTruthy();
    expect(user!.last_sign_in_at).toBeTruthy();
    expect(user!.identities).toHaveLength(1);
    expect(user!.identities![0]).toMatchObject({ provider: 'email', id: user!.id, user_id: user!.id, email: email.toLowerCase() });
    expect(user!.identities![0].identity_data).toMatchObject({ sub: user!.id, email: email.toLowerCase(), full_name: 'Siti Aminah' });
  });

  it('writes GoTrue rows: users, identities, sessions, refresh_tokens, audit_log_entries', async () => {
    const { user, session } = await signedUpUser();
    const pg = await db();
    try {
      const row = (await pg.query('select * from auth.users where id = $1', [user.id])).rows[0];
      expect(row.instance_id).toBe('00000000-0000-0000-0000-000000000000');
      expect(row.encrypted_password).toMatch(/^\$2[aby]\$10\$/);
      expect(row.confirmation_token).toBe('');
      expect(row.confirmed_at).toEqual(row.email_confirmed_at);
      expect(row.is_anonymous).toBe(false);
      const identity = (await pg.query('select * from auth.identities where user_id = $1', [user.id])).rows[0];
      expect(identity).toMatchObject({ provider: 'email', provider_id: user.id, email: user.email });
      const claims = decodeJwt(session.access_token);
      const sessionRow = (await pg.query('select * from auth.sessions where id = $1', [claims.session_id])).rows[0];
      expect(sessionRow).toMatchObject({ user_id: user.id, aal: 'aal1' });
      const token = (await pg.query('select * from auth.refresh_tokens where token = $1', [session.refresh_token])).rows[0];
      expect(token).toMatchObject({ user_id: user.id, revoked: false, session_id: claims.session_id, parent: '' });
      const actions = (
        await pg.query(`select payload->>'action' as action from auth.audit_log_entries where payload->>'actor_id' = $1`, [user.id])
      ).rows.map((r) => r.action);
      expect(actions).toEqual(expect.arrayContaining(['user_signedup', 'login']));
      const amr = (await pg.query('select authentication_method from auth.mfa_amr_claims where session_id = $1', [claims.session_id])).rows;
      expect(amr).toEqual([{ authentication_method: 'password' }]);
    } finally {
      await pg.end();
    }
  });

  it('refuses a weak password with 422 weak_password and its reasons', async () => {
    const { data, error } = await authClient().auth.signUp({ email: uniqueEmail(), password: 'abc' });
    expect(data.session).toBeNull();
    expect(error).toMatchObject({ status: 422, code: 'weak_password' });
    expect((error as unknown as { reasons: string[] }).reasons).toEqual(['length', 'characters']);
  });

  it('refuses a password without digits (password_requirements = letters_digits)', async () => {
    const { error } = await authClient().auth.signUp({ email: uniqueEmail(), password: 'onlyletters' });
    expect(error).toMatchObject({ status: 422, code: 'weak_password' });
    expect((error as unknown as { reasons: string[] }).reasons).toEqual(['characters']);
  });

  it('refuses an address that is already registered: 422 user_already_exists', async () => {
    const { email } = await signedUpUser();
    const { data, error } = await authClient().auth.signUp({ email: email.toUpperCase(), password: PASSWORD });
    expect(data.user).toBeNull();
    expect(error).toMatchObject({ status: 422, code: 'user_already_exists', message: 'User already registered' });
  });

  it('refuses a malformed email with 400 validation_failed', async () => {
    const { error } = await authClient().auth.signUp({ email: 'not-an-email', password: PASSWORD });
    expect(error).toMatchObject({ status: 400, code: 'validation_failed' });
  });

  it('needs a password', async () => {
    const res = await authFetch('/signup', { body: { email: uniqueEmail() }, headers: API_VERSION });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ code: 'validation_failed', message: 'Signup requires a valid password' });
  });

  it('anonymous sign-ins are disabled in config.toml: 422 anonymous_provider_disabled', async () => {
    const { error } = await authClient().auth.signInAnonymously();
    expect(error).toMatchObject({ status: 422, code: 'anonymous_provider_disabled' });
  });
});

describe('password sign-in', () => {
  it('returns a session and records last_sign_in_at', async () => {
    const { email, user } = await signedUpUser();
    const { data, error } = await authClient().auth.signInWithPassword({ email, password: PASSWORD });
    expect(error).toBeNull();
    expect(data.user!.id).toBe(user.id);
    expect(new Date(data.user!.last_sign_in_at!).getTime()).toBeGreaterThanOrEqual(new Date(user.last_sign_in_at!).getTime());
    expect(data.session!.access_token).toBeTruthy();
  });

  it('is case-insensitive on the email', async () => {
    const { email } = await signedUpUser();
    const { error } = await authClient().auth.signInWithPassword({ email: email.toUpperCase(), password: PASSWORD });
    expect(error).toBeNull();
  });

  it('refuses a wrong password and an unknown email alike: 400 invalid_credentials', async () => {
    const { email } = await signedUpUser();
    const wrong = await authClient().auth.signInWithPassword({ email, password: 'Wrong-password-1' });
    expect(wrong.error).toMatchObject({ status: 400, code: 'invalid_credentials', message: 'Invalid login credentials' });
    const unknown = await authClient().auth.signInWithPassword({ email: uniqueEmail('nobody'), password: PASSWORD });
    expect(unknown.error).toMatchObject({ status: 400, code: 'invalid_credentials', message: 'Invalid login credentials' });
  });

  it('reports a password that the current policy would refuse, but signs in', async () => {
    const email = uniqueEmail();
    // The admin API does not apply the policy when creating users, like a password set before it.
    const created = await adminClient().auth.admin.createUser({ email, password: 'weakpassword', email_confirm: true });
    expect(created.error).toBeNull();
    const { data, error } = await authClient().auth.signInWithPassword({ email, password: 'weakpassword' });
    expect(error).toBeNull();
    expect(data.session).not.toBeNull();
    expect(data.weakPassword).toMatchObject({ reasons: ['characters'] });
  });

  it('needs an email or a phone', async () => {
    const res = await authFetch('/token?grant_type=password', { body: { password: PASSWORD }, headers: API_VERSION });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ code: 'validation_failed', message: 'missing email or phone' });
  });

  it('refuses an unknown grant type', async () => {
    const res = await authFetch('/token?grant_type=magic', { body: {}, headers: API_VERSION });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ code: 'invalid_credentials', message: 'unsupported_grant_type' });
  });
});

describe('access tokens', () => {
  it("carry GoTrue's claims", async () => {
    const { session, user } = await signedUpUser({ district: 'Petaling' });
    const claims = decodeJwt(session.access_token);
    const header = JSON.parse(Buffer.from(session.access_token.split('.')[0], 'base64url').toString());
    expect(header).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(claims).toMatchObject({
      iss: 'http://127.0.0.1:' + new URL(AUTH_URL).port + '/auth/v1',
      sub: user.id,
      aud: 'authenticated',
      email: user.email,
      phone: '',
      role: 'authenticated',
      aal: 'aal1',
      app_metadata: { provider: 'email', providers: ['email'] },
      user_metadata: { district: 'Petaling' },
      is_anonymous: false,
    });
    expect(claims.exp - claims.iat).toBe(3600);
    expect(session.expires_at).toBe(claims.exp);
    expect(claims.amr).toEqual([{ method: 'password', timestamp: expect.any(Number) }]);
    expect(claims.session_id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('GET /user returns the user of a valid token', async () => {
    const { client, user } = await signedUpUser();
    const { data, error } = await client.auth.getUser();
    expect(error).toBeNull();
    expect(data.user!.id).toBe(user.id);
  });

  it('GET /user without a bearer token is 401 no_authorization', async () => {
    const res = await authFetch('/user', { headers: { ...API_VERSION, authorization: '' } });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ code: 'no_authorization' });
  });

  it('an expired token is 403 bad_jwt', async () => {
    const { user, session } = await signedUpUser();
    const claims = decodeJwt(session.access_token);
    const expired = await new SignJWT({ ...claims, exp: Math.floor(Date.now() / 1000) - 60 })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .sign(new TextEncoder().encode(JWT_SECRET));
    const res = await authFetch('/user', { token: expired, headers: API_VERSION });
    expect(res.status).toBe(403);
    const body = await res.json();
    expect(body.code).toBe('bad_jwt');
    expect(body.message).toMatch(/token is expired/);
    const { error } = await authClient().auth.getUser(expired);
    expect(error).toMatchObject({ status: 403 });
    expect(user.id).toBe(claims.sub);
  });

  it('a token signed with another secret is 403 bad_jwt', async () => {
    const { session } = await signedUpUser();
    const forged = await new SignJWT(decodeJwt(session.access_token))
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .sign(new TextEncoder().encode('another-secret-that-is-long-enough-to-sign-with'));
    const res = await authFetch('/user', { token: forged, headers: API_VERSION });
    expect(res.status).toBe(403);
    const body = await res.json();
    expect(body.code).toBe('bad_jwt');
    expect(body.message).toMatch(/signature is invalid/);
  });

  it('a token with alg none is 403 bad_jwt', async () => {
    const { session } = await signedUpUser();
    const unsigned = [
      Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url'),
      Buffer.from(JSON.stringify(decodeJwt(session.access_token))).toString('base64url'),
      '',
    ].join('.');
    const res = await authFetch('/user', { token: unsigned, headers: API_VERSION });
    expect(res.status).toBe(403);
    const body = await res.json();
    expect(body.code).toBe('bad_jwt');
    expect(body.message).toMatch(/signing method none is invalid/);
  });

  it('a token without sub (the anon key) is refused by /user', async () => {
    const res = await authFetch('/user', { token: ANON_KEY, headers: API_VERSION });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ code: 'bad_jwt', message: 'invalid claim: missing sub claim' });
  });

  it('a token whose session has ended is 403 session_not_found', async () => {
    const { client, session } = await signedUpUser();
    await client.auth.signOut({ scope: 'local' });
    const res = await authFetch('/user', { token: session.access_token, headers: API_VERSION });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ code: 'session_not_found' });
  });

  it('a token whose user is gone is 403 user_not_found', async () => {
    const { session, user } = await signedUpUser();
    await adminClient().auth.admin.deleteUser(user.id);
    const res = await authFetch('/user', { token: session.access_token, headers: API_VERSION });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ code: 'user_not_found' });
  });
});

describe('refresh tokens', () => {
  async function refresh(refreshToken: string, ip = randomIp()) {
    const res = await authFetch('/token?grant_type=refresh_token', { body: { refresh_token: refreshToken }, headers: API_VERSION, ip });
    return { status: res.status, body: await res.json() };
  }

  it('rotate: each refresh revokes the token used and issues its child in the same session', async () => {
    const { session } = await signedUpUser();
    const first = await refresh(session.refresh_token);
    expect(first.status).toBe(200);
    expect(first.body.refresh_token).not.toBe(session.refresh_token);
    expect(decodeJwt(first.body.access_token).session_id).toBe(decodeJwt(session.access_token).session_id);
    const pg = await db();
    try {
      const rows = (
        await pg.query('select token, parent, revoked from auth.refresh_tokens where session_id = $1 order by id', [
          decodeJwt(session.access_token).session_id,
        ])
      ).rows;
      expect(rows).toEqual([
        { token: session.refresh_token, parent: '', revoked: true },
        { token: first.body.refresh_token, parent: session.refresh_token, revoked: false },
      ]);
    } finally {
      await pg.end();
    }
  });

  it('through supabase-js refreshSession', async () => {
    const { client, session } = await signedUpUser();
    const { data, error } = await client.auth.refreshSession({ refresh_token: session.refresh_token });
    expect(error).toBeNull();
    expect(data.session!.refresh_token).not.toBe(session.refresh_token);
    expect(data.user!.id).toBe(decodeJwt(session.access_token).sub);
  });

  it('two tabs refreshing at once both get the same child', async () => {
    const { session } = await signedUpUser();
    const results = await Promise.all([refresh(session.refresh_token), refresh(session.refresh_token), refresh(session.refresh_token)]);
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(new Set(results.map((r) => r.body.refresh_token)).size).toBe(1);
  });

  it('a revoked token reused within the reuse interval gets the active child again', async () => {
    const { session } = await signedUpUser();
    const first = await refresh(session.refresh_token);
    const again = await refresh(session.refresh_token);
    expect(again.status).toBe(200);
    expect(again.body.refresh_token).toBe(first.body.refresh_token);
  });

  it('a revoked token reused after the interval is refresh_token_already_used, and the family is revoked', async () => {
    const { session } = await signedUpUser();
    const first = await refresh(session.refresh_token);
    const second = await refresh(first.body.refresh_token);
    expect(second.status).toBe(200);
    // Age the first token past refresh_token_reuse_interval (10 s) instead of waiting.
    const pg = await db();
    try {
      await pg.query(`update auth.refresh_tokens set updated_at = now() - interval '1 minute' where token = $1`, [session.refresh_token]);
      const reused = await refresh(session.refresh_token);
      expect(reused).toEqual({
        status: 400,
        body: { code: 'refresh_token_already_used', message: 'Invalid Refresh Token: Already Used' },
      });
      const active = await pg.query('select count(*)::int as n from auth.refresh_tokens where session_id = $1 and not revoked', [
        decodeJwt(session.access_token).session_id,
      ]);
      expect(active.rows[0].n).toBe(0);
      // Once the family's own reuse interval has passed, its newest token is refused too.
      await pg.query(`update auth.refresh_tokens set updated_at = now() - interval '1 minute' where token = $1`, [
        second.body.refresh_token,
      ]);
    } finally {
      await pg.end();
    }
    const afterTheft = await refresh(second.body.refresh_token);
    expect(afterTheft.status).toBe(400);
    expect(afterTheft.body.code).toBe('refresh_token_already_used');
  });

  it('an unknown refresh token is refresh_token_not_found', async () => {
    expect(await refresh('nosuchtoken1')).toEqual({
      status: 400,
      body: { code: 'refresh_token_not_found', message: 'Invalid Refresh Token: Refresh Token Not Found' },
    });
  });

  it('a missing refresh token is an OAuth-style invalid_request', async () => {
    const res = await authFetch('/token?grant_type=refresh_token', { body: {} });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: 'invalid_request', error_description: 'refresh_token required' });
  });

  it('a refresh token of an ended session no longer works', async () => {
    const { client, session } = await signedUpUser();
    await client.auth.signOut();
    const result = await refresh(session.refresh_token);
    expect(result.status).toBe(400);
    expect(result.body.code).toBe('refresh_token_not_found');
  });
});

describe('PUT /user', () => {
  it('merges user_metadata, a null value removing a key', async () => {
    const { client } = await signedUpUser({ full_name: 'Ahmad', district: 'Klang' });
    const { data, error } = await client.auth.updateUser({ data: { district: null, state: 'Selangor' } });
    expect(error).toBeNull();
    expect(data.user!.user_metadata).toMatchObject({ full_name: 'Ahmad', state: 'Selangor' });
    expect(data.user!.user_metadata).not.toHaveProperty('district');
  });

  it('changes the password, signs out other sessions, and refuses the same password again', async () => {
    const { client, email } = await signedUpUser();
    const other = authClient();
    const otherSignIn = await other.auth.signInWithPassword({ email, password: PASSWORD });
    expect(otherSignIn.error).toBeNull();

    const { error } = await client.auth.updateUser({ password: 'Baharu2021' });
    expect(error).toBeNull();
    const old = await authClient().auth.signInWithPassword({ email, password: PASSWORD });
    expect(old.error).toMatchObject({ code: 'invalid_credentials' });
    const fresh = await authClient().auth.signInWithPassword({ email, password: 'Baharu2021' });
    expect(fresh.error).toBeNull();
    // The session that changed the password stays; the other one is gone.
    expect((await client.auth.getUser()).error).toBeNull();
    const res = await authFetch('/user', { token: otherSignIn.data.session!.access_token, headers: API_VERSION });
    expect(res.status).toBe(403);

    const same = await client.auth.updateUser({ password: 'Baharu2021' });
    expect(same.error).toMatchObject({ status: 422, code: 'same_password' });
  });

  it('refuses a weak new password', async () => {
    const { client } = await signedUpUser();
    const { error } = await client.auth.updateUser({ password: 'short' });
    expect(error).toMatchObject({ status: 422, code: 'weak_password' });
  });

  it('refuses app_metadata from a user: 403 not_admin', async () => {
    const { session } = await signedUpUser();
    const res = await authFetch('/user', { method: 'PUT', token: session.access_token, body: { app_metadata: { role: 'officer' } }, headers: API_VERSION });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ code: 'not_admin', message: 'Updating app_metadata requires admin privileges' });
  });

  it("refuses another user's email: 422 email_exists", async () => {
    const first = await signedUpUser();
    const second = await signedUpUser();
    const { error } = await second.client.auth.updateUser({ email: first.email });
    expect(error).toMatchObject({ status: 422, code: 'email_exists' });
  });
});

describe('sign-out', () => {
  async function threeSessions() {
    const { email, session } = await signedUpUser();
    const second = await authClient().auth.signInWithPassword({ email, password: PASSWORD });
    const third = await authClient().auth.signInWithPassword({ email, password: PASSWORD });
    return [session, second.data.session!, third.data.session!];
  }
  const alive = async (accessToken: string) => (await authFetch('/user', { token: accessToken })).status === 200;

  it('local ends only this session (204)', async () => {
    const [a, b, c] = await threeSessions();
    const res = await authFetch('/logout?scope=local', { method: 'POST', token: a.access_token });
    expect(res.status).toBe(204);
    expect([await alive(a.access_token), await alive(b.access_token), await alive(c.access_token)]).toEqual([false, true, true]);
  });

  it('others ends every other session', async () => {
    const [a, b, c] = await threeSessions();
    const res = await authFetch('/logout?scope=others', { method: 'POST', token: a.access_token });
    expect(res.status).toBe(204);
    expect([await alive(a.access_token), await alive(b.access_token), await alive(c.access_token)]).toEqual([true, false, false]);
  });

  it('global (the default) ends them all, refresh tokens included', async () => {
    const [a, b, c] = await threeSessions();
    const client = authClient();
    await client.auth.setSession({ access_token: a.access_token, refresh_token: a.refresh_token });
    const { error } = await client.auth.signOut();
    expect(error).toBeNull();
    expect([await alive(a.access_token), await alive(b.access_token), await alive(c.access_token)]).toEqual([false, false, false]);
    const res = await authFetch('/token?grant_type=refresh_token', { body: { refresh_token: b.refresh_token } });
    expect(res.status).toBe(400);
  });

  it('an unknown scope is 400 validation_failed', async () => {
    const { session } = await signedUpUser();
    const res = await authFetch('/logout?scope=everyone', { method: 'POST', token: session.access_token, headers: API_VERSION });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'validation_failed' });
  });
});
