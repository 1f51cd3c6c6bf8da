/**
 * The offline queue: health declarations made without a connection are kept (in storage the app
 * chooses) and delivered later, each once, in the order they were made.
 *
 * Once: each declaration's idempotency key is fixed when it is queued, and the database stores one
 * declaration per key (a resend after a lost response returns the first). In order: a flush sends one
 * declaration at a time, oldest first, and stops at the first failure that a later attempt may cure
 * (no connection, 429, 503, no session), so nothing overtakes it. A declaration the server refuses for
 * good (invalid answers, a dependent no longer yours) is dropped and reported, never retried forever.
 */
import * as z from 'zod/mini';
import { AuthError, SejahteraError } from '../lib/errors.ts';
import { newIdempotencyKey } from '../lib/idempotency.ts';
import { fromZodError, toSejahteraError } from '../lib/mapErrors.ts';
import type { RequestOptions } from '../lib/Transport.ts';
import type { SejahteraClient } from '../SejahteraClient.ts';
import { type SubmitAssessmentInput, idempotencyKeySchema, submitAssessmentSchema } from '../schemas/assessments.ts';
import type { Assessment } from '../types.ts';
import type { QueueStorage } from './storage.ts';

/** A declaration waiting in the queue. */
export interface QueuedAssessment {
  /** Fixed when it was queued: every attempt to deliver it carries this key. It also names the item. */
  idempotencyKey: string;
  /** The account that queued it: it is delivered only while that account is signed in. */
  account_id: string;
  /** The declaration, as validated when it was queued. */
  submission: z.output<typeof submitAssessmentSchema>;
  /** When it was queued (the device's clock). */
  queued_at: string;
  /** Attempts the server failed (500) for; network failures do not count. */
  failures: number;
}

/** What one flush did. */
export interface FlushResult {
  /** Delivered now, in order, with the declaration as the database judged it. */
  delivered: Array<{ item: QueuedAssessment; assessment: Assessment }>;
  /** Refused by the server for good, and taken out of the queue. */
  dropped: Array<{ item: QueuedAssessment; error: SejahteraError }>;
  /** Still queued (for any account). */
  remaining: number;
  /** Why the flush stopped before the queue was empty (no connection, no session...); null when it did not. */
  stoppedBy: SejahteraError | null;
}

/** Something that says when the device is back online: `window` in a browser, or any EventTarget. */
export interface OnlineEventSource {
  /** Calls `listener` whenever the device is back online. */
  addEventListener(type: 'online', listener: () => void): void;
  /** Stops calling `listener`. */
  removeEventListener(type: 'online', listener: () => void): void;
}

/** How to create an offline queue. */
export interface OfflineQueueOptions {
  /** The client that delivers the declarations (and whose signed-in account queues them). */
  sejahtera: SejahteraClient;
  /** Where the queue is kept: memoryStorage(), keyValueStorage(localStorage)... */
  storage: QueueStorage;
  /** Flushes whenever this says the device is online again (e.g. `window`). */
  online?: OnlineEventSource;
  /** Called for each declaration delivered. */
  onDelivered?: (item: QueuedAssessment, assessment: Assessment) => void;
  /** Called for each declaration the server refused for good (dropped from the queue). */
  onDropped?: (item: QueuedAssessment, error: SejahteraError) => void;
  /** Called when a flush started by `online` fails (the storage failed); flushes you call reject instead. */
  onError?: (error: unknown) => void;
  /** Server failures (500) one declaration may meet before it is dropped (default 5), so that none blocks the queue forever. */
  maxFailures?: number;
}

/** Errors about the declaration itself, which sending it again will not cure. */
const PERMANENT = new Set(['validation_failed', 'permission_denied', 'not_found', 'conflict']);

interface StoredQueue {
  version: 1;
  items: QueuedAssessment[];
}

function parseStored(text: string | null): QueuedAssessment[] {
  if (text === null || text === '') return [];
  try {
    const stored = JSON.parse(text) as Partial<StoredQueue>;
    if (stored.version === 1 && Array.isArray(stored.items)) return stored.items;
  } catch {
    // Reported below.
  }
  // Never overwrite what cannot be read: it may hold declarations.
  throw new SejahteraError('The offline queue in storage is not readable; it was left as it is', { code: 'server_error', status: 0 });
}

/**
 * Declarations made offline, delivered once each and in order when the connection is back. Create it
 * with `createOfflineQueue`.
 */
export class OfflineQueue {
  private readonly options: OfflineQueueOptions;
  private readonly maxFailures: number;
  /** Storage is read and written whole: one change at a time. */
  private lock: Promise<unknown> = Promise.resolve();
  private running: Promise<FlushResult> | undefined;
  private readonly onOnline = () => {
    this.flush().catch((error: unknown) => this.options.onError?.(error));
  };

  constructor(options: OfflineQueueOptions) {
    this.options = options;
    this.maxFailures = options.maxFailures ?? 5;
    options.online?.addEventListener('online', this.onOnline);
  }

