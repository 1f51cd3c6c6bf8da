/**
 * How every namespace reaches the API: one supabase-js client, the retry policy for safe requests,
 * aborts through `signal`, every failure as a SejahteraError, and who is signed in.
 */
import type { SupabaseClient } from '@supabase/supabase-js';
import * as z from 'zod/mini';
import type { Database } from '../database.types.ts';
import { AbortError, AuthError, NotFoundError, type SejahteraError } from './errors.ts';
import { type AuthErrorLike, type PostgrestErrorLike, fromAuthError, fromPostgrestError, fromZodError, toSejahteraError } from './mapErrors.ts';
import { type RetryPolicy, backoffMs, isRetryable, parseRetryAfter, sleep } from './retry.ts';

/** Per-call options, last in every method. */
export interface RequestOptions {
  /** Aborts the call: it rejects with AbortError, and no retry follows. */
  signal?: AbortSignal;
}

/** Per-call options of submissions, which carry an idempotency key. */
export interface SubmitOptions extends RequestOptions {
  /** The same key for every retry of one submission, so it is stored once; generated when left out. */
  idempotencyKey?: string;
}

/** What postgrest-js resolves to. */
export interface PostgrestResult<T> {
  data: T | null;
  error: PostgrestErrorLike | null;
  status: number;
}

/** A postgrest-js request (a builder, before it is awaited). */
export interface PostgrestRequest<T> extends PromiseLike<PostgrestResult<T>> {
  retry(enabled: boolean): unknown;
}

/** The rows (or row) a request resolves to, when it succeeds. */
export type DataOf<B> = B extends PromiseLike<infer R> ? (R extends { data: infer D } ? NonNullable<D> : never) : never;

/** Whether a request may be sent again: reads and idempotent submissions may, other writes may not. */
export type Safety = 'safe' | 'unsafe';

/** A fetch that remembers each 429/503 response's Retry-After by its request's signal. */
export function retryAfterRecordingFetch(base: () => typeof fetch, hints: WeakMap<AbortSignal, number>): typeof fetch {
  return async (input, init) => {
    const response = await base()(input, init);
    if ((response.status === 429 || response.status === 503) && init?.signal) {
      const ms = parseRetryAfter(response.headers.get('retry-after'));
      if (ms !== undefined) hints.set(init.signal, ms);
    }
    return response;
  };
}

/** A signal for one attempt, aborted with the caller's. */
function attemptSignal(caller: AbortSignal | undefined): { signal: AbortSignal; release: () => void } {
  const controller = new AbortController();
  if (!caller) return { signal: controller.signal, release: () => {} };
  const onAbort = () => controller.abort(caller.reason);
  if (caller.aborted) controller.abort(caller.reason);
  else caller.addEventListener('abort', onAbort, { once: true });
  return { signal: controller.signal, release: () => caller.removeEventListener('abort', onAbort) };
}

/** The `sub` claim of a JWT, unverified. */
function subjectOf(token: string): string | undefined {
  try {
    const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const claims: unknown = JSON.parse(atob(payload.padEnd(payload.length + ((4 - (payload.length % 4)) % 4), '=')));
    return typeof claims === 'object' && claims !== null && 'sub' in claims && typeof claims.sub === 'string' ? claims.sub : undefined;
  } catch {
    return undefined;
  }
}

export class Transport {
  readonly supabase: SupabaseClient<Database>;
  readonly retry: RetryPolicy;
  readonly language: Database['public']['Enums']['language'];
  private readonly hints: WeakMap<AbortSignal, number>;
  private readonly personIds = new Map<string, string>();

  constructor(
    supabase: SupabaseClient<Database>,
    retry: RetryPolicy,
    language: Database['public']['Enums']['language'],
    hints: WeakMap<AbortSignal, number>,
  ) {
    this.supabase = supabase;
    this.retry = retry;
    this.language = language;
    this.hints = hints;
  }

