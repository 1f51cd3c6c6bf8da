/**
 * The client itself: created from a URL and key or around an existing supabase-js client (@supabase/ssr),
 * retries of safe requests (backoff, Retry-After), writes sent once, idempotent submissions, aborts.
 * Faults are injected at the one boundary a test cannot make the stack produce on demand: the network
 * (a dropped connection, a lost response, a 503 or 429 from a proxy); every other request reaches the stack.
 */
import { createServerClient } from '@supabase/ssr';
import { describe, expect, it } from 'vitest';
import { AbortError, NetworkError, RateLimitError, createSejahtera, isSejahteraError } from '../src/index.ts';
import type { Database, RetryOptions } from '../src/index.ts';
import { ANON_KEY, API_URL, PASSWORD, answers, emailUser, randomIp, sdk, signedIn } from './support.ts';

type Fault = 'drop' | 'lose-response' | 'hang' | { status: number; retryAfter?: string };

/** A fetch that applies `faults`, one per request to a URL with `only` in it (REST by default), in order; then lets requests through. */
function faultyFetch(faults: Fault[], only = '/rest/v1/') {
  const calls: string[] = [];
  const faulty: typeof fetch = async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    if (!url.includes(only)) return fetch(input, init);
    calls.push(`${init?.method ?? 'GET'} ${new URL(url).pathname}`);
    const fault = faults.shift();
    if (fault === 'drop') throw new TypeError('fetch failed');
    if (fault === 'lose-response') {
      await fetch(input, init);
      throw new TypeError('fetch failed');
    }
    if (fault === 'hang') {
      return new Promise<Response>((_, reject) =>
        init?.signal?.addEventListener('abort', () => reject(new DOMException('This operation was aborted', 'AbortError'))),
      );
    }
    if (fault) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (fault.retryAfter) headers['retry-after'] = fault.retryAfter;
      return new Response(JSON.stringify({ message: 'busy', code: '' }), { status: fault.status, headers });
    }
    return fetch(input, init);
  };
  return { fetch: faulty, calls };
}

async function signedInWith(faults: Fault[], retry?: RetryOptions | false, only?: string) {
  const { email } = await emailUser();
  const network = faultyFetch(faults, only);
  const client = sdk({ fetch: network.fetch, retry: retry ?? { baseDelayMs: 10 } });
  await client.auth.signInWithPassword({ email, password: PASSWORD });
  return { client, network };
}

