/**
 * Sends contact invitations (private.contact_invitations) as SMS to the stack's inbox, the way Auth's
 * SMS provider delivers its codes in development, on the same ticks, unless the functions have an SMS
 * provider (TWILIO_ACCOUNT_SID): then the function sends them.
 *
 * Runs the push dispatcher (the dispatch-notifications edge function) while FCM settings are present:
 * every few seconds (SEJAHTERA_PUSH_INTERVAL seconds, default 5) and soon after the database queues
 * something (NOTIFY sejahtera_push from the outbox, NOTIFY sejahtera_invitations from contacts; see
 * migration 20261127001200_push_delivery.sql). It calls the function through the gateway with the
 * service role key, as a pg_cron job does on Supabase. Without FCM_SERVICE_ACCOUNT or TWILIO_ACCOUNT_SID
 * (in supabase/functions/.env or the stack's environment) it calls nothing, and deliveries wait in the
 * database.
 *
 * Rounds never spin: notices arriving during a round are folded into one next round, which starts at
 * least MIN_GAP_MS after the previous one ended unless that one found work (then more may be waiting).
 * A notice only asks for the work it is about (a queued push does not claim invitations). A failure
 * (the database refusing the claim, the function answering an error) is logged once while it repeats,
 * and retried on the interval's ticks only, not on every notice.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import type { StackConfig } from './config.ts';
import { parseDotEnv } from './functions.ts';
import type { Inbox } from './inbox.ts';
import { databaseUrl } from './postgres.ts';

const FUNCTION = 'dispatch-notifications';
/** The least pause between two rounds when the previous one found nothing to do. */
const MIN_GAP_MS = 1000;
/** Invitations claimed at a time (claim_invitations' upper bound). */
const INVITATION_BATCH = 1000;

/** What a round does: push dispatch (the function), contact invitations (the stack's SMS inbox), or both. */
type Work = 'push' | 'invitations';

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

/**
 * The registration page an invitation links to: the Auth site_url's /register, or an error saying why
 * there is none (claim_invitations accepts only an http(s) address).
 */
export function registerUrl(siteUrl: string): { url: string } | { error: string } {
  let site: URL;
  try {
    site = new URL(siteUrl);
  } catch {
    return { error: `auth site_url ${JSON.stringify(siteUrl)} is not an address` };
  }
  if (site.protocol !== 'http:' && site.protocol !== 'https:') {
    return { error: `auth site_url ${JSON.stringify(siteUrl)} is not an http(s) address` };
  }
  return { url: `${site.origin}${site.pathname.replace(/\/+$/, '')}/register` };
}

export class PushDispatchTrigger {
  readonly #config: StackConfig;
  readonly #log: (line: string) => void;
  readonly #inbox: Inbox;
  readonly #db: pg.Pool;
  readonly #registerUrl: { url: string } | { error: string };
  #timer: NodeJS.Timeout | undefined;
  #listener: pg.Client | undefined;
  /** The round in progress; at most one at a time. */
  #running: Promise<void> | undefined;
  /** Work asked for since the last round started. */
  readonly #wanted = new Set<Work>();
  /** The next round's start, when it waits for MIN_GAP_MS. */
  #delayed: NodeJS.Timeout | undefined;
  #lastRoundEnded = 0;
  #lastRoundFoundWork = false;
  /** The failure last logged per kind of work, so that a repeating one is logged once. */
  readonly #failing = new Map<Work, string>();
  #stopped = false;
  #announced: boolean | undefined;

  constructor(config: StackConfig, inbox: Inbox, log: (line: string) => void) {
    this.#config = config;
    this.#inbox = inbox;
    this.#log = log;
    this.#registerUrl = registerUrl(config.auth.siteUrl);
    this.#db = new pg.Pool({ connectionString: databaseUrl(config, 'postgres'), max: 1, options: '-c role=service_role' });
    this.#db.on('error', (error) => this.#log(`push: ${error.message}`));
  }

  async start(): Promise<void> {
    const seconds = Number(process.env.SEJAHTERA_PUSH_INTERVAL ?? 5);
    if (!Number.isFinite(seconds) || seconds <= 0) throw new Error(`SEJAHTERA_PUSH_INTERVAL: a positive number of seconds, not ${process.env.SEJAHTERA_PUSH_INTERVAL}`);
    if ('error' in this.#registerUrl && !smsConfigured(this.#config)) {
      this.#log(`push: contact invitations are not sent to the SMS inbox: ${this.#registerUrl.error} (set [auth] site_url in supabase/config.toml)`);
    }
    this.#timer = setInterval(() => this.kick(['push', 'invitations'], { retryFailing: true }), seconds * 1000);
    this.#timer.unref();
    await this.#listen(seconds);
  }

