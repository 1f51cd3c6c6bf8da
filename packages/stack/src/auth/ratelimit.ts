/**
 * GoTrue's rate limits (api/limiter.go), counted in memory as GoTrue counts them per instance:
 * requests per IP address in a window (sign-ins and sign-ups, token grants, verifications,
 * anonymous sign-ins) and messages sent project-wide per hour (emails, SMS). Each limit is a
 * sliding window, so a 429 can say exactly when the next request will be let through.
 */
import type { RateLimits } from '../config.ts';
import { tooManyRequests } from './errors.ts';

/** What a limit counts; the per-IP ones are keyed by address, the send limits by the project. */
export type Bucket = 'signInSignUps' | 'tokenRefresh' | 'tokenVerifications' | 'anonymousUsers' | 'emailSent' | 'smsSent';

/** Window of each bucket, seconds. */
const WINDOWS: Record<Bucket, number> = {
  signInSignUps: 300,
  tokenRefresh: 300,
  tokenVerifications: 300,
  anonymousUsers: 3600,
  emailSent: 3600,
  smsSent: 3600,
};

export class RateLimiter {
  readonly #limits: RateLimits;
  /** bucket:key -> times of the requests still in the window, oldest first (ms) */
  readonly #hits = new Map<string, number[]>();
  readonly #now: () => number;

  constructor(limits: RateLimits, now: () => number = Date.now) {
    this.#limits = limits;
    this.#now = now;
  }

  /**
   * Counts one request and reports whether it is within the limit; when it is not, nothing is
   * counted and `retryAfter` says in how many seconds one will be.
   */
  take(bucket: Bucket, key: string): { allowed: true } | { allowed: false; retryAfter: number } {
    const limit = this.#limits[bucket];
    const windowMs = WINDOWS[bucket] * 1000;
    const now = this.#now();
    const id = `${bucket}:${key}`;
    const hits = (this.#hits.get(id) ?? []).filter((t) => t > now - windowMs);
    if (hits.length >= limit) {
      this.#hits.set(id, hits);
      const oldest = hits[hits.length - limit] ?? now;
      return { allowed: false, retryAfter: Math.max(1, Math.ceil((oldest + windowMs - now) / 1000)) };
    }
    hits.push(now);
    this.#hits.set(id, hits);
    if (this.#hits.size > 10_000) this.#prune(now);
    return { allowed: true };
  }

  /** Throws GoTrue's 429 over_request_rate_limit when the address is over its limit. */
  limitRequest(bucket: Bucket, ip: string): void {
    const result = this.take(bucket, ip);
    if (!result.allowed) throw tooManyRequests('over_request_rate_limit', 'Request rate limit reached', result.retryAfter);
  }

  /** Forgets all counts (a test helper; GoTrue's counters also start empty on restart). */
  reset(): void {
    this.#hits.clear();
  }

  #prune(now: number) {
    for (const [id, hits] of this.#hits) {
      const bucket = id.slice(0, id.indexOf(':')) as Bucket;
      if (!hits.some((t) => t > now - WINDOWS[bucket] * 1000)) this.#hits.delete(id);
    }
  }
}
