/**
 * Push delivery: the dispatcher (supabase/functions/dispatch-notifications) through firebase-admin's real
 * messaging code against the local FCM stand-in, on committed rows of the test database (the dispatcher
 * is another connection, or another process, as in production). Batching, each retry rule, pruning,
 * at most once per device across a crash, the recipient's language, nothing personal in logs, the edge
 * function in Deno, and contact invitations.
 *
 * Each test's accounts and tokens carry their own tag; the test database is shared with other suites,
 * whose queued pushes the dispatcher also drains, so assertions look at the test's own tokens only.
 */
import { randomUUID } from 'node:crypto';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as app from 'firebase-admin/app';
import * as messagingModule from 'firebase-admin/messaging';
import { ANON_KEY, SERVICE_ROLE_KEY, databaseUrlFor, projectDir, startFcmStandIn, type FcmStandIn } from '@sejahtera/stack/testing';
import { backoffMs, dispatch, retryAfterMs, verdictOf, type FcmMessage, type MessagingModule } from '../functions/dispatch-notifications/dispatcher.ts';
import { fcmMessaging, parseServiceAccount } from '../functions/dispatch-notifications/fcm.ts';
import { dispatchOnce, runDispatcherProcess, serviceRoleDb } from './support/push.ts';

const TITLE = { ms: 'Status anda berubah', en: 'Your status changed' };
const BODY = { ms: 'Buka aplikasi untuk butiran', en: 'Open the app for details' };

let fcm: FcmStandIn;
let owner: pg.Client;
const db = serviceRoleDb();
const createdAccounts: string[] = [];

beforeAll(async () => {
  fcm = await startFcmStandIn();
  owner = new pg.Client({ connectionString: databaseUrlFor('postgres') });
  await owner.connect();
});

afterAll(async () => {
  // Accounts cascade to their devices, notifications, outbox rows and deliveries; their persons go first.
  if (createdAccounts.length) {
    await sql('delete from public.persons where account_id = any($1::uuid[])', [createdAccounts]);
    await sql('delete from auth.users where id = any($1::uuid[])', [createdAccounts]);
  }
  await owner.end();
  await db.end();
  await fcm.close();
});

interface Device {
  account: string;
  person: string;
  token: string;
}

/** `count` accounts, each with a person in `language` and one device, committed. */
async function devices(tag: string, count: number, language = 'ms'): Promise<Device[]> {
  const rows = await sql<Device>(
    `with u as (
       insert into auth.users (id, aud, role, email, created_at, updated_at)
       select gen_random_uuid(), 'authenticated', 'authenticated', 'push-' || gen_random_uuid() || '@example.test', now(), now()
       from generate_series(1, $1) returning id
     ),
     p as (insert into public.persons (account_id, full_name, preferred_language) select id, 'Push Test', $2::public.language from u returning id, account_id),
     t as (insert into public.device_tokens (account_id, token, platform) select account_id, $3 || '-' || replace(account_id::text, '-', ''), 'android' from p returning account_id, token)
     select t.account_id as account, p.id as person, t.token from t join p using (account_id) order by t.token`,
    [count, language, `push-${tag}-${randomUUID().slice(0, 8)}`],
  );
  createdAccounts.push(...rows.map((r) => r.account));
  return rows;
}

async function notify(list: Device[], title: Record<string, string> = TITLE, body: Record<string, string> = BODY) {
  await sql(
    `select private.notify(a.account, a.person, 'status_changed', $2, $3, '{"reason": "test"}') from unnest($1::uuid[], $4::uuid[]) as a(account, person)`,
    [list.map((d) => d.account), title, body, list.map((d) => d.person)],
  );
}

async function deliveries(list: Device[]) {
  return sql<{ token: string; status: string; attempts: number; last_error: string | null; due_ms: number }>(
    `select d.token, d.status, d.attempts, d.last_error, (extract(epoch from d.next_attempt_at) * 1000)::float8 as due_ms
     from private.push_deliveries d where d.token = any($1) order by d.token, d.id`,
    [list.map((d) => d.token)],
  );
}

