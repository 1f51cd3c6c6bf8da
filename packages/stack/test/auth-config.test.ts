/**
 * The Auth server under settings the project's config.toml does not use: email confirmations on
 * (confirmation mail, the made-up user on a repeated sign-up, PKCE sign-up, double-confirmed email
 * changes), a tiny hourly email limit, sign-ups disabled, and secure password change. Each runs as
 * its own Auth server in this process, on the test stack's database, mounted at /auth/v1 as the
 * gateway mounts it, with an inbox of its own.
 */
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthApp } from '../src/auth/index.ts';
import { loadConfig, type AuthConfig, type RateLimits, type StackConfig } from '../src/config.ts';
import { Inbox } from '../src/inbox.ts';
import { ANON_KEY, SERVICE_ROLE_KEY, db, uniqueEmail } from './support.ts';
import { databaseUrlFor, projectDir } from './env.ts';
import { PASSWORD, randomIp, redirectParams } from './auth-support.ts';

interface TestAuth {
  url: string;
  inbox: Inbox;
  client: (options?: { flowType?: 'implicit' | 'pkce' }) => SupabaseClient;
  admin: () => SupabaseClient;
  close: () => Promise<void>;
}

const pools: pg.Pool[] = [];

/** An Auth server with config.toml's [auth] changed by `change`. */
async function startAuth(change: (auth: AuthConfig) => void, rateLimits?: Partial<RateLimits>): Promise<TestAuth> {
  const base = loadConfig(projectDir);
  const inbox = new Inbox();
  const pool = new pg.Pool({ connectionString: databaseUrlFor('supabase_auth_admin'), max: 4 });
  pools.push(pool);
  let listener: ReturnType<typeof getRequestListener> | undefined;
  const server: Server = createServer((req, res) => {
    // Mounted at /auth/v1, as the gateway mounts it.
    req.url = (req.url ?? '/').replace(/^\/auth\/v1/, '') || '/';
    void listener!(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const config: StackConfig = structuredClone({ ...base, apiPort: port });
  change(config.auth);
  const app = createAuthApp({ pool, config, inbox, rateLimits });
  listener = getRequestListener(app.fetch);
  const url = `http://127.0.0.1:${port}`;
  const options = { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false };
  return {
    url,
    inbox,
    client: (extra = {}) =>
      createClient(url, ANON_KEY, { auth: { ...options, ...extra }, global: { headers: { 'x-forwarded-for': randomIp() } } }),
    admin: () => createClient(url, SERVICE_ROLE_KEY, { auth: options }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function latest(inbox: Inbox, to: string, kind: string) {
  const message = inbox.list({ to, kind })[0];
  if (!message) throw new Error(`no ${kind} message to ${to}`);
  return message;
}

afterAll(async () => {
  await Promise.all(pools.map((pool) => pool.end()));
});

describe('with email confirmations on', () => {
  let auth: TestAuth;
  beforeAll(async () => {
    auth = await startAuth((a) => {
      a.email.enableConfirmations = true;
    });
  });
  afterAll(() => auth.close());

  it('sign-up returns the user without a session and mails a confirmation link', async () => {
    const email = uniqueEmail('confirm');
    const client = auth.client();
    const { data, error } = await client.auth.signUp({ email, password: PASSWORD, options: { emailRedirectTo: 'http://127.0.0.1:5173/hello' } });
    expect(error).toBeNull();
    expect(data.session).toBeNull();
    expect(data.user!.email_confirmed_at).toBeUndefined();
    expect(data.user!.confirmation_sent_at).toBeTruthy();
    expect(data.user!.identities).toHaveLength(1);

    const unconfirmed = await client.auth.signInWithPassword({ email, password: PASSWORD });
    expect(unconfirmed.error).toMatchObject({ status: 400, code: 'email_not_confirmed', message: 'Email not confirmed' });

    const message = latest(auth.inbox, email, 'signup');
    expect(message.link).toContain(`${auth.url}/auth/v1/verify?token=`);
    const res = await fetch(message.link!, { redirect: 'manual' });
    expect(res.status).toBe(303);
    const { url, fragment } = redirectParams(res.headers.get('location')!);
    expect(`${url.origin}${url.pathname}`).toBe('http://127.0.0.1:5173/hello');
    expect(fragment.type).toBe('signup');
    expect((await client.auth.signInWithPassword({ email, password: PASSWORD })).error).toBeNull();
  });

  it('a repeated sign-up of a confirmed address answers with a made-up user and sends nothing', async () => {
    const email = uniqueEmail('repeat');
    const client = auth.client();
    const first = await client.auth.signUp({ email, password: PASSWORD });
    await client.auth.verifyOtp({ email, token: latest(auth.inbox, email, 'signup').code!, type: 'signup' });
    const sent = auth.inbox.list({ to: email }).length;

    const again = await client.auth.signUp({ email, password: 'Another2020' });
    expect(again.error).toBeNull();
    expect(again.data.session).toBeNull();
    expect(again.data.user!.id).not.toBe(first.data.user!.id);
    expect(again.data.user!.identities).toEqual([]);
    expect(auth.inbox.list({ to: email })).toHaveLength(sent);
    const pg = await db();
    try {
      const { rows } = await pg.query(
        `select 1 from auth.audit_log_entries where payload->>'actor_id' = $1 and payload->>'action' = 'user_repeated_signup'`,
        [first.data.user!.id],
      );
      expect(rows).toHaveLength(1);
    } finally {
      await pg.end();
    }
  });

  it('a PKCE sign-up confirms through ?code=', async () => {
    const email = uniqueEmail('pkcesignup');
    const client = auth.client({ flowType: 'pkce' });
    // supabase-js keeps the verifier in its storage; a non-persisted client keeps it in memory.
    const { error } = await client.auth.signUp({ email, password: PASSWORD, options: { emailRedirectTo: 'http://127.0.0.1:5173/cb' } });
    expect(error).toBeNull();
    const link = latest(auth.inbox, email, 'signup').link!;
    expect(new URL(link).searchParams.get('token')).toMatch(/^pkce_/);
    const res = await fetch(link, { redirect: 'manual' });
    const { query } = redirectParams(res.headers.get('location')!);
    const exchanged = await client.auth.exchangeCodeForSession(query.code);
    expect(exchanged.error).toBeNull();
    expect(exchanged.data.user!.email_confirmed_at).toBeTruthy();
  });

  it('an email change needs both codes: the first is accepted, the second changes the address', async () => {
    const email = uniqueEmail('double');
    const client = auth.client();
    await client.auth.signUp({ email, password: PASSWORD });
    const confirmed = await client.auth.verifyOtp({ email, token: latest(auth.inbox, email, 'signup').code!, type: 'signup' });
    expect(confirmed.error).toBeNull();

    const newEmail = uniqueEmail('double-new');
    expect((await client.auth.updateUser({ email: newEmail })).error).toBeNull();
    const currentCode = latest(auth.inbox, email, 'email_change').code!;
    const newCode = latest(auth.inbox, newEmail, 'email_change').code!;

    const first = await fetch(`${auth.url}/auth/v1/verify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', apikey: ANON_KEY },
      body: JSON.stringify({ type: 'email_change', email, token: currentCode }),
    });
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({
      msg: 'Confirmation link accepted. Please proceed to confirm link sent to the other email',
      code: '200',
    });
    expect((await client.auth.getUser()).data.user!.email).toBe(email);

    const second = await client.auth.verifyOtp({ email: newEmail, token: newCode, type: 'email_change' });
    expect(second.error).toBeNull();
    expect(second.data.user!.email).toBe(newEmail);
  });
});

describe('with a project-wide email limit of 2 an hour', () => {
  let auth: TestAuth;
  beforeAll(async () => {
    auth = await startAuth((a) => {
      a.email.enableConfirmations = true;
    }, { emailSent: 2 });
  });
  afterAll(() => auth.close());

  it('the third email is 429 over_email_send_rate_limit with Retry-After', async () => {
    for (let i = 0; i < 2; i++) {
      expect((await auth.client().auth.signUp({ email: uniqueEmail('quota'), password: PASSWORD })).error).toBeNull();
    }
    const res = await fetch(`${auth.url}/auth/v1/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-supabase-api-version': '2024-01-01', 'x-forwarded-for': randomIp() },
      body: JSON.stringify({ email: uniqueEmail('quota'), password: PASSWORD }),
    });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(3500);
    expect(await res.json()).toEqual({ code: 'over_email_send_rate_limit', message: 'email rate limit exceeded' });
  });
});

describe('with sign-ups disabled', () => {
  let auth: TestAuth;
  beforeAll(async () => {
    auth = await startAuth((a) => {
      a.enableSignup = false;
    });
  });
  afterAll(() => auth.close());

  it('sign-up is 422 signup_disabled', async () => {
    const { error } = await auth.client().auth.signUp({ email: uniqueEmail(), password: PASSWORD });
    expect(error).toMatchObject({ status: 422, code: 'signup_disabled', message: 'Signups not allowed for this instance' });
  });

  it('an OTP to a new address is refused the same way, while the admin can still create users', async () => {
    const { error } = await auth.client().auth.signInWithOtp({ email: uniqueEmail() });
    expect(error).toMatchObject({ status: 422, code: 'signup_disabled' });
    const created = await auth.admin().auth.admin.createUser({ email: uniqueEmail('byadmin'), password: PASSWORD });
    expect(created.error).toBeNull();
  });
});

describe('with anonymous sign-ins on', () => {
  let auth: TestAuth;
  beforeAll(async () => {
    auth = await startAuth((a) => {
      a.enableAnonymousSignIns = true;
    });
  });
  afterAll(() => auth.close());

  it('an anonymous user gets a session, and becomes permanent by adding an email', async () => {
    const client = auth.client();
    const { data, error } = await client.auth.signInAnonymously({ options: { data: { locale: 'ms' } } });
    expect(error).toBeNull();
    expect(data.user).toMatchObject({ is_anonymous: true, email: '', app_metadata: {}, user_metadata: { locale: 'ms' } });
    const claims = JSON.parse(Buffer.from(data.session!.access_token.split('.')[1], 'base64url').toString());
    expect(claims).toMatchObject({ is_anonymous: true, role: 'authenticated', amr: [{ method: 'anonymous' }] });

    const weak = await client.auth.updateUser({ password: PASSWORD });
    expect(weak.error).toMatchObject({ status: 422, code: 'validation_failed' });

    const email = uniqueEmail('anon');
    const upgraded = await client.auth.updateUser({ email });
    expect(upgraded.error).toBeNull();
    expect(upgraded.data.user).toMatchObject({ email, is_anonymous: false });
    expect(upgraded.data.user!.identities!.map((i) => i.provider)).toEqual(['email']);
  });
});

describe('with secure password change', () => {
  let auth: TestAuth;
  beforeAll(async () => {
    auth = await startAuth((a) => {
      a.email.securePasswordChange = true;
    });
  });
  afterAll(() => auth.close());

  it('a session older than a day needs the nonce from /reauthenticate to change the password', async () => {
    const email = uniqueEmail('secure');
    const client = auth.client();
    const { data } = await client.auth.signUp({ email, password: PASSWORD });
    const sessionId = JSON.parse(Buffer.from(data.session!.access_token.split('.')[1], 'base64url').toString()).session_id;

    // A fresh session may change the password without a nonce.
    expect((await client.auth.updateUser({ password: 'Segar2020pw' })).error).toBeNull();

    const pg = await db();
    try {
      await pg.query(`update auth.sessions set created_at = now() - interval '2 days' where id = $1`, [sessionId]);
    } finally {
      await pg.end();
    }
    const refused = await client.auth.updateUser({ password: 'Lama2020pw' });
    expect(refused.error).toMatchObject({ status: 400, code: 'reauthentication_needed' });

    expect((await client.auth.reauthenticate()).error).toBeNull();
    const nonce = latest(auth.inbox, email, 'reauthentication').code!;
    const wrong = await client.auth.updateUser({ password: 'Lama2020pw', nonce: nonce === '000000' ? '111111' : '000000' });
    expect(wrong.error).toMatchObject({ status: 422, code: 'reauthentication_not_valid' });
    const accepted = await client.auth.updateUser({ password: 'Lama2020pw', nonce });
    expect(accepted.error).toBeNull();
    // The nonce is spent.
    const reused = await client.auth.updateUser({ password: 'Lagi2020pw', nonce });
    expect(reused.error).toMatchObject({ status: 422, code: 'reauthentication_not_valid' });
  });
});