  /** Validates `input` with `schema`; bad input throws ValidationError before any request. */
  parse<S extends z.ZodMiniType>(schema: S, input: unknown): z.output<S> {
    // With the input in each issue, a missing field is told apart from a wrong one (required vs invalid_type).
    const result = z.safeParse(schema, input, { reportInput: true });
    if (!result.success) throw fromZodError(result.error);
    return result.data;
  }

  /**
   * Runs a PostgREST request built by `build` (which must pass the signal it is given to the builder's
   * `abortSignal`). Safe requests are retried by this SDK's policy (postgrest-js's own retry is turned
   * off, so there is one policy); unsafe ones are sent once.
   */
  async request<B extends PostgrestRequest<unknown>>(safety: Safety, build: (signal: AbortSignal) => B, options: RequestOptions = {}): Promise<DataOf<B> | null> {
    const maxRetries = safety === 'safe' ? this.retry.maxRetries : 0;
    for (let attempt = 0; ; attempt++) {
      if (options.signal?.aborted) throw new AbortError();
      const { signal, release } = attemptSignal(options.signal);
      let result: PostgrestResult<unknown>;
      try {
        const request = build(signal);
        request.retry(false);
        result = await request;
      } catch (thrown) {
        throw options.signal?.aborted ? new AbortError() : toSejahteraError(thrown);
      } finally {
        release();
      }
      if (!result.error) return (result.data ?? null) as DataOf<B> | null;
      if (options.signal?.aborted) throw new AbortError();
      const retryAfterMs = this.hints.get(signal);
      const error = fromPostgrestError(result.error, result.status, retryAfterMs);
      if (attempt >= maxRetries || !isRetryable(error)) throw error;
      if (retryAfterMs !== undefined && retryAfterMs > this.retry.maxRetryAfterMs) throw error;
      await sleep(retryAfterMs ?? backoffMs(attempt, this.retry), options.signal);
    }
  }

  /** Like request, for a row that must be there: none throws what `notFound` makes. */
  async requestOne<B extends PostgrestRequest<unknown>>(
    safety: Safety,
    build: (signal: AbortSignal) => B,
    options: RequestOptions,
    notFound: () => SejahteraError,
  ): Promise<DataOf<B>> {
    const data = await this.request(safety, build, options);
    if (data === null || (Array.isArray(data) && (data as unknown[]).length === 0)) throw notFound();
    return data;
  }

  /** Runs an Auth call (never retried: every Auth call changes something or counts against a rate limit). */
  async auth<R extends { data: unknown; error: AuthErrorLike | null }>(call: () => Promise<R>): Promise<Extract<R, { error: null }>['data']> {
    let result: R;
    try {
      result = await call();
    } catch (thrown) {
      throw toSejahteraError(thrown);
    }
    if (result.error) throw fromAuthError(result.error);
    return result.data as Extract<R, { error: null }>['data'];
  }

  /** The signed-in user's id; AuthError when no one is signed in. */
  async userId(): Promise<string> {
    const { data } = await this.supabase.auth.getSession();
    // The token's subject, not session.user: on a server (@supabase/ssr) reading the stored user warns
    // that it is unverified. The id only narrows queries; row-level security decides what is returned.
    const id = data.session ? subjectOf(data.session.access_token) : undefined;
    if (!id) throw new AuthError('Sign in first', { code: 'not_signed_in' });
    return id;
  }

  /**
   * The signed-in user's own person id (their profile's), or `person` when given. NotFoundError when
   * they have not registered a profile yet.
   */
  async personId(person: string | undefined, options: RequestOptions = {}): Promise<string> {
    if (person !== undefined) return person;
    const user = await this.userId();
    const known = this.personIds.get(user);
    if (known) return known;
    const row = await this.request(
      'safe',
      (signal) => this.supabase.from('persons').select('id').eq('account_id', user).abortSignal(signal).maybeSingle(),
      options,
    );
    if (!row) throw new NotFoundError('Register a profile first: this account has none yet', { details: { reason: 'no_profile' } });
    this.personIds.set(user, row.id);
    return row.id;
  }

  /** Forgets cached person ids (after sign-out). */
  forget(): void {
    this.personIds.clear();
  }
}