  /**
   * Queues a declaration of the signed-in user (or of a dependent, by `person_id`), validated now, with
   * its idempotency key fixed now (given, or generated). Needs no connection, only a session (which may
   * have expired). Throws ValidationError (per field), AuthError `not_signed_in`.
   *
   * @example
   * ```ts
   * const { questions } = await sejahtera.assessments.questionnaire(); // cached while online
   * await queue.enqueue({ answers: Object.fromEntries(questions.map((q) => [q.code, false])) });
   * await queue.flush();
   * ```
   */
  async enqueue(submission: SubmitAssessmentInput, options: { idempotencyKey?: string } = {}): Promise<QueuedAssessment> {
    const parsed = z.safeParse(submitAssessmentSchema, submission);
    if (!parsed.success) throw fromZodError(parsed.error);
    let idempotencyKey = newIdempotencyKey();
    if (options.idempotencyKey !== undefined) {
      const key = z.safeParse(idempotencyKeySchema, options.idempotencyKey);
      if (!key.success) throw fromZodError(key.error);
      idempotencyKey = key.data;
    }
    const account = await this.account();
    if (!account) throw new AuthError('Sign in first', { code: 'not_signed_in' });
    const item: QueuedAssessment = { idempotencyKey, account_id: account, submission: parsed.data, queued_at: new Date().toISOString(), failures: 0 };
    await this.change((items) => (items.some((i) => i.idempotencyKey === idempotencyKey) ? items : [...items, item]));
    return item;
  }

  /**
   * Delivers the signed-in account's queued declarations, oldest first, each once; stops at the first
   * failure a later flush may cure (no connection, rate limit, unavailable server, no session) and
   * resolves what it did; the next flush resumes there. Declarations the server refuses for good are
   * dropped and reported. Another account's declarations wait for that account. A flush called while
   * one runs gets that one's result: nothing is sent twice. Rejects only when the storage fails.
   *
   * @example
   * ```ts
   * const { delivered, dropped, stoppedBy } = await queue.flush();
   * for (const { error } of dropped) showMessage(error.message);
   * ```
   */
  flush(options: RequestOptions = {}): Promise<FlushResult> {
    this.running ??= this.deliver(options).finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /**
   * Every declaration still queued, oldest first (for every account that queued one on this device).
   *
   * @example
   * ```ts
   * const waiting = (await queue.pending()).length;
   * ```
   */
  async pending(): Promise<QueuedAssessment[]> {
    return this.read();
  }

  /**
   * Stops listening for `online` events. The queue stays in storage.
   *
   * @example
   * ```ts
   * queue.close();
   * ```
   */
  close(): void {
    this.options.online?.removeEventListener('online', this.onOnline);
  }

  private async deliver(options: RequestOptions): Promise<FlushResult> {
    const result: FlushResult = { delivered: [], dropped: [], remaining: 0, stoppedBy: null };
    const account = await this.account();
    if (!account) {
      result.stoppedBy = new AuthError('Sign in first: queued declarations are sent for the account that made them', { code: 'not_signed_in' });
    }
    while (account) {
      const item = (await this.read()).find((i) => i.account_id === account);
      if (!item) break;
      let assessment: Assessment;
      try {
        // Declared when it was queued: a declaration held overnight counts for the day it was made.
        const submission = { ...item.submission, declared_at: item.submission.declared_at ?? item.queued_at };
        assessment = await this.options.sejahtera.assessments.submit(submission, { idempotencyKey: item.idempotencyKey, signal: options.signal });
      } catch (thrown) {
        const error = toSejahteraError(thrown);
        const failures = item.failures + (error.code === 'server_error' ? 1 : 0);
        if (PERMANENT.has(error.code) || failures >= this.maxFailures) {
          await this.remove(item.idempotencyKey);
          result.dropped.push({ item, error });
          this.options.onDropped?.(item, error);
          continue;
        }
        if (failures !== item.failures) {
          await this.change((items) => items.map((i) => (i.idempotencyKey === item.idempotencyKey ? { ...i, failures } : i)));
        }
        result.stoppedBy = error;
        break;
      }
      await this.remove(item.idempotencyKey);
      result.delivered.push({ item, assessment });
      this.options.onDelivered?.(item, assessment);
    }
    result.remaining = (await this.read()).length;
    return result;
  }

  private async account(): Promise<string | null> {
    try {
      return (await this.options.sejahtera.auth.session())?.user.id ?? null;
    } catch {
      return null;
    }
  }

  private read(): Promise<QueuedAssessment[]> {
    return this.locked(async () => parseStored(await this.options.storage.get()));
  }

  private change(update: (items: QueuedAssessment[]) => QueuedAssessment[]): Promise<void> {
    return this.locked(async () => {
      const items = parseStored(await this.options.storage.get());
      const next = update(items);
      if (next !== items) await this.options.storage.set(JSON.stringify({ version: 1, items: next } satisfies StoredQueue));
    });
  }

  private remove(idempotencyKey: string): Promise<void> {
    return this.change((items) => items.filter((i) => i.idempotencyKey !== idempotencyKey));
  }

  private locked<T>(task: () => Promise<T>): Promise<T> {
    const run = this.lock.then(task, task);
    this.lock = run.catch(() => undefined);
    return run;
  }
}

/**
 * An offline queue for health declarations over `storage`, delivering through `sejahtera` (and, with
 * `online`, whenever the device is back online).
 *
 * @example
 * ```ts
 * import { createOfflineQueue, keyValueStorage } from '@sejahtera/sdk';
 * const queue = createOfflineQueue({ sejahtera, storage: keyValueStorage(localStorage), online: window,
 *   onDropped: (item, error) => showMessage(error.message) });
 * await queue.enqueue({ answers });
 * await queue.flush();
 * ```
 */
export function createOfflineQueue(options: OfflineQueueOptions): OfflineQueue {
  return new OfflineQueue(options);
}
