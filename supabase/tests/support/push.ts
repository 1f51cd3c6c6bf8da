/**
 * The push dispatcher (supabase/functions/dispatch-notifications/dispatcher.ts) run in Node against the
 * test database and a local FCM stand-in, through firebase-admin's real messaging code: for the push
 * tests and the fan-out benchmark. `runDispatcherProcess` runs it in a child process a test can kill.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import pg from 'pg';
import * as app from 'firebase-admin/app';
import * as messaging from 'firebase-admin/messaging';
import { databaseUrlFor } from '@sejahtera/stack/testing';
import { dispatch, type Db, type DispatchOptions, type DispatchSummary, type MessagingModule } from '../../functions/dispatch-notifications/dispatcher.ts';
import { fcmMessaging, parseServiceAccount } from '../../functions/dispatch-notifications/fcm.ts';

/** A direct connection with the service role's rights, as the edge function holds. */
export function serviceRoleDb(url = databaseUrlFor('postgres')): Db & { end(): Promise<void> } {
  const pool = new pg.Pool({ connectionString: url, max: 2, options: '-c role=service_role' });
  return {
    async query<T>(text: string, params?: unknown[]) {
      return (await pool.query(text, params)).rows as T[];
    },
    end: () => pool.end(),
  };
}

let apps = 0;

/** Runs the dispatcher once in this process against `fcm` (a stand-in's url and service account). */
export async function dispatchOnce(db: Db, fcm: { url: string; serviceAccount: Record<string, string> }, options: DispatchOptions = {}): Promise<DispatchSummary> {
  const account = parseServiceAccount(JSON.stringify(fcm.serviceAccount))!;
  const messagingFor = fcmMessaging({ app, messaging: messaging as unknown as MessagingModule }, account, { apiUrl: fcm.url, name: `test-${process.pid}-${++apps}` });
  return dispatch(db, messagingFor, { retryBaseMs: 200, ...options });
}

/** The dispatcher in a child Node process (support/push-process.ts), for tests that kill it. */
export function runDispatcherProcess(fcm: { url: string; serviceAccount: Record<string, string> }, options: DispatchOptions = {}): ChildProcess {
  return spawn(process.execPath, [join(import.meta.dirname, 'push-process.ts')], {
    env: {
      ...process.env,
      DISPATCH_DATABASE_URL: databaseUrlFor('postgres'),
      FCM_SERVICE_ACCOUNT: JSON.stringify(fcm.serviceAccount),
      FCM_API_URL: fcm.url,
      DISPATCH_OPTIONS: JSON.stringify(options),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}
