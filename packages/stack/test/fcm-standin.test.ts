/**
 * The FCM stand-in answers as FCM's HTTP v1 API and Google's token endpoint do: a service-account JWT
 * bearer grant checked against the key, the bearer token and project checked on every send, the
 * message's shape checked, scripted errors in FCM's own body, and 429 with Retry-After beyond its rate.
 */
import { createSign } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFcmStandIn, type FcmStandIn } from '../src/testing.ts';

let fcm: FcmStandIn;

beforeAll(async () => {
  fcm = await startFcmStandIn({ projectId: 'standin-test' });
});

afterAll(() => fcm.close());

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

function assertion(claims: Record<string, unknown> = {}, key = fcm.serviceAccount.private_key): string {
  const now = Math.floor(Date.now() / 1000);
  const body = `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64({
    iss: fcm.serviceAccount.client_email, aud: 'https://oauth2.googleapis.com/token',
    scope: 'https://www.googleapis.com/auth/firebase.messaging', iat: now, exp: now + 3600, ...claims,
  })}`;
  return `${body}.${createSign('RSA-SHA256').update(body).sign(key).toString('base64url')}`;
}

async function grant(jwt: string) {
  const res = await fetch(`${fcm.url}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: jwt }),
  });
  return { status: res.status, body: await res.json() };
}

async function send(token: string | undefined, message: unknown, project = 'standin-test') {
  const res = await fetch(`${fcm.url}/v1/projects/${project}/messages:send`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ message }),
  });
  return { status: res.status, headers: res.headers, body: await res.json() };
}

describe('the FCM stand-in', () => {
  it('grants an access token for the service account\'s signed JWT only', async () => {
    const ok = await grant(assertion());
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ token_type: 'Bearer', expires_in: 3599 });
    expect((await grant(assertion({ scope: 'https://www.googleapis.com/auth/cloud-platform' }))).body.error).toBe('invalid_grant');
    expect((await grant(assertion({ iss: 'someone@else.iam.gserviceaccount.com' }))).body.error).toBe('invalid_grant');
    const { privateKey } = await import('node:crypto').then((c) => c.generateKeyPairSync('rsa', { modulusLength: 2048 }));
    const forged = await grant(assertion({}, privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()));
    expect(forged).toEqual({ status: 400, body: { error: 'invalid_grant', error_description: 'Invalid JWT Signature.' } });
  });

  it('takes a well-formed message with a valid bearer token, and records it', async () => {
    const { body: { access_token } } = await grant(assertion());
    const message = {
      token: 'device-token-accepted-1', notification: { title: 'T', body: 'B' }, data: { kind: 'reminder' },
      android: { priority: 'high', ttl: '3600s', notification: { tag: 'x', color: '#00aa00' } },
      apns: { headers: { 'apns-collapse-id': 'x' }, payload: { aps: { sound: 'default' } } },
      webpush: { headers: { Urgency: 'high' }, notification: { tag: 'x' }, fcm_options: { link: 'https://example.test/' } },
    };
    const ok = await send(access_token, message);
    expect(ok.status).toBe(200);
    expect(ok.body.name).toMatch(/^projects\/standin-test\/messages\/.+/);
    expect(fcm.received.at(-1)).toMatchObject({ status: 200, message });
    expect((await send(undefined, message)).body.error.status).toBe('UNAUTHENTICATED');
    expect((await send('ya29.not-issued', message)).status).toBe(401);
    expect((await send(access_token, message, 'another-project')).body.error.status).toBe('PERMISSION_DENIED');
  });

  it('refuses what FCM refuses, with INVALID_ARGUMENT and why', async () => {
    const { body: { access_token } } = await grant(assertion());
    const bad = async (message: unknown) => {
      const res = await send(access_token, message);
      expect(res.status).toBe(400);
      expect(res.body.error.details[0]).toEqual({ '@type': 'type.googleapis.com/google.firebase.fcm.v1.FcmError', errorCode: 'INVALID_ARGUMENT' });
      return res.body.error.message as string;
    };
    expect(await bad({ notification: { title: 'no target' } })).toMatch(/Exactly one of token, topic or condition/);
    expect(await bad({ token: 'device-token-1234', topic: 'news' })).toMatch(/Exactly one of token, topic or condition/);
    expect(await bad({ token: 'device-token-1234', data: { count: 3 } })).toMatch(/message\.data\[count\]/);
    expect(await bad({ token: 'device-token-1234', data: { 'google.x': 'y' } })).toMatch(/Invalid data payload key: google\.x/);
    expect(await bad({ token: 'device-token-1234', notification: { subtitle: 'x' } })).toMatch(/Unknown name "subtitle"/);
    expect(await bad({ token: 'device-token-1234', android: { priority: 'urgent' } })).toMatch(/android\.priority/);
    expect(await bad({ token: 'device-token-1234', android: { ttl: '1 hour' } })).toMatch(/android\.ttl/);
    expect(await bad({ token: 'device-token-1234', apns: { payload: { alert: 'x' } } })).toMatch(/aps dictionary/);
    expect(await bad({ token: 'device-token-1234', webpush: { fcm_options: { link: 'http://plain.test/' } } })).toMatch(/HTTPS/);
  });

  it('answers scripted FCM errors per token, as many times as told, with Retry-After', async () => {
    const { body: { access_token } } = await grant(assertion());
    fcm.answer('device-token-gone-1', 'UNREGISTERED');
    fcm.answer('device-token-busy-1', 'QUOTA_EXCEEDED', { times: 1, retryAfterSeconds: 7 });
    const gone = await send(access_token, { token: 'device-token-gone-1' });
    expect(gone.status).toBe(404);
    expect(gone.body.error).toMatchObject({ status: 'NOT_FOUND', details: [{ errorCode: 'UNREGISTERED' }] });
    expect((await send(access_token, { token: 'device-token-gone-1' })).status).toBe(404);
    const busy = await send(access_token, { token: 'device-token-busy-1' });
    expect(busy.status).toBe(429);
    expect(busy.headers.get('retry-after')).toBe('7');
    expect((await send(access_token, { token: 'device-token-busy-1' })).status).toBe(200);
  });

  it('answers 429 QUOTA_EXCEEDED with Retry-After beyond its maximum rate', async () => {
    const { body: { access_token } } = await grant(assertion());
    fcm.setMaxPerSecond(5);
    // Twenty at once: a second's worth (5) goes through, the rest find the bucket empty.
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => send(access_token, { token: `device-token-rate-${i}` })));
    fcm.setMaxPerSecond(Infinity);
    expect(answers.filter((a) => a.status === 200).length).toBeGreaterThanOrEqual(5);
    const refused = answers.filter((a) => a.status === 429);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((a) => Number(a.headers.get('retry-after')) >= 1 && a.body.error.details[0].errorCode === 'QUOTA_EXCEEDED')).toBe(true);
    expect(fcm.received.filter((r) => r.errorCode === 'QUOTA_EXCEEDED' && r.message.token?.startsWith('device-token-rate-')).length).toBeGreaterThan(0);
  });
});