/** The database's clock, in epoch milliseconds. */
async function dbClock() {
  return (await sql<{ ms: number }>(`select (extract(epoch from clock_timestamp()) * 1000)::float8 as ms`))[0].ms;
}

/**
 * Runs `round` and gives the database's clock just before and just after it. A delivery settled during the
 * round waited `delay` from some instant in between, so `delay >= min` shows as `due - before >= min` and
 * `delay <= max` as `due - after <= max`, however long the round took and in whatever order it settled.
 */
async function clocked<T>(round: () => Promise<T>) {
  const before = await dbClock();
  const result = await round();
  return { result, before, after: await dbClock() };
}

function expectDelay(due: number, round: { before: number; after: number }, min: number, max: number) {
  // A millisecond's slack for the float arithmetic on epoch milliseconds, no more.
  expect(due - round.before).toBeGreaterThanOrEqual(min - 1);
  expect(due - round.after).toBeLessThanOrEqual(max + 1);
}

/** The messages the stand-in received for these devices' tokens. */
function receivedFor(list: Device[]) {
  const tokens = new Set(list.map((d) => d.token));
  return fcm.received.filter((r) => r.message.token && tokens.has(r.message.token));
}

function perToken(messages: { message: { token?: string } }[]) {
  const counts = new Map<string, number>();
  for (const m of messages) counts.set(m.message.token!, (counts.get(m.message.token!) ?? 0) + 1);
  return counts;
}

/** Rows of `text` run as the owner (postgres: arranging and checking committed rows). */
async function sql<T extends pg.QueryResultRow = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
  return (await owner.query<T>(text, params)).rows;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** firebase-admin's Messaging for the stand-in, with each sendEach's size recorded. */
function recordingMessaging(sizes: number[]) {
  const real = fcmMessaging({ app, messaging: messagingModule as unknown as MessagingModule }, parseServiceAccount(JSON.stringify(fcm.serviceAccount))!,
    { apiUrl: fcm.url, name: `recording-${randomUUID()}` });
  return {
    sendEach(messages: FcmMessage[]) {
      sizes.push(messages.length);
      return real.sendEach(messages);
    },
    enableLegacyHttpTransport: () => real.enableLegacyHttpTransport(),
  };
}

