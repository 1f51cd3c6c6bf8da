/**
 * Sends contact invitations (private.contact_invitations) as SMS to the stack's inbox, the way Auth's
 * SMS provider delivers its codes in development, on the same ticks, unless the functions have an SMS
 * provider (TWILIO_ACCOUNT_SID): then the function sends them.
 *
 * Runs the push dispatcher (the dispatch-notifications edge function) while FCM settings are present:
 * every few seconds (SEJAHTERA_PUSH_INTERVAL seconds, default 5) and at once when the database queues
 * a push (NOTIFY sejahtera_push from the outbox, see migration 20261127001200_push_delivery.sql). It
 * calls the function through the gateway with the service role key, as a pg_cron job does on Supabase,
 * one call at a time. Without FCM_SERVICE_ACCOUNT or TWILIO_ACCOUNT_SID (in supabase/functions/.env or
 * the stack's environment) it calls nothing, and deliveries wait in the database.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import type { StackConfig } from './config.ts';
import { parseDotEnv } from './functions.ts';
import type { Inbox } from './inbox.ts';
import { databaseUrl } from './postgres.ts';

const FUNCTION = 'dispatch-notifications';

/** A setting of the functions: supabase/functions/.env first, else the stack's environment. */
function functionsSetting(config: StackConfig, name: string): string {
  const dotEnv = join(config.functionsDirs[0], '.env');
  const fromFile = existsSync(dotEnv) ? parseDotEnv(readFileSync(dotEnv, 'utf8'))[name] : undefined;
  return (fromFile ?? process.env[name] ?? '').trim();
}

/** Whether FCM is configured for the functions. */
export function pushConfigured(config: StackConfig): boolean {
  return Boolean(functionsSetting(config, 'FCM_SERVICE_ACCOUNT'));
}

/** Whether the functions send SMS through a provider (Twilio); else the stack sends invitations to its inbox. */
export function smsConfigured(config: StackConfig): boolean {
  return Boolean(functionsSetting(config, 'TWILIO_ACCOUNT_SID'));
}

export class PushDispatchTrigger {
  readonly #config: StackConfig;
  readonly #log: (line: string) => void;
  readonly #inbox: Inbox;
  readonly #db: pg.Pool;
  #timer: NodeJS.Timeout | undefined;
  #listener: pg.Client | undefined;
  #running: Promise<void> | undefined;
  #again = false;
  #stopped = false;
  #announced: boolean | undefined;

  constructor(config: StackConfig, inbox: Inbox, log: (line: string) => void) {
    this.#config = config;
    this.#inbox = inbox;
    this.#log = log;
    this.#db = new pg.Pool({ connectionString: databaseUrl(config, 'postgres'), max: 1, options: '-c role=service_role' });
    this.#db.on('error', (error) => this.#log(`push: ${error.message}`));
  }

  async start(): Promise<void> {
    const seconds = Number(process.env.SEJAHTERA_PUSH_INTERVAL ?? 5);
    if (!Number.isFinite(seconds) || seconds <= 0) throw new Error(`SEJAHTERA_PUSH_INTERVAL: a positive number of seconds, not ${process.env.SEJAHTERA_PUSH_INTERVAL}`);
    this.#timer = setInterval(() => this.kick(), seconds * 1000);
    this.#timer.unref();
    try {
      this.#listener = new pg.Client({ connectionString: databaseUrl(this.#config, 'postgres') });
      this.#listener.on('error', (error) => this.#log(`push: listener: ${error.message}`));
      this.#listener.on('notification', () => this.kick());
      await this.#listener.connect();
      await this.#listener.query('listen sejahtera_push');
    } catch (error) {
      this.#log(`push: not listening for new pushes (${(error as Error).message}); dispatching every ${seconds} s only`);
    }
  }

  /** Dispatches now, or right after the call in progress. */
  kick(): void {
    if (this.#stopped) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = Promise.all([this.#invite(), this.#dispatch()]).then(() => {}).finally(() => {
      this.#running = undefined;
      if (this.#again) {
        this.#again = false;
        this.kick();
      }
    });
  }

  /** Claimed invitations go to the inbox as SMS; the log says how many, never a number. */
  async #invite(): Promise<void> {
    if (smsConfigured(this.#config)) return;
    try {
      let sent = 0;
      for (;;) {
        const { rows } = await this.#db.query<{ person_id: string; phone: string; lease: string; message: string }>(
          'select * from private.claim_invitations(100, $1)', [`${this.#config.auth.siteUrl.replace(/\/+$/, '')}/register`]);
        if (rows.length === 0) break;
        for (const row of rows) {
          this.#inbox.deliver({ channel: 'sms', to: row.phone, subject: '', text: row.message, kind: 'invitation' });
          await this.#db.query(`select private.finish_invitation($1, $2, 'sent')`, [row.person_id, row.lease]);
          sent += 1;
        }
      }
      if (sent) this.#log(`push: ${sent} contact invitation(s) sent to the SMS inbox`);
    } catch (error) {
      this.#log(`push: contact invitations: ${(error as Error).message}`);
    }
  }

  async #dispatch(): Promise<void> {
    const configured = pushConfigured(this.#config);
    if (configured !== this.#announced) {
      this.#announced = configured;
      this.#log(configured ? `push: FCM is configured; calling ${FUNCTION}` : 'push: FCM_SERVICE_ACCOUNT is not set; pushes wait in the database');
    }
    if (!configured && !smsConfigured(this.#config)) return;
    try {
      const res = await fetch(`http://${this.#config.host}:${this.#config.apiPort}/functions/v1/${FUNCTION}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${this.#config.serviceRoleKey}`, apikey: this.#config.serviceRoleKey, 'content-type': 'application/json' },
        body: '{}',
        signal: AbortSignal.timeout(5 * 60_000),
      });
      const answer = (await res.json().catch(() => ({}))) as Record<string, unknown>;
      if (!res.ok) this.#log(`push: ${FUNCTION} answered ${res.status}: ${String(answer.error ?? answer.message ?? '')}`);
      else if (Number(answer.claimed ?? 0) > 0) {
        this.#log(`push: ${answer.sent} sent, ${answer.retried} to retry, ${answer.failed} failed, ${answer.unregistered} unregistered, ${answer.unconfirmed} unconfirmed`);
        // More may be waiting (the call stops at its time budget): call again at once, or when FCM's Retry-After is over.
        const pause = Number(answer.pausedForMs ?? 0);
        if (pause > 0) setTimeout(() => this.kick(), pause).unref();
        else this.#again = true;
      }
    } catch (error) {
      this.#log(`push: calling ${FUNCTION} failed: ${(error as Error).message}`);
    }
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearInterval(this.#timer);
    await this.#listener?.end().catch(() => {});
    // A call in progress finishes in the function; the stack need not wait for all of it.
    await Promise.race([this.#running, new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
    await this.#db.end().catch(() => {});
  }
}