describe('retries', () => {
  it('a read is retried after a dropped connection and a 503', async () => {
    const { client, network } = await signedInWith(['drop', { status: 503 }]);
    expect(await client.profile.get()).toBeNull();
    expect(network.calls).toEqual(['GET /rest/v1/persons', 'GET /rest/v1/persons', 'GET /rest/v1/persons']);
  });

  it('the wait honours Retry-After (429 and 503)', async () => {
    const { client, network } = await signedInWith([{ status: 429, retryAfter: '1' }, { status: 503, retryAfter: '0' }], { baseDelayMs: 5000, maxDelayMs: 5000 });
    const started = Date.now();
    expect(await client.profile.get()).toBeNull();
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(Date.now() - started).toBeLessThan(4000);
    expect(network.calls).toHaveLength(3);
  });

  it('a Retry-After longer than allowed is not waited for: RateLimitError says how long', async () => {
    const { client } = await signedInWith([{ status: 429, retryAfter: '120' }]);
    const started = Date.now();
    const error = await client.profile.get().catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBe(120_000);
  });

  it('gives up after maxRetries with NetworkError; retry: false sends once', async () => {
    const { client, network } = await signedInWith(['drop', 'drop', 'drop', 'drop'], { maxRetries: 2, baseDelayMs: 1 });
    await expect(client.profile.get()).rejects.toBeInstanceOf(NetworkError);
    expect(network.calls).toHaveLength(3);

    const once = await signedInWith(['drop'], false);
    await expect(once.client.profile.get()).rejects.toBeInstanceOf(NetworkError);
    expect(once.network.calls).toHaveLength(1);
  });

  it('a write is never retried: a lost response is NetworkError, and the write happened once', async () => {
    const { client, network } = await signedInWith(['lose-response']);
    const error = await client.profile.register({ full_name: 'Lost Response' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect(network.calls).toEqual(['POST /rest/v1/rpc/register_profile']);
    expect((await client.profile.get())?.full_name).toBe('Lost Response');
  });

  it('a submission is retried with its idempotency key: a lost response stores it once', async () => {
    const { client, network } = await signedInWith(['lose-response', 'drop'], { baseDelayMs: 10 }, '/rpc/submit_assessment');
    await client.profile.register({ full_name: 'Idempotent Person' });
    const assessment = await client.assessments.submit({ answers: await answers(client) });
    expect(network.calls).toEqual(Array(3).fill('POST /rest/v1/rpc/submit_assessment'));
    expect((await client.assessments.list()).map((a) => a.id)).toEqual([assessment.id]);
  });
});

describe('aborts', () => {
  it('an aborted signal rejects with AbortError, before, during and between attempts', async () => {
    const { client, network } = await signedInWith(['hang', 'drop']);
    const already = AbortSignal.abort();
    await expect(client.profile.get({ signal: already })).rejects.toBeInstanceOf(AbortError);
    expect(network.calls).toEqual([]);

    const inFlight = new AbortController();
    setTimeout(() => inFlight.abort(), 50);
    const error = await client.profile.get({ signal: inFlight.signal }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect(error).toMatchObject({ name: 'AbortError', code: 'aborted' });

    const slow = await signedInWith(['drop'], { baseDelayMs: 60_000, maxDelayMs: 60_000 });
    const backoff = new AbortController();
    const started = Date.now();
    setTimeout(() => backoff.abort(), 50);
    // Full jitter may pick a short wait; what matters is that an abort never waits out the backoff.
    await slow.client.profile.get({ signal: backoff.signal }).catch((e: unknown) => expect(e).toBeInstanceOf(AbortError));
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

describe('createSejahtera', () => {
  it('wraps the per-request client of @supabase/ssr, whose cookies carry the session', async () => {
    const { email } = await emailUser();
    const jar = new Map<string, string>();
    const serverClient = () =>
      createServerClient<Database>(API_URL, ANON_KEY, {
        cookies: {
          getAll: () => [...jar].map(([name, value]) => ({ name, value })),
          setAll: (cookies) => cookies.forEach(({ name, value }) => (value ? jar.set(name, value) : jar.delete(name))),
        },
        global: { headers: { 'x-forwarded-for': randomIp() } },
      });
    // One request signs in (setting cookies); the next request's client reads them.
    await createSejahtera({ client: serverClient() }).auth.signInWithPassword({ email, password: PASSWORD });
    expect(jar.size).toBeGreaterThan(0);
    const next = createSejahtera({ client: serverClient() });
    expect((await next.auth.user()).email).toBe(email);
    const person = await next.profile.register({ full_name: 'Server Side' });
    expect((await createSejahtera({ client: serverClient() }).profile.get())?.id).toBe(person.id);
  });

  it('needs a url and an anon key', () => {
    expect(() => createSejahtera({ url: '', anonKey: ANON_KEY })).toThrow(/url is required/);
    expect(() => createSejahtera({ url: API_URL, anonKey: '' })).toThrow(/anonKey is required/);
  });

  it('every error thrown by a namespace is a SejahteraError', async () => {
    const { client } = await signedIn();
    const errors = await Promise.all([
      client.dependents.get('00000000-0000-4000-8000-000000000000').catch((e: unknown) => e),
      client.profile.update({ full_name: 'No Profile' }).catch((e: unknown) => e),
      client.status.current().catch((e: unknown) => e),
    ]);
    for (const error of errors) expect(isSejahteraError(error)).toBe(true);
  });
});
