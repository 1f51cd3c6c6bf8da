/**
 * Sends contact invitations (private.contact_invitations) as SMS to the stack's inbox, the way Auth's
 * SMS provider delivers its codes in development, on the same ticks: always, FCM or not.
 *
 * Runs the push dispatcher (the dispatch-notifications edge function) while FCM settings are present:
 * every few seconds (SEJAHTERA_PUSH_INTERVAL seconds, default 5) and at once when the database queues
 * a push (NOTIFY sejahtera_push from the outbox, see migration 20261127001200_push_delivery.sql). It
 * calls the function through the gateway with the service role key, as a pg_cron job does on Supabase,
 * one call at a time. Without FCM_SERVICE_ACCOUNT (in supabase/functions/.env or the stack's environment)
 * it calls nothing, and deliveries wait in the database.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import type { StackConfig } from './config.ts';
import { parseDotEnv } from './functions.ts';
import type { Inbox } from './inbox.ts';
import { databaseUrl } from './postgres.ts';

const FUNCTION = 'dispatch-notifications';

/** The invitation's text in the person's language (Malay unless English; Chinese and Tamil texts are not written yet). */
export function invitationText(language: string, siteUrl: string): string {
  const register = `${siteUrl.replace(/\/+$/, '')}/register`;
  return language === 'en'
    ? `Sejahtera: you were recorded as a close contact of a COVID-19 case. Register with this phone number at ${register} to start your health monitoring.`
    : `Sejahtera: anda direkodkan sebagai kontak rapat kes COVID-19. Daftar dengan nombor telefon ini di ${register} untuk memulakan pemantauan kesihatan anda.`;
}

/** Whether FCM is configured for the functions (the .env beside supabase/functions, else the stack's environment). */
export function pushConfigured(config: StackConfig): boolean {
  const dotEnv = join(config.functionsDirs[0], '.env');
  const fromFile = existsSync(dotEnv) ? parseDotEnv(readFileSync(dotEnv, 'utf8')).FCM_SERVICE_ACCOUNT : undefined;
  return Boolean((fromFile ?? process.env.FCM_SERVICE_ACCOUNT ?? '').trim());
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
    try {
      let sent = 0;
      for (;;) {
        const { rows } = await this.#db.query<{ person_id: string; phone: string; language: string; lease: string }>(
          'select * from private.claim_invitations(100)');
        if (rows.length === 0) break;
        for (const row of rows) {
          this.#inbox.deliver({ channel: 'sms', to: row.phone, subject: '', text: invitationText(row.language, this.#config.auth.siteUrl), kind: 'invitation' });
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
    if (!configured) return;
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
