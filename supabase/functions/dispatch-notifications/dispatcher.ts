// The push dispatcher: drains the database's per-device deliveries (private.push_deliveries, see
// migration 20261127001200_push_delivery.sql) to FCM through firebase-admin. It runs the same in
// Deno (the edge function, index.ts) and in Node (the tests): the database connection and
// firebase-admin's modules are handed in.
//
// Each round: claim up to 500 due deliveries under a lease (private.claim_push), mark them as being
// sent (private.start_push: committed BEFORE anything goes to FCM), send them with one sendEach (at
// most 500 messages, as FCM allows), and report each result (private.finish_push).
//
// The guarantee, per (notification, device token): at most once. A delivery is handed to FCM only by
// the holder of its current lease, after its 'sending' mark is committed; only a definite answer from
// FCM that it did not take the message (429, 5xx, a connection refused) puts it back in the queue.
// When the dispatcher dies after start_push, or FCM's answer is lost (timeout, reset), the delivery is
// 'unconfirmed' and never sent again: it may have arrived. When it dies between claim and start_push,
// nothing was sent, and the deliveries are claimed again once their lease lapses: they still arrive.
// (firebase-admin's own HTTP client retries a request once more on 503 and on a reset or timed-out
// connection; FCM has no idempotency key, so that one library retry is the only way a device could
// see a notification twice, and the message's tag/collapse id makes the device show it once.)

/** The database, as a direct Postgres connection with the service role's rights. */
export interface Db {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
}

/** What the dispatcher uses of firebase-admin's Messaging. */
export interface FcmMessaging {
  sendEach(messages: FcmMessage[]): Promise<{ responses: FcmSendResponse[] }>;
  enableLegacyHttpTransport(): void;
}
/** firebase-admin/app, as handed in (npm:firebase-admin@14/app in Deno). */
export interface AppModule {
  initializeApp(options: Record<string, unknown>, name: string): unknown;
  getApps(): Array<{ name: string }>;
}
/** firebase-admin/messaging, as handed in. */
export interface MessagingModule {
  getMessaging(app: unknown): FcmMessaging;
}

export interface FcmMessage {
  token: string;
  notification: { title: string; body: string };
  data: Record<string, string>;
  android: { priority: 'high'; notification: { tag: string } };
  apns: { headers: Record<string, string>; payload: { aps: { 'thread-id': string } } };
  webpush: { headers: Record<string, string>; notification: { tag: string } };
}

export interface FcmSendResponse {
  success: boolean;
  messageId?: string;
  error?: { code?: string; message?: string; httpResponse?: { status?: number; headers?: Record<string, string | string[] | undefined> } };
}

interface ClaimedDelivery {
  lease: string;
  delivery_id: string;
  attempt: number;
  token: string;
  language: string;
  kind: string;
  title: string;
  body: string;
  data: Record<string, unknown>;
  notification_id: string;
}

export type Outcome = 'sent' | 'retry' | 'failed' | 'unregistered' | 'unconfirmed';

/** What the dispatcher makes of FCM's answer for one message. */
export interface Verdict {
  outcome: Outcome;
  /** FCM's error code or firebase-admin's, never the message text (it may quote the request). */
  error?: string;
  /** For retry: FCM's Retry-After, when it gave one. */
  retryAfterMs?: number;
}

export interface DispatchOptions {
  /** Deliveries per round, at most 500 (FCM's limit for one sendEach). */
  batchSize?: number;
  /** Seconds a claim holds its deliveries (default 120). */
  leaseSeconds?: number;
  /** Stop starting rounds after this long (default 50 s: an edge function's wall clock is limited). */
  budgetMs?: number;
  /** The first retry's delay before jitter (default 30 s); doubles per attempt, capped at 6 h. */
  retryBaseMs?: number;
  random?: () => number;
  /** Rounds in flight at once (default 2), each with its own claim. */
  concurrency?: number;
  /** Where counts and error codes go; never a token, a name or a message's text. */
  log?: (line: string) => void;
}

export interface DispatchSummary {
  rounds: number;
  claimed: number;
  sent: number;
  retried: number;
  failed: number;
  unregistered: number;
  unconfirmed: number;
  /** Set when FCM asked to wait (429/503 with Retry-After) and the dispatcher stopped early. */
  pausedForMs?: number;
}

const FCM_MAX_BATCH = 500;
const MAX_BACKOFF_MS = 6 * 60 * 60 * 1000;
const RESERVED_DATA_KEY = /^(from|notification|message_type|collapse_key)$|^(google|gcm)\./;

/** Exponential backoff with jitter: between half and all of base·2^(attempt−1), at most 6 hours. */
export function backoffMs(attempt: number, baseMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(baseMs * 2 ** Math.max(attempt - 1, 0), MAX_BACKOFF_MS);
  return Math.round(ceiling * (0.5 + random() / 2));
}

