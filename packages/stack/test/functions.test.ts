/** Edge functions: real Deno behind /functions/v1, verify_jwt per config.toml, errors that propagate. */
import { FunctionsHttpError } from '@supabase/supabase-js';
import { describe, expect, it } from 'vitest';
import { ANON_KEY, API_URL, SERVICE_ROLE_KEY, anonClient, signToken } from './support.ts';

const fn = (path: string) => `${API_URL}/functions/v1/${path}`;
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

describe('functions runner', () => {
  it('runs supabase/functions/hello in Deno and hands it the caller and Supabase env', async () => {
    const { data, error } = await anonClient().functions.invoke('hello', { body: { name: 'Aminah' } });
    expect(error).toBeNull();
    expect(data).toMatchObject({
      message: 'Hello, Aminah!',
      method: 'POST',
      path: '/hello',
      role: 'anon',
      env: { SUPABASE_URL: true, SUPABASE_ANON_KEY: true, SUPABASE_SERVICE_ROLE_KEY: true, SUPABASE_DB_URL: true },
    });
  });

  it('passes method, path, query, headers and body through unchanged, and the answer back', async () => {
    const body = 'line one\nline two ✓';
    const res = await fetch(fn('echo/sub/path?x=1&y=two'), {
      method: 'PUT',
      headers: { ...bearer(ANON_KEY), 'content-type': 'text/plain; charset=utf-8', 'x-custom': 'kept' },
      body,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-fixture')).toBe('echo');
    const echoed = await res.json();
    expect(echoed.method).toBe('PUT');
    expect(echoed.path).toBe('/echo/sub/path');
    expect(echoed.query).toEqual({ x: '1', y: 'two' });
    expect(echoed.headers['x-custom']).toBe('kept');
    expect(echoed.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(echoed.headers.authorization).toBe(`Bearer ${ANON_KEY}`);
    expect(echoed.body).toBe(body);
  });

  it('passes repeated response headers such as Set-Cookie one by one', async () => {
    const res = await fetch(fn('echo?cookies=1'), { headers: bearer(ANON_KEY) });
    expect(res.headers.getSetCookie()).toEqual(['a=1; Path=/', 'b=2; Path=/']);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('passes the status a function answers with', async () => {
    const res = await fetch(fn('echo?status=418'), { headers: bearer(ANON_KEY) });
    expect(res.status).toBe(418);
  });

  it('gives functions SUPABASE_* and the variables of functions/.env', async () => {
    const res = await fetch(fn('echo'), { headers: bearer(SERVICE_ROLE_KEY) });
    const { env } = await res.json();
    expect(env.SUPABASE_URL).toBe(API_URL);
    expect(env.SUPABASE_ANON_KEY).toBe(ANON_KEY);
    expect(env.SUPABASE_SERVICE_ROLE_KEY).toBe(SERVICE_ROLE_KEY);
    expect(env.SUPABASE_DB_URL).toMatch(/^postgres(ql)?:\/\/postgres:/);
    expect(env.FIXTURE_SECRET).toBe('from-dotenv');
  });

  it('runs a function that imports supabase-js from npm and calls back into the stack', { timeout: 120_000 }, async () => {
    const res = await fetch(fn('with-npm'), { headers: bearer(ANON_KEY) });
    const body = await res.json();
    expect(res.status, JSON.stringify(body)).toBe(200);
    expect(body.codes).toEqual(expect.arrayContaining(['MY', 'SG']));
  });

  it('accepts a user access token signed with the project secret', async () => {
    const token = await signToken({ sub: '00000000-0000-4000-8000-000000000001' });
    const res = await fetch(fn('hello'), { headers: bearer(token) });
    expect(res.status).toBe(200);
    expect((await res.json()).user).toBe('00000000-0000-4000-8000-000000000001');
  });

  describe('verify_jwt', () => {
    it('refuses a call without an Authorization header', async () => {
      const res = await fetch(fn('hello'));
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ code: 'UNAUTHORIZED_NO_AUTH_HEADER', message: 'Missing authorization header' });
    });

    it('refuses a token signed with another secret', async () => {
      const forged = await signToken({ sub: 'x', role: 'service_role' }, { secret: 'not-the-project-secret-but-32-chars-long!!' });
      const res = await fetch(fn('hello'), { headers: bearer(forged) });
      expect(res.status).toBe(401);
      expect((await res.json()).message).toBe('Invalid JWT');
    });

    it('refuses an expired token', async () => {
      const expired = await signToken({ sub: 'x' }, { expiresIn: Math.floor(Date.now() / 1000) - 60 });
      const res = await fetch(fn('hello'), { headers: bearer(expired) });
      expect(res.status).toBe(401);
    });

    it('refuses an unsigned token (alg none)', async () => {
      const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
      const unsigned = `${part({ alg: 'none', typ: 'JWT' })}.${part({ role: 'service_role', exp: 9999999999 })}.`;
      const res = await fetch(fn('hello'), { headers: bearer(unsigned) });
      expect(res.status).toBe(401);
    });

    it('lets anyone call a function configured with verify_jwt = false', async () => {
      const res = await fetch(fn('open'));
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ open: true });
    });
  });

  describe('failures', () => {
    it('answers 404 for a function that does not exist', async () => {
      const res = await fetch(fn('no-such-function'), { headers: bearer(ANON_KEY) });
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ code: 'NOT_FOUND', message: 'Requested function was not found' });
    });

    it('does not serve shared code folders or path tricks as functions', async () => {
      for (const name of ['_shared', '..%2Fhello', '.env']) {
        const res = await fetch(fn(name), { headers: bearer(ANON_KEY) });
        expect(res.status, name).toBe(404);
      }
    });

    it('propagates a thrown error as a 500 and keeps the worker for the next call', async () => {
      const client = anonClient();
      const first = await client.functions.invoke('throws');
      const second = await client.functions.invoke('throws');
      // Which call throws depends on the worker's count, so one of two consecutive calls fails.
      const [failed, ok] = first.error ? [first, second] : [second, first];
      expect(failed.error).toBeInstanceOf(FunctionsHttpError);
      const response = (failed.error as FunctionsHttpError).context as Response;
      expect(response.status).toBe(500);
      expect(await response.json()).toMatchObject({ code: 'WORKER_ERROR' });
      expect(ok.error).toBeNull();
      expect(ok.data.calls).toBeGreaterThan(0);
    });

    it('answers 5xx when a worker dies mid-request, and the next call gets a fresh worker', async () => {
      const before = await (await fetch(fn('crash'), { headers: bearer(ANON_KEY) })).json();
      const dying = await fetch(fn('crash?die=1'), { headers: bearer(ANON_KEY) });
      expect(dying.status).toBeGreaterThanOrEqual(500);
      expect((await dying.json()).message).toBeTruthy();
      const after = await fetch(fn('crash'), { headers: bearer(ANON_KEY) });
      expect(after.status).toBe(200);
      expect((await after.json()).bootedAt).not.toBe(before.bootedAt);
    });

    it('answers 503 naming the error when a function fails to boot', async () => {
      const res = await fetch(fn('boot-fail'), { headers: bearer(ANON_KEY) });
      expect(res.status).toBe(503);
      const body = await res.json();
      expect(body.code).toBe('BOOT_ERROR');
      expect(body.message).toContain('fixture boot failure');
      // and keeps answering that way, without taking the gateway down
      expect((await fetch(fn('boot-fail'), { headers: bearer(ANON_KEY) })).status).toBe(503);
      expect((await fetch(fn('echo'), { headers: bearer(ANON_KEY) })).status).toBe(200);
    });
  });
});
