/**
 * The stack runs the push dispatcher by itself when FCM is configured: on an instance of its own whose
 * environment names the FCM stand-in's service account, a queued notification reaches the stand-in
 * without anyone calling the function, through the dispatch-notifications edge function in Deno.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
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

beforeAll(async () => {
  // On a clean machine Deno first downloads firebase-admin from npm: before the stack, not within its boot timeout.
  await promisify(execFile)(denoBinary(), ['cache', '--no-config', join(projectDir, 'supabase/functions/dispatch-notifications/index.ts')], {
    env: { ...process.env, DENO_NO_PACKAGE_JSON: '1', DENO_TLS_CA_STORE: process.env.DENO_TLS_CA_STORE ?? 'mozilla,system' },
  });
  fcm = await startFcmStandIn();
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
  };
  delete env.DATABASE_URL;
  const started = await runStackCli(['start', '--no-seed'], env);
  if (started.code !== 0) throw new Error(`the push test's stack did not start:\n${started.stdout}${started.stderr}`);
}, 300_000);

afterAll(async () => {
  await runStackCli(['stop'], env);
  rmSync(dataDir, { recursive: true, force: true });
  await fcm.close();
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
});
