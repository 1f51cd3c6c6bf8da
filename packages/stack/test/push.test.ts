/**
 * The stack runs the push dispatcher by itself when FCM is configured: on an instance of its own whose
 * environment names the FCM stand-in's service account, a queued notification reaches the stand-in
 * without anyone calling the function, through the dispatch-notifications edge function in Deno. With
 * Twilio configured too, the function sends contact invitations through Twilio's Messages API (a local
 * stand-in here, checking what Twilio would receive) instead of the stack's inbox.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { denoBinary } from '../src/functions.ts';
import { runStackCli, startFcmStandIn, type FcmStandIn } from '../src/testing.ts';
import { ports, projectDir } from './env.ts';

mkdirSync(join(projectDir, '.sejahtera'), { recursive: true });
const dataDir = mkdtempSync(join(projectDir, '.sejahtera', 'push-'));
// Beside the test stack's ports, so that side-by-side test runs (SEJAHTERA_TEST_PORT) do not collide.
const api = ports.api + 40;
let fcm: FcmStandIn;
let env: NodeJS.ProcessEnv;
const twilio = { server: undefined as Server | undefined, url: '', received: [] as { path: string; auth: string; form: URLSearchParams }[] };
const TWILIO_TOKEN = 'twilio-test-auth-token';

beforeAll(async () => {
  // On a clean machine Deno first downloads firebase-admin from npm: before the stack, not within its boot timeout.
  await promisify(execFile)(denoBinary(), ['cache', '--no-config', join(projectDir, 'supabase/functions/dispatch-notifications/index.ts')], {
    env: { ...process.env, DENO_NO_PACKAGE_JSON: '1', DENO_TLS_CA_STORE: process.env.DENO_TLS_CA_STORE ?? 'mozilla,system' },
  });
  fcm = await startFcmStandIn();
  // Twilio's Messages API: 201 with the message's sid, or 400 with Twilio's code for an invalid number.
  twilio.server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const form = new URLSearchParams(body);
      twilio.received.push({ path: req.url ?? '', auth: req.headers.authorization ?? '', form });
      const invalid = form.get('To')?.endsWith('0000');
      res.writeHead(invalid ? 400 : 201, { 'content-type': 'application/json' });
      res.end(JSON.stringify(invalid ? { code: 21211, message: 'Invalid To Phone Number', status: 400 } : { sid: 'SM' + Date.now(), status: 'accepted' }));
    });
  });
  await new Promise<void>((resolve) => twilio.server!.listen(0, '127.0.0.1', () => resolve()));
  twilio.url = `http://127.0.0.1:${(twilio.server.address() as AddressInfo).port}`;
  env = {
    ...process.env,
    SEJAHTERA_PROJECT_DIR: projectDir,
    SEJAHTERA_DATA_DIR: dataDir,
    SEJAHTERA_API_PORT: String(api),
    SEJAHTERA_DB_PORT: String(api + 1),
    SEJAHTERA_INBOX_PORT: String(api + 3),
    SEJAHTERA_SCHEDULER_JOBS: 'none',
    FCM_SERVICE_ACCOUNT: JSON.stringify(fcm.serviceAccount),
    FCM_API_URL: fcm.url,
    TWILIO_ACCOUNT_SID: 'ACstacktest',
    TWILIO_AUTH_TOKEN: TWILIO_TOKEN,
    TWILIO_MESSAGE_SERVICE_SID: 'MGstacktest',
    TWILIO_API_URL: twilio.url,
    SITE_URL: 'https://sejahtera.example',
  };
  delete env.DATABASE_URL;
  const started = await runStackCli(['start', '--no-seed'], env);
  if (started.code !== 0) throw new Error(`the push test's stack did not start:\n${started.stdout}${started.stderr}`);
}, 300_000);

afterAll(async () => {
  await runStackCli(['stop'], env);
  rmSync(dataDir, { recursive: true, force: true });
  await fcm.close();
  twilio.server?.close();
}, 60_000);

describe('the stack with FCM configured', () => {
  it('dispatches a queued notification by itself, and logs no token', async () => {
    const db = new pg.Client({ connectionString: `postgresql://postgres:postgres@127.0.0.1:${api + 1}/postgres` });
    await db.connect();
    try {
      const token = `stack-push-test-${Date.now()}`;
      await db.query(
        `with u as (
           insert into auth.users (id, aud, role, email, created_at, updated_at)
           values (gen_random_uuid(), 'authenticated', 'authenticated', 'push-stack@example.test', now(), now()) returning id
         ), t as (insert into public.device_tokens (account_id, token, platform) select id, $1, 'web' from u returning account_id)
         select private.notify(account_id, null, 'reminder', '{"ms": "Peringatan", "en": "Reminder"}', '{"ms": "Isi penilaian", "en": "Declare today"}')
         from t`,
        [token],
      );
      const end = Date.now() + 30_000;
      while (Date.now() < end && !fcm.delivered().some((r) => r.message.token === token)) {
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(fcm.delivered().filter((r) => r.message.token === token)).toHaveLength(1);
      const logs = readFileSync(join(dataDir, 'logs', 'stack.log'), 'utf8') + readFileSync(join(dataDir, 'logs', 'functions.log'), 'utf8');
      expect(logs).toContain('push: FCM is configured');
      expect(logs).not.toContain(token);
    } finally {
      await db.end();
    }
  }, 60_000);

  it('sends contact invitations through Twilio, once each, and records Twilio\'s refusal', async () => {
    const db = new pg.Client({ connectionString: `postgresql://postgres:postgres@127.0.0.1:${api + 1}/postgres` });
    await db.connect();
    try {
      const good = '+60123450001';
      const invalid = '+60123450000';
      await db.query(
        `with idx as (insert into public.persons (full_name) values ('Kes Indeks') returning id),
              c as (insert into public.cases (person_id, case_number, diagnosis_date) select id, 'STACK-PUSH-1', current_date from idx returning id),
              p as (insert into public.persons (full_name, phone, preferred_language) values ('Kontak Satu', $1, 'ms'), ('Kontak Dua', $2, 'en') returning id)
         insert into public.contacts (case_id, person_id, last_exposure_date) select c.id, p.id, current_date from c, p`,
        [good, invalid],
      );
      const end = Date.now() + 30_000;
      const settled = async () => (await db.query(`select status from private.contact_invitations where status in ('sent', 'failed')`)).rowCount ?? 0;
      while (Date.now() < end && (await settled()) < 2) await new Promise((resolve) => setTimeout(resolve, 200));
      const statuses = (await db.query<{ phone: string; status: string; last_error: string | null }>(
        `select phone, status, last_error from private.contact_invitations order by phone`)).rows;
      expect(statuses).toEqual([
        { phone: invalid, status: 'failed', last_error: 'twilio 400 (21211)' },
        { phone: good, status: 'sent', last_error: null },
      ]);
      expect(twilio.received).toHaveLength(2);
      const sent = twilio.received.find((r) => r.form.get('To') === good)!;
      expect(sent.path).toBe('/2010-04-01/Accounts/ACstacktest/Messages.json');
      expect(sent.auth).toBe(`Basic ${Buffer.from(`ACstacktest:${TWILIO_TOKEN}`).toString('base64')}`);
      expect(sent.form.get('MessagingServiceSid')).toBe('MGstacktest');
      expect(sent.form.get('Body')).toBe('Sejahtera: anda direkodkan sebagai kontak rapat kes COVID-19. Daftar dengan nombor telefon ini di https://sejahtera.example/register untuk memulakan pemantauan kesihatan anda.');
      // Not also to the stack's inbox.
      const inbox = await (await fetch(`http://127.0.0.1:${api + 3}/api/messages?kind=invitation`)).json();
      expect(inbox).toEqual([]);
      const logs = readFileSync(join(dataDir, 'logs', 'functions.log'), 'utf8');
      expect(logs).toMatch(/invitations: /);
      expect(logs).not.toContain(good);
      expect(logs).not.toContain(TWILIO_TOKEN);
    } finally {
      await db.end();
    }
  }, 60_000);
});