  /** Listens for the database's notices; a lost connection (e.g. a database reset) is reopened on the next tick. */
  async #listen(seconds: number): Promise<void> {
    if (this.#stopped) return;
    const listener = new pg.Client({ connectionString: databaseUrl(this.#config, 'postgres') });
    this.#listener = listener;
    let lost = false;
    const reopen = (why: string) => {
      if (lost || this.#stopped) return;
      lost = true;
      this.#log(`push: not listening for new pushes (${why}); dispatching every ${seconds} s until listening again`);
      listener.end().catch(() => {});
      setTimeout(() => void this.#listen(seconds), seconds * 1000).unref();
    };
    listener.on('error', (error) => reopen(error.message));
    listener.on('end', () => reopen('the connection ended'));
    listener.on('notification', (notice) => this.kick([notice.channel === 'sejahtera_invitations' ? 'invitations' : 'push']));
    try {
      await listener.connect();
      await listener.query('listen sejahtera_push; listen sejahtera_invitations');
    } catch (error) {
      reopen((error as Error).message);
    }
  }

  /**
   * Asks for a round doing `work`: now, or after the round in progress, or once MIN_GAP_MS has passed
   * since the last one. Work that is failing is left to the interval's ticks (retryFailing).
   */
  kick(work: Work[] = ['push', 'invitations'], { retryFailing = false } = {}): void {
    if (this.#stopped) return;
    for (const w of work) if (retryFailing || !this.#failing.has(w)) this.#wanted.add(w);
    this.#schedule();
  }

  #schedule(): void {
    if (this.#stopped || this.#running || this.#delayed || this.#wanted.size === 0) return;
    const wait = this.#lastRoundFoundWork ? 0 : this.#lastRoundEnded + MIN_GAP_MS - Date.now();
    if (wait > 0) {
      this.#delayed = setTimeout(() => {
        this.#delayed = undefined;
        this.#schedule();
      }, wait);
      this.#delayed.unref();
      return;
    }
    const work = new Set(this.#wanted);
    this.#wanted.clear();
    this.#running = this.#round(work).finally(() => {
      this.#running = undefined;
      this.#lastRoundEnded = Date.now();
      this.#schedule();
    });
  }

  async #round(work: Set<Work>): Promise<void> {
    const sms = smsConfigured(this.#config);
    // With an SMS provider the function sends the invitations too.
    const callFunction = work.has('push') || (sms && work.has('invitations'));
    const [invited, dispatched] = await Promise.all([
      work.has('invitations') && !sms ? this.#invite() : false,
      callFunction ? this.#dispatch() : false,
    ]);
    this.#lastRoundFoundWork = invited || dispatched;
  }

  #failed(work: Work, message: string): void {
    if (this.#failing.get(work) !== message) this.#log(`push: ${message}${this.#failing.has(work) ? '' : ' (logged once while it repeats; retried every interval)'}`);
    this.#failing.set(work, message);
  }

  #recovered(work: Work): void {
    if (this.#failing.delete(work)) this.#log(`push: ${work === 'push' ? FUNCTION : 'contact invitations'} working again`);
  }

  /**
   * Claimed invitations go to the inbox as SMS; the log says how many, never a number. Returns whether
   * more may be waiting.
   */
  async #invite(): Promise<boolean> {
    if ('error' in this.#registerUrl) return false;
    try {
      let sent = 0;
      let full = false;
      // A few batches per round; when the last was full, the next round starts at once.
      for (let batch = 0; batch < 10; batch++) {
        const { rows } = await this.#db.query<{ person_id: string; phone: string; lease: string; message: string }>(
          'select * from private.claim_invitations($1, $2)', [INVITATION_BATCH, this.#registerUrl.url]);
        for (const row of rows) this.#inbox.deliver({ channel: 'sms', to: row.phone, subject: '', text: row.message, kind: 'invitation' });
        if (rows.length > 0) {
          await this.#db.query(`select private.finish_invitation(p.id, $2, 'sent') from unnest($1::uuid[]) as p (id)`,
            [rows.map((row) => row.person_id), rows[0].lease]);
        }
        sent += rows.length;
        full = rows.length === INVITATION_BATCH;
        if (!full) break;
      }
      if (sent) this.#log(`push: ${sent} contact invitation(s) sent to the SMS inbox`);
      this.#recovered('invitations');
      return full;
    } catch (error) {
      this.#failed('invitations', `contact invitations: ${(error as Error).message}`);
      return false;
    }
  }

  /** Calls the function once; returns whether it found work (then more may be waiting). */
  async #dispatch(): Promise<boolean> {
    const configured = pushConfigured(this.#config);
    if (configured !== this.#announced) {
      this.#announced = configured;
      this.#log(configured ? `push: FCM is configured; calling ${FUNCTION}` : 'push: FCM_SERVICE_ACCOUNT is not set; pushes wait in the database');
    }
    if (!configured && !smsConfigured(this.#config)) return false;
    try {
      const res = await fetch(`http://${this.#config.host}:${this.#config.apiPort}/functions/v1/${FUNCTION}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${this.#config.serviceRoleKey}`, apikey: this.#config.serviceRoleKey, 'content-type': 'application/json' },
        body: '{}',
        signal: AbortSignal.timeout(5 * 60_000),
      });
      const answer = (await res.json().catch(() => ({}))) as Record<string, unknown>;
      if (!res.ok) {
        this.#failed('push', `${FUNCTION} answered ${res.status}: ${String(answer.error ?? answer.message ?? '')}`);
        return false;
      }
      this.#recovered('push');
      const invitations = (answer.invitations ?? {}) as Record<string, unknown>;
      const invited = ['sent', 'retried', 'failed', 'unconfirmed'].reduce((n, key) => n + Number(invitations[key] ?? 0), 0);
      if (Number(answer.claimed ?? 0) > 0) {
        this.#log(`push: ${answer.sent} sent, ${answer.retried} to retry, ${answer.failed} failed, ${answer.unregistered} unregistered, ${answer.unconfirmed} unconfirmed`);
        // More may be waiting (the call stops at its time budget): call again at once, or when FCM's Retry-After is over.
        const pause = Number(answer.pausedForMs ?? 0);
        if (pause > 0) {
          setTimeout(() => this.kick(['push']), pause).unref();
          return invited > 0;
        }
        this.#wanted.add('push');
        return true;
      }
      return invited > 0;
    } catch (error) {
      this.#failed('push', `calling ${FUNCTION} failed: ${(error as Error).message}`);
      return false;
    }
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearInterval(this.#timer);
    if (this.#delayed) clearTimeout(this.#delayed);
    await this.#listener?.end().catch(() => {});
    // A call in progress finishes in the function; the stack need not wait for all of it.
    await Promise.race([this.#running, new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
    await this.#db.end().catch(() => {});
  }
}
