/**
 * The per-address rate limits of config.toml ([auth.rate_limit]), each tested from an address of its
 * own so that no other test is starved: over the limit is 429 over_request_rate_limit with a
 * Retry-After header, and other addresses are unaffected.
 */
import { describe, expect, it } from 'vitest';
import { uniqueEmail } from './support.ts';
import { API_VERSION, authFetch, randomIp } from './auth-support.ts';

/** Sends `count` requests from `ip` one after another, returning their statuses. */
async function burst(count: number, ip: string, path: string, body: unknown): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < count; i++) statuses.push((await authFetch(path, { body, ip })).status);
  return statuses;
}

async function expectLimited(ip: string, path: string, body: unknown) {
  const res = await authFetch(path, { body, ip, headers: API_VERSION });
  expect(res.status).toBe(429);
  const retryAfter = Number(res.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(300);
  expect(await res.json()).toEqual({ code: 'over_request_rate_limit', message: 'Request rate limit reached' });
}

describe('per-address rate limits', () => {
  it('sign_in_sign_ups: 30 requests per 5 minutes to /recover, /otp, /signup, /resend', async () => {
    const ip = randomIp();
    const statuses = await burst(30, ip, '/recover', { email: uniqueEmail('limit') });
    expect(statuses.every((s) => s === 200)).toBe(true);
    await expectLimited(ip, '/recover', { email: uniqueEmail('limit') });
    await expectLimited(ip, '/signup', { email: uniqueEmail('limit'), password: 'Sejahtera2020' });
    // Another address is not affected.
    expect((await authFetch('/recover', { body: { email: uniqueEmail('limit') }, ip: randomIp() })).status).toBe(200);
  });

  it('token_verifications: 30 requests per 5 minutes to /verify', async () => {
    const ip = randomIp();
    const body = { type: 'magiclink', token_hash: 'no-such-token-hash' };
    const statuses = await burst(30, ip, '/verify', body);
    expect(statuses.every((s) => s === 403)).toBe(true);
    await expectLimited(ip, '/verify', body);
  });

  it('token_refresh: 150 requests per 5 minutes to /token', async () => {
    const ip = randomIp();
    const body = { refresh_token: 'nosuchtoken1' };
    const statuses = await burst(150, ip, '/token?grant_type=refresh_token', body);
    expect(statuses.every((s) => s === 400)).toBe(true);
    await expectLimited(ip, '/token?grant_type=refresh_token', body);
    await expectLimited(ip, '/token?grant_type=password', { email: uniqueEmail(), password: 'x' });
  });
});