describe('the dispatcher', () => {
  it('sends in batches of at most 500, one message per device, and settles the outbox', async () => {
    const list = await devices('batch', 1200);
    await notify(list);
    const sizes: number[] = [];
    await dispatch(db, recordingMessaging(sizes), { retryBaseMs: 200 });
    expect(Math.max(...sizes)).toBeLessThanOrEqual(500);
    // Other suites' pushes may ride along: at least the 1,200 in rounds of at most 500.
    expect(sizes.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(1200);
    expect(sizes.length).toBeGreaterThanOrEqual(3);
    const counts = perToken(receivedFor(list));
    expect(counts.size).toBe(1200);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(new Set((await deliveries(list)).map((d) => d.status))).toEqual(new Set(['sent']));
    const outbox = await sql<{ status: string; n: number }>(
      `select o.status, count(*)::int as n from private.notification_outbox o where o.account_id = any($1::uuid[]) group by o.status`,
      [list.map((d) => d.account)],
    );
    expect(outbox).toEqual([{ status: 'sent', n: 1200 }]);
  });

  it('sends each device the notification in its owner\'s language, Malay when there is no translation', async () => {
    const [english] = await devices('lang-en', 1, 'en');
    const [malay] = await devices('lang-ms', 1, 'ms');
    const [tamil] = await devices('lang-ta', 1, 'ta');
    await notify([english, malay, tamil]);
    await dispatchOnce(db, fcm);
    const byToken = new Map(receivedFor([english, malay, tamil]).map((r) => [r.message.token, r.message]));
    expect(byToken.get(english.token)?.notification).toEqual({ title: TITLE.en, body: BODY.en });
    expect(byToken.get(malay.token)?.notification).toEqual({ title: TITLE.ms, body: BODY.ms });
    expect(byToken.get(tamil.token)?.notification).toEqual({ title: TITLE.ms, body: BODY.ms });
    // The shape FCM v1 takes: data as strings, and a tag so a device shows one notification once.
    const message = byToken.get(english.token)!;
    expect(message.data).toMatchObject({ kind: 'status_changed', language: 'en', reason: 'test' });
    expect(message.android).toMatchObject({ priority: 'high', notification: { tag: message.data!.notification_id } });
    expect(message.apns).toMatchObject({ headers: { 'apns-collapse-id': message.data!.notification_id } });
  });

  it('waits as long as FCM\'s Retry-After says on 429, then delivers once', async () => {
    const [device] = await devices('quota', 1);
    fcm.answer(device.token, 'QUOTA_EXCEEDED', { times: 1, retryAfterSeconds: 3 });
    await notify([device]);
    const first = await clocked(() => dispatchOnce(db, fcm, { budgetMs: 1000 }));
    expect(first.result.pausedForMs).toBe(3000);
    const [waiting] = await deliveries([device]);
    expect(waiting).toMatchObject({ status: 'pending', attempts: 1 });
    expectDelay(waiting.due_ms, first, 3000, 3000);
    // Not due yet: another round sends nothing to it.
    await dispatchOnce(db, fcm);
    expect(receivedFor([device])).toHaveLength(1);
    await sql(`update private.push_deliveries set next_attempt_at = now() where token = $1`, [device.token]);
    await dispatchOnce(db, fcm);
    expect(receivedFor([device]).map((r) => r.status)).toEqual([429, 200]);
    expect((await deliveries([device]))[0].status).toBe('sent');
  });

  it('backs off exponentially with jitter on 500, and honours Retry-After on 503', async () => {
    const [internal] = await devices('internal', 1);
    const [unavailable] = await devices('unavailable', 1);
    fcm.answer(internal.token, 'INTERNAL', { times: 2 });
    // firebase-admin itself retries a 503 four times (honouring Retry-After); the fifth answer reaches us.
    fcm.answer(unavailable.token, 'UNAVAILABLE', { times: 5, retryAfterSeconds: 1 });
    await notify([internal, unavailable]);
    const base = 2000;
    // The two may settle in either order, one round apart, the 503 after firebase-admin's own retries.
    let round = await clocked(() => dispatchOnce(db, fcm, { retryBaseMs: base, budgetMs: 500 }));
    let [i, u] = [(await deliveries([internal]))[0], (await deliveries([unavailable]))[0]];
    expect(i).toMatchObject({ status: 'pending', attempts: 1 });
    expectDelay(i.due_ms, round, base * 0.5, base);
    expect(u).toMatchObject({ status: 'pending', attempts: 1 });
    expectDelay(u.due_ms, round, 1000, 1000);
    expect(receivedFor([unavailable])).toHaveLength(5);

    await sql(`update private.push_deliveries set next_attempt_at = now() where token = any($1)`, [[internal.token, unavailable.token]]);
    round = await clocked(() => dispatchOnce(db, fcm, { retryBaseMs: base, budgetMs: 500 }));
    [i, u] = [(await deliveries([internal]))[0], (await deliveries([unavailable]))[0]];
    // The second attempt waits between one and two bases.
    expect(i).toMatchObject({ status: 'pending', attempts: 2 });
    expectDelay(i.due_ms, round, base, 2 * base);
    expect(u.status).toBe('sent');

    await sql(`update private.push_deliveries set next_attempt_at = now() where token = $1`, [internal.token]);
    await dispatchOnce(db, fcm);
    expect((await deliveries([internal]))[0].status).toBe('sent');
    expect(receivedFor([internal]).map((r) => r.status)).toEqual([500, 500, 200]);
  });

  it('gives up at once on an invalid argument, and keeps the token', async () => {
    const [device] = await devices('invalid', 1);
    fcm.answer(device.token, 'INVALID_ARGUMENT');
    await notify([device]);
    await dispatchOnce(db, fcm);
    await sql(`update private.push_deliveries set next_attempt_at = now() where token = $1`, [device.token]);
    await dispatchOnce(db, fcm);
    expect(receivedFor([device])).toHaveLength(1);
    expect((await deliveries([device]))[0]).toMatchObject({ status: 'failed', last_error: 'messaging/invalid-argument' });
    const kept = await sql(`select 1 from public.device_tokens where token = $1`, [device.token]);
    expect(kept).toHaveLength(1);
  });

  it('prunes tokens FCM calls unregistered or another sender\'s, and sends them nothing more', async () => {
    const [gone] = await devices('unregistered', 1);
    const [foreign] = await devices('mismatch', 1);
    fcm.answer(gone.token, 'UNREGISTERED');
    fcm.answer(foreign.token, 'SENDER_ID_MISMATCH');
    await notify([gone, foreign]);
    await dispatchOnce(db, fcm);
    expect((await deliveries([gone, foreign])).map((d) => d.status)).toEqual(['unregistered', 'unregistered']);
    const left = await sql(`select token from public.device_tokens where token = any($1)`, [[gone.token, foreign.token]]);
    expect(left).toEqual([]);
    // The next notification finds no device: it waits in the inbox, and FCM hears nothing.
    await notify([gone]);
    await dispatchOnce(db, fcm);
    expect(receivedFor([gone])).toHaveLength(1);
    const [outbox] = await sql<{ status: string }>(
      `select o.status from private.notification_outbox o where o.account_id = $1 order by o.id desc limit 1`, [gone.account]);
    expect(outbox.status).toBe('cancelled');
  });
});

// The test stack has no FCM settings (unless a developer's supabase/functions/.env gives it some).
const stackHasFcm = Boolean(process.env.FCM_SERVICE_ACCOUNT) ||
  (existsSync(join(projectDir, 'supabase/functions/.env')) && /^\s*FCM_SERVICE_ACCOUNT\s*=/m.test(readFileSync(join(projectDir, 'supabase/functions/.env'), 'utf8')));

describe('without FCM settings', () => {
  it.skipIf(stackHasFcm)('the stack sends nothing: deliveries wait in the database', async () => {
    const [device] = await devices('unconfigured', 1);
    await notify([device]);
    // Longer than the stack's dispatch interval (5 s), and it was told at once (NOTIFY).
    await sleep(6000);
    expect(await deliveries([device])).toEqual([]);
    const [outbox] = await sql<{ status: string }>(`select status from private.notification_outbox where account_id = $1`, [device.account]);
    expect(outbox.status).toBe('pending');
    await dispatchOnce(db, fcm);
    expect(receivedFor([device])).toHaveLength(1);
  }, 20_000);
});

describe('the retry rules', () => {
  it('backs off between half and all of base x 2^(attempt - 1), at most 6 hours', () => {
    expect([1, 2, 3, 4].map((a) => backoffMs(a, 1000, () => 0))).toEqual([500, 1000, 2000, 4000]);
    expect([1, 2, 3, 4].map((a) => backoffMs(a, 1000, () => 1))).toEqual([1000, 2000, 4000, 8000]);
    expect(backoffMs(40, 1000, () => 1)).toBe(6 * 3600 * 1000);
  });

  it('reads Retry-After as seconds or as a date', () => {
    expect(retryAfterMs('7')).toBe(7000);
    expect(retryAfterMs(new Date(Date.UTC(2030, 0, 1, 0, 0, 30)).toUTCString(), Date.UTC(2030, 0, 1))).toBe(30_000);
    expect(retryAfterMs(undefined)).toBeUndefined();
  });

  it('retries 429 and 5xx and what never left; gives up on other answers; prunes unregistered; never re-sends what may have arrived', () => {
    const answer = (status: number | undefined, code: string, headers: Record<string, string> = {}, message = '') =>
      verdictOf({ success: false, error: { code, message, httpResponse: status ? { status, headers } : undefined } });
    expect(answer(429, 'messaging/message-rate-exceeded', { 'retry-after': '3' })).toEqual({ outcome: 'retry', error: 'messaging/message-rate-exceeded', retryAfterMs: 3000 });
    expect(answer(503, 'messaging/server-unavailable').outcome).toBe('retry');
    expect(answer(500, 'messaging/internal-error').outcome).toBe('retry');
    expect(answer(400, 'messaging/invalid-argument').outcome).toBe('failed');
    expect(answer(401, 'messaging/third-party-auth-error').outcome).toBe('failed');
    expect(answer(404, 'messaging/registration-token-not-registered').outcome).toBe('unregistered');
    expect(answer(403, 'messaging/mismatched-credential').outcome).toBe('unregistered');
    expect(answer(undefined, 'app/network-error', {}, 'connect ECONNREFUSED 127.0.0.1:1').outcome).toBe('retry');
    expect(answer(undefined, 'app/network-timeout', {}, 'socket hang up').outcome).toBe('unconfirmed');
    // firebase-admin refused to send it at all: nothing left, and it would be refused again.
    expect(answer(undefined, 'messaging/invalid-argument').outcome).toBe('failed');
  });
});

describe('at most once per device', () => {
  it('never re-sends what a dispatcher that died mid-batch had handed to FCM, and delivers the rest', async () => {
    const list = await devices('crash', 300);
    await notify(list);
    // FCM takes 100 messages, then stalls; the dispatcher (its own process) is killed while it waits.
    const stalled = fcm.holdAfter(100);
    const child = runDispatcherProcess(fcm, { batchSize: 150, leaseSeconds: 2, retryBaseMs: 200, concurrency: 1 });
    let logs = '';
    child.stderr!.on('data', (chunk) => (logs += chunk));
    await stalled;
    await sleep(300);
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    fcm.release();

    const afterCrash = await deliveries(list);
    const inFlight = afterCrash.filter((d) => d.status === 'sending').map((d) => d.token);
    expect(inFlight.length).toBe(150);
    expect(afterCrash.filter((d) => d.status === 'sent')).toHaveLength(0);

    // A new dispatcher, once the dead one's lease lapsed.
    await sleep(2100);
    await dispatchOnce(db, fcm, { leaseSeconds: 2 });
    const settled = await deliveries(list);
    expect(settled.filter((d) => d.status === 'unconfirmed').map((d) => d.token).sort()).toEqual([...inFlight].sort());
    expect(settled.filter((d) => d.status === 'sent')).toHaveLength(150);

    const counts = perToken(receivedFor(list));
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    // Every device got it, except those whose message was still in flight when the dispatcher died.
    const never = list.filter((d) => !counts.has(d.token)).map((d) => d.token);
    expect(never.every((t) => inFlight.includes(t))).toBe(true);
    expect(counts.size + never.length).toBe(300);
    expect(logs).not.toMatch(/push-crash-/);
  });

  it('delivers what a dispatcher claimed but died before sending, once its lease lapses; the dead lease can no longer start it', async () => {
    const list = await devices('claimed', 3);
    await notify(list);
    // Claim as a dispatcher would, then "die" before start_push: nothing went to FCM.
    const claimed = await db.query<{ lease: string; delivery_id: string; token: string }>(
      `select * from private.claim_push(500, interval '1 second')`);
    const ours = claimed.filter((c) => list.some((d) => d.token === c.token));
    expect(ours).toHaveLength(3);
    await sleep(1100);
    await dispatchOnce(db, fcm);
    expect([...perToken(receivedFor(list)).values()]).toEqual([1, 1, 1]);
    const late = await db.query<{ started: string[] }>(`select private.start_push($1, $2::bigint[]) as started`,
      [ours[0].lease, ours.map((c) => c.delivery_id)]);
    expect(late[0].started).toEqual([]);
  });

  it('refuses bad reports, naming what is wrong, and changes nothing', async () => {
    const [device] = await devices('reports', 1);
    await notify([device]);
    const claimed = (await db.query<{ lease: string; delivery_id: string; token: string }>(`select * from private.claim_push(500)`))
      .filter((c) => c.token === device.token);
    await db.query(`select private.start_push($1, $2::bigint[])`, [claimed[0].lease, [claimed[0].delivery_id]]);
    await expect(db.query(`select private.finish_push($1, $2::bigint[], array['maybe'])`, [claimed[0].lease, [claimed[0].delivery_id]]))
      .rejects.toThrow(/outcomes: each must be sent, retry, failed, unregistered or unconfirmed/);
    await expect(db.query(`select private.finish_push($1, $2::bigint[], array['sent', 'sent'])`, [claimed[0].lease, [claimed[0].delivery_id]]))
      .rejects.toThrow(/outcomes: one outcome/);
    await expect(db.query(`select * from private.claim_push(501)`)).rejects.toThrow(/batch: claim between 1 and 500/);
    expect((await deliveries([device]))[0].status).toBe('sending');
    // Another lease's report is ignored.
    await db.query(`select private.finish_push($1, $2::bigint[], array['retry'])`, [randomUUID(), [claimed[0].delivery_id]]);
    expect((await deliveries([device]))[0].status).toBe('sending');
    await db.query(`select private.finish_push($1, $2::bigint[], array['sent'])`, [claimed[0].lease, [claimed[0].delivery_id]]);
    expect((await deliveries([device]))[0].status).toBe('sent');
  });
});

describe('the edge function in Deno', () => {
  it('is for the service role only, sends through firebase-admin in Deno, and logs no token or text', async () => {
    const { denoBinary } = await import('../../packages/stack/src/functions.ts');
    const list = await devices('deno', 20, 'en');
    await notify(list);
    const port = await freePort();
    const child = spawn(denoBinary(), ['run', '--allow-all', '--no-prompt', '--no-config', join(projectDir, 'packages/stack/deno/worker.ts'),
      join(projectDir, 'supabase/functions/dispatch-notifications/index.ts'), String(port)], {
      env: {
        PATH: process.env.PATH, HOME: process.env.HOME, DENO_NO_PACKAGE_JSON: '1', DENO_TLS_CA_STORE: 'mozilla,system', NO_COLOR: '1',
        ...(process.env.DENO_DIR ? { DENO_DIR: process.env.DENO_DIR } : {}),
        SUPABASE_DB_URL: databaseUrlFor('postgres'), FCM_SERVICE_ACCOUNT: JSON.stringify(fcm.serviceAccount), FCM_API_URL: fcm.url,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout!.on('data', (chunk) => {
          output += chunk;
          if (output.includes('__sejahtera_worker_listening__')) resolve();
        });
        child.stderr!.on('data', (chunk) => (output += chunk));
        child.once('exit', (code) => reject(new Error(`the function exited (${code}): ${output}`)));
      });
      const call = (key: string, body = '{}') =>
        fetch(`http://127.0.0.1:${port}/`, { method: 'POST', headers: { authorization: `Bearer ${key}` }, body });
      expect((await call(ANON_KEY)).status).toBe(403);
      const bad = await call(SERVICE_ROLE_KEY, '{"batchSize": 501}');
      expect(bad.status).toBe(400);
      expect(await bad.json()).toEqual({ error: 'batchSize: a whole number between 1 and 500' });
      const res = await call(SERVICE_ROLE_KEY);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ configured: true });
      expect([...perToken(receivedFor(list)).values()]).toEqual(Array(20).fill(1));
      expect(receivedFor(list)[0].message.notification).toEqual({ title: TITLE.en, body: BODY.en });
    } finally {
      child.kill();
    }
    expect(output).toMatch(/push round \d+/);
    expect(output).not.toMatch(/push-deno-/);
    expect(output).not.toContain(TITLE.en);
    expect(output).not.toContain(fcm.serviceAccount.private_key.split('\n')[1]);
  }, 120_000);
});

