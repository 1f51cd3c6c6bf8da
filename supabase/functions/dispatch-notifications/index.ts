// dispatch-notifications: drains the push outbox to FCM (see dispatcher.ts for the rounds and the
// at-most-once guarantee). Only the service role may call it: the stack calls it every few seconds
// and on demand, a Supabase project from pg_cron (or any scheduler) with the service role key.
//
// Settings (supabase/functions/.env here; `supabase secrets set` on a Supabase project):
//   FCM_SERVICE_ACCOUNT   the Firebase service account key JSON (Project settings -> Service accounts).
//                         Without it nothing is sent: deliveries wait in the database.
//   FCM_API_URL           development and tests only: a local FCM stand-in to send to instead of
//                         fcm.googleapis.com (the key's token_uri points at its token endpoint).
//   PUSH_RETRY_BASE_MS    the first retry's delay before jitter (default 30000).
//   TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_MESSAGE_SERVICE_SID, SITE_URL
//                         contact invitations by SMS through Twilio, linking to SITE_URL/register.
//                         Without them the stack sends invitations to its SMS inbox (development).
//   TWILIO_API_URL        tests only: a local stand-in for https://api.twilio.com.
// Body (optional JSON): { "batchSize": 1..500, "budgetMs": ..., "leaseSeconds": ... }.
import * as app from 'npm:firebase-admin@14.5.1/app';
import * as messaging from 'npm:firebase-admin@14.5.1/messaging';
import pg from 'npm:pg@8.23.1';
import { dispatch, type Db, type DispatchOptions, type FcmMessaging } from './dispatcher.ts';
import { fcmMessaging, parseServiceAccount } from './fcm.ts';
import { sendInvitations, smsSettings, type SmsSettings } from './invitations.ts';

const databaseUrl = Deno.env.get('SUPABASE_DB_URL');
// The service role inside: the outbox functions are granted to it, not to the connection's owner.
const pool = databaseUrl ? new pg.Pool({ connectionString: databaseUrl, max: 3, options: '-c role=service_role' }) : undefined;

const db: Db = {
  async query<T>(text: string, params?: unknown[]) {
    return (await pool!.query(text, params)).rows as T[];
  },
};

let cached: { settings: string; messaging: FcmMessaging } | undefined;

function messagingFromSettings(): FcmMessaging | undefined {
  const settings = `${Deno.env.get('FCM_SERVICE_ACCOUNT') ?? ''}\n${Deno.env.get('FCM_API_URL') ?? ''}`;
  if (cached?.settings === settings) return cached.messaging;
  const account = parseServiceAccount(Deno.env.get('FCM_SERVICE_ACCOUNT'));
  if (!account) return undefined;
  cached = { settings, messaging: fcmMessaging({ app, messaging }, account, { apiUrl: Deno.env.get('FCM_API_URL') || undefined }) };
  return cached.messaging;
}

/** The JWT's role claim. The gateway (or Supabase's) verified the signature before the request got here. */
function roleOf(req: Request): string | undefined {
  const token = req.headers.get('authorization')?.replace(/^bearer\s+/i, '');
  try {
    return JSON.parse(atob(token!.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))).role;
  } catch {
    return undefined;
  }
}

function numberIn(body: Record<string, unknown>, field: string, min: number, max: number): number | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${field}: a whole number between ${min} and ${max}`);
  }
  return value;
}

Deno.serve(async (req) => {
  if (req.method !== 'POST') return Response.json({ error: 'POST to dispatch' }, { status: 405, headers: { allow: 'POST' } });
  if (roleOf(req) !== 'service_role') {
    return Response.json({ error: 'Only the service role may dispatch notifications' }, { status: 403 });
  }
  if (!pool) return Response.json({ error: 'SUPABASE_DB_URL is not set' }, { status: 500 });
  let options: DispatchOptions;
  try {
    const text = await req.text();
    const body = text ? JSON.parse(text) : {};
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new RangeError('body: a JSON object');
    options = {
      batchSize: numberIn(body, 'batchSize', 1, 500),
      budgetMs: numberIn(body, 'budgetMs', 1, 300_000),
      leaseSeconds: numberIn(body, 'leaseSeconds', 1, 3600),
    };
  } catch (error) {
    const message = error instanceof RangeError ? error.message : 'body: not JSON';
    return Response.json({ error: message }, { status: 400 });
  }
  let fcm: FcmMessaging | undefined;
  let sms: SmsSettings | undefined;
  try {
    fcm = messagingFromSettings();
    sms = smsSettings((name) => Deno.env.get(name));
  } catch (error) {
    return Response.json({ error: (error as Error).message }, { status: 500 });
  }
  const log = (line: string) => console.log(line);
  const invitations = sms ? sendInvitations(db, sms, log) : Promise.resolve(undefined);
  const retryBase = Number(Deno.env.get('PUSH_RETRY_BASE_MS') ?? '');
  const push = fcm
    ? dispatch(db, fcm, { ...options, retryBaseMs: Number.isFinite(retryBase) && retryBase > 0 ? retryBase : undefined, log })
    : Promise.resolve(undefined);
  const [pushed, invited] = await Promise.all([push, invitations]);
  return Response.json({
    configured: Boolean(fcm),
    ...(pushed ?? { message: 'FCM_SERVICE_ACCOUNT is not set: deliveries wait' }),
    invitations: invited ?? { configured: false },
  });
});