/** Retry-After as FCM sends it: seconds, or an HTTP date. */
export function retryAfterMs(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (!text) return undefined;
  if (/^\d+$/.test(text.trim())) return Number(text.trim()) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Classifies one sendEach response by FCM's rules for what to do next. */
export function verdictOf(response: FcmSendResponse): Verdict {
  if (response.success) return { outcome: 'sent' };
  const error = response.error ?? {};
  const code = error.code ?? 'unknown';
  const status = error.httpResponse?.status;
  const after = retryAfterMs(error.httpResponse?.headers?.['retry-after']);
  if (status === 404 || code === 'messaging/registration-token-not-registered') return { outcome: 'unregistered', error: code };
  // The token belongs to another Firebase project's app: it can never be reached from ours.
  if (code === 'messaging/mismatched-credential' && status === 403) return { outcome: 'unregistered', error: code };
  if (status === 429 || (status !== undefined && status >= 500)) return { outcome: 'retry', error: code, retryAfterMs: after };
  if (status !== undefined) return { outcome: 'failed', error: code };
  // No answer from FCM. firebase-admin refusing the message itself, a refused or unresolvable
  // connection, or a token that could not be obtained: it never left. Anything else may have reached FCM.
  if (code === 'messaging/invalid-argument' || code === 'messaging/invalid-payload' || code === 'messaging/invalid-recipient') {
    return { outcome: 'failed', error: code };
  }
  const message = error.message ?? '';
  if (/ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ConnectionRefused/.test(message) || code === 'app/invalid-credential') {
    return { outcome: 'retry', error: code };
  }
  return { outcome: 'unconfirmed', error: code };
}

/** The FCM message for one delivery: in the recipient's language, tagged so a device shows it once. */
export function messageFor(delivery: ClaimedDelivery): FcmMessage {
  const data: Record<string, string> = {};
  for (const [key, value] of Object.entries(delivery.data ?? {})) {
    if (RESERVED_DATA_KEY.test(key) || value === null || value === undefined) continue;
    data[key] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  data.notification_id = delivery.notification_id;
  data.kind = delivery.kind;
  data.language = delivery.language;
  const tag = delivery.notification_id;
  return {
    token: delivery.token,
    notification: { title: delivery.title, body: delivery.body },
    data,
    android: { priority: 'high', notification: { tag } },
    apns: { headers: { 'apns-collapse-id': tag }, payload: { aps: { 'thread-id': delivery.kind } } },
    webpush: { headers: { Urgency: 'high' }, notification: { tag } },
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Drains due deliveries until none is left or the budget is spent. */
export async function dispatch(db: Db, messaging: FcmMessaging, options: DispatchOptions = {}): Promise<DispatchSummary> {
  const batchSize = options.batchSize ?? FCM_MAX_BATCH;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > FCM_MAX_BATCH) {
    throw new Error(`batchSize: between 1 and ${FCM_MAX_BATCH} (FCM's limit for one sendEach), not ${batchSize}`);
  }
  const leaseSeconds = options.leaseSeconds ?? 120;
  const budgetMs = options.budgetMs ?? 50_000;
  const retryBaseMs = options.retryBaseMs ?? 30_000;
  const random = options.random ?? Math.random;
  const log = options.log ?? (() => {});
  const concurrency = options.concurrency ?? 2;
  const startedAt = Date.now();
  const summary: DispatchSummary = { rounds: 0, claimed: 0, sent: 0, retried: 0, failed: 0, unregistered: 0, unconfirmed: 0 };

  let stop = false;
  // Rounds overlap (each under its own lease): one waits for FCM while another talks to the database.
  const worker = async () => {
    while (!stop && Date.now() - startedAt < budgetMs) {
      const claimed = await db.query<ClaimedDelivery>(
        'select * from private.claim_push($1, make_interval(secs => $2))', [batchSize, leaseSeconds]);
      if (claimed.length === 0) return;
      const round = ++summary.rounds;
      summary.claimed += claimed.length;
      const lease = claimed[0].lease;
      // The point of no return: from here a crash leaves these deliveries unconfirmed, never re-sent.
      const startedRows = await db.query<{ id: string }>(
        'select unnest(private.start_push($1, $2::bigint[])) as id', [lease, claimed.map((d) => d.delivery_id)]);
      const started = new Set(startedRows.map((r) => String(r.id)));
      const sending = claimed.filter((d) => started.has(String(d.delivery_id)));
      if (sending.length === 0) continue;

      let verdicts: Verdict[];
      try {
        verdicts = (await messaging.sendEach(sending.map(messageFor))).responses.map(verdictOf);
      } catch (error) {
        // sendEach refused the whole batch before sending any of it (e.g. no project id): try again later.
        const code = (error as { code?: string }).code ?? 'unknown';
        verdicts = sending.map(() => ({ outcome: 'retry', error: code }));
      }
      const delays = verdicts.map((v, i) => v.outcome !== 'retry' ? null : v.retryAfterMs ?? backoffMs(sending[i].attempt, retryBaseMs, random));
      await db.query('select private.finish_push($1, $2::bigint[], $3::text[], $4::text[], $5::bigint[])', [
        lease,
        sending.map((d) => d.delivery_id),
        verdicts.map((v) => v.outcome),
        verdicts.map((v) => v.error ?? null),
        delays,
      ]);
      const counts: Record<Outcome, number> = { sent: 0, retry: 0, failed: 0, unregistered: 0, unconfirmed: 0 };
      for (const v of verdicts) counts[v.outcome] += 1;
      summary.sent += counts.sent;
      summary.retried += counts.retry;
      summary.failed += counts.failed;
      summary.unregistered += counts.unregistered;
      summary.unconfirmed += counts.unconfirmed;
      const errorCodes = [...new Set(verdicts.map((v) => v.error).filter(Boolean))];
      log(`push round ${round}: ${sending.length} sent to FCM; ${counts.sent} accepted, ${counts.retry} to retry, ` +
        `${counts.failed} failed, ${counts.unregistered} tokens unregistered, ${counts.unconfirmed} unconfirmed` +
        (errorCodes.length ? ` (${errorCodes.join(', ')})` : ''));

      // FCM asked the whole project to slow down: wait as asked before the next round, or stop here.
      const pause = Math.max(0, ...verdicts.map((v) => (v.outcome === 'retry' && v.retryAfterMs) || 0));
      if (pause > 0) {
        if (Date.now() - startedAt + pause >= budgetMs) {
          summary.pausedForMs = Math.max(summary.pausedForMs ?? 0, pause);
          stop = true;
          return;
        }
        await sleep(pause);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return summary;
}
