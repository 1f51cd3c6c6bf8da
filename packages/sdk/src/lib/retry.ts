/**
 * The retry policy, as stripe-node's: only safe requests (reads, and submissions that carry an
 * idempotency key) are retried, on failures that a retry can cure (no response, 429, 502/503/504),
 * with exponential backoff and full jitter, waiting what Retry-After says when the server says it.
 */
import { AbortError, type SejahteraError } from './errors.ts';

/** How safe requests are retried. */
export interface RetryOptions {
  /** Retries after the first attempt (default 2; 0 turns retrying off). */
  maxRetries?: number;
  /** The first backoff's upper bound in ms (default 300); each retry doubles it. */
  baseDelayMs?: number;
  /** The largest backoff in ms (default 5000). */
  maxDelayMs?: number;
  /** A Retry-After longer than this (ms, default 30000) is not waited for: the error is thrown instead. */
  maxRetryAfterMs?: number;
}

export type RetryPolicy = Required<RetryOptions>;

export const DEFAULT_RETRY: RetryPolicy = { maxRetries: 2, baseDelayMs: 300, maxDelayMs: 5000, maxRetryAfterMs: 30_000 };

export function retryPolicy(options: RetryOptions | false | undefined): RetryPolicy {
  if (options === false) return { ...DEFAULT_RETRY, maxRetries: 0 };
  return { ...DEFAULT_RETRY, ...options };
}

/** Whether a retry may cure this error. */
export function isRetryable(error: SejahteraError): boolean {
  return error.code === 'network_error' || error.code === 'rate_limited' || error.code === 'unavailable';
}

/** Milliseconds to wait before retry number `attempt` (0-based): full jitter over an exponential bound. */
export function backoffMs(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const bound = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.floor(random() * bound);
}

/** A Retry-After header's value (seconds, or an HTTP date) in milliseconds, if it holds one. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Waits `ms`, or throws AbortError as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new AbortError());
    const onAbort = () => {
      clearTimeout(timer);
      reject(new AbortError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