describe('what creates notifications', () => {
  it('an announcement reaches every device of its audience', async () => {
    const list = await devices('announce', 5, 'en');
    const district = (await sql<{ code: string }>(`select code from public.districts order by code desc limit 1`))[0].code;
    await sql(`update public.persons set district_code = $1 where id = any($2::uuid[])`, [district, list.map((d) => d.person)]);
    const [{ id }] = await sql<{ id: string }>(
      `insert into public.announcements (title, body, target_kind, target_district, published_at) values ($1, $2, 'district', $3, now()) returning id`,
      [TITLE, BODY, district]);
    await dispatchOnce(db, fcm);
    const received = receivedFor(list);
    expect(received).toHaveLength(5);
    expect(received.every((r) => r.message.data?.announcement_id === id && r.message.data?.kind === 'announcement')).toBe(true);
    await sql(`delete from public.announcements where id = $1`, [id]);
  });

  it('a lab result and the status change it causes reach the person\'s device, and every notification has its push queued', async () => {
    const [device] = await devices('lab', 1, 'en');
    await sql(`insert into public.lab_results (person_id, test_type, result, sampled_on) values ($1, 'pcr', 'positive', private.today())`, [device.person]);
    await dispatchOnce(db, fcm);
    const kinds = receivedFor([device]).map((r) => r.message.data?.kind).sort();
    expect(kinds).toEqual(['lab_result', 'status_changed']);
    expect(receivedFor([device]).find((r) => r.message.data?.kind === 'lab_result')?.message.notification?.body).toBe('PCR test result: positive');
    // Whatever wrote them (classification, lab results, feedback, announcements, reminders), through private.notify.
    const [{ unqueued }] = await sql<{ unqueued: number }>(
      `select count(*)::int as unqueued from public.notifications n where not exists (select 1 from private.notification_outbox o where o.notification_id = n.id)`);
    expect(unqueued).toBe(0);
    await sql(`delete from public.cases where person_id = $1`, [device.person]);
  });

  it('a contact with a phone and no account is invited once by SMS, however often they are entered; one with an account is not', async () => {
    const phone = `+6012${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
    const [index] = await sql<{ id: string }>(`insert into public.persons (full_name) values ('Kes Indeks') returning id`);
    const [other] = await sql<{ id: string }>(`insert into public.persons (full_name) values ('Kes Kedua') returning id`);
    // Two cases (a person has at most one active case), each naming the same contact.
    const cases = await sql<{ id: string }>(
      `insert into public.cases (person_id, case_number, diagnosis_date)
       select p, 'PUSH-' || upper(substr(md5(random()::text), 1, 8)), current_date from unnest($1::uuid[]) p returning id`, [[index.id, other.id]]);
    const [pending] = await sql<{ id: string }>(`insert into public.persons (full_name, phone, preferred_language) values ('Kontak Ujian', $1, 'en') returning id`, [phone]);
    const [registered] = await devices('invite-registered', 1);
    await sql(`update public.persons set phone = $1 where id = $2`, [`+6013${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`, registered.person]);
    try {
      await sql(`insert into public.contacts (case_id, person_id, last_exposure_date) values ($1, $2, current_date), ($1, $3, current_date)`,
        [cases[0].id, pending.id, registered.person]);
      await sql(`insert into public.contacts (case_id, person_id, last_exposure_date) values ($1, $2, current_date)`, [cases[1].id, pending.id]);
      const invitations = await sql<{ person_id: string; phone: string; language: string }>(
        `select person_id, phone, language from private.contact_invitations where person_id = any($1::uuid[])`, [[pending.id, registered.person]]);
      expect(invitations).toEqual([{ person_id: pending.id, phone, language: 'en' }]);

      // The stack sends it to its SMS inbox, as Auth's SMS provider delivers codes in development.
      const { INBOX_URL } = await import('@sejahtera/stack/testing');
      let messages: { text: string; kind: string }[] = [];
      for (let i = 0; i < 40 && messages.length === 0; i++) {
        await sleep(250);
        messages = await (await fetch(`${INBOX_URL}/api/messages?to=${encodeURIComponent(phone)}&kind=invitation`)).json();
      }
      expect(messages).toHaveLength(1);
      expect(messages[0].text).toMatch(/close contact of a COVID-19 case\. Register with this phone number at .*\/register/);
      const [state] = await sql<{ status: string }>(`select status from private.contact_invitations where person_id = $1`, [pending.id]);
      expect(state.status).toBe('sent');
    } finally {
      await sql(`delete from public.cases where id = any($1::uuid[])`, [cases.map((c) => c.id)]);
      await sql(`delete from public.persons where id = any($1::uuid[])`, [[index.id, other.id, pending.id]]);
    }
  });

  it('claims invitations only for who is still unregistered (one who registered meanwhile is cancelled), and refuses a link that is not http(s)', async () => {
    // In one transaction, rolled back: the stack's own sender cannot see (and race for) these invitations.
    const client = new pg.Client({ connectionString: databaseUrlFor('postgres') });
    await client.connect();
    try {
      await client.query('begin');
      const phone = (n: number) => `+6017${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}${n}`;
      const { rows: [kase] } = await client.query<{ id: string }>(
        `with p as (insert into public.persons (full_name) values ('Kes Tuntutan') returning id)
         insert into public.cases (person_id, case_number, diagnosis_date) select id, 'CLAIM-' || upper(substr(md5(random()::text), 1, 8)), current_date from p returning id`);
      const { rows: contacts } = await client.query<{ id: string }>(
        `insert into public.persons (full_name, phone) values ('Kontak Menunggu', $1), ('Kontak Berdaftar', $2) returning id`, [phone(1), phone(2)]);
      await client.query(`insert into public.contacts (case_id, person_id, last_exposure_date) select $1, p, current_date from unnest($2::uuid[]) p`,
        [kase.id, contacts.map((c) => c.id)]);
      // The second registers before anything is sent.
      const { rows: [account] } = await client.query<{ id: string }>(
        `insert into auth.users (id, aud, role, created_at, updated_at) values (gen_random_uuid(), 'authenticated', 'authenticated', now(), now()) returning id`);
      await client.query(`update public.persons set account_id = $1 where id = $2`, [account.id, contacts[1].id]);

      await client.query('savepoint bad_url');
      await expect(client.query(`select * from private.claim_invitations(100, 'ftp://example.test/register')`))
        .rejects.toThrow(/register_url: the http\(s\) address of the registration page/);
      await client.query('rollback to savepoint bad_url');

      const { rows: claimed } = await client.query<{ person_id: string; message: string }>(
        `select person_id, message from private.claim_invitations(100, 'https://sejahtera.example/register') where person_id = any($1::uuid[])`,
        [contacts.map((c) => c.id)]);
      expect(claimed.map((c) => c.person_id)).toEqual([contacts[0].id]);
      expect(claimed[0].message).toContain('https://sejahtera.example/register');
      const { rows: states } = await client.query<{ person_id: string; status: string }>(
        `select person_id, status from private.contact_invitations where person_id = any($1::uuid[]) order by status`, [contacts.map((c) => c.id)]);
      expect(states).toEqual([{ person_id: contacts[1].id, status: 'cancelled' }, { person_id: contacts[0].id, status: 'sending' }]);
    } finally {
      await client.query('rollback').catch(() => {});
      await client.end();
    }
  });
});
