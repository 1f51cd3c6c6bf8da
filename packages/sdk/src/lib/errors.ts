/**
 * Every error the SDK throws is a SejahteraError: a stable `code` to branch on, the HTTP `status` it
 * stands for, redacted `details`, and `toJSON()` for logs and server responses. As in auth-js, a brand
 * property (not `instanceof`) tells them apart, so the guards work when an app bundles two copies of the
 * SDK (a web site and an embedded widget, or ESM and CJS builds side by side).
 */
import { redact, redactText } from './redact.ts';

/** The stable codes of SejahteraError, one set per subclass. */
export type SejahteraErrorCode =
  | 'validation_failed'
  | AuthErrorCode
  | 'permission_denied'
  | 'not_found'
  | 'conflict'
  | 'rate_limited'
  | 'network_error'
  | 'aborted'
  | ServerErrorCode;

/** Why authentication failed. */
export type AuthErrorCode =
  /** No one is signed in, or the request carried no usable session. */
  | 'not_signed_in'
  /** Wrong email, phone or password. */
  | 'invalid_credentials'
  /** The one-time code is wrong or has expired. */
  | 'invalid_code'
  /** The session expired or was signed out elsewhere: sign in again. */
  | 'session_expired'
  /** The email or phone has not been confirmed yet. */
  | 'not_confirmed'
  /** Any other refusal by Auth. */
  | 'auth_failed';

/** What went wrong on the server's side. */
export type ServerErrorCode =
  /** The server failed; retrying may or may not help. */
  | 'server_error'
  /** The server is temporarily unavailable (502, 503, 504). */
  | 'unavailable'
  /** The API does not have what this SDK version calls: the SDK and the database are out of step. */
  | 'api_mismatch';

/** Extra information about an error; already redacted. */
export type ErrorDetails = Readonly<Record<string, unknown>>;

/** Per-field messages: the field's name (as in the input or the database column) to what is wrong with it. */
export type FieldErrors = Readonly<Record<string, readonly string[]>>;

/** The JSON form of a SejahteraError (what `toJSON()` returns). */
export interface SejahteraErrorJSON {
  /** The class's name, e.g. `ValidationError`. */
  name: string;
  /** The stable code. */
  code: SejahteraErrorCode;
  /** The HTTP status it stands for; 0 when no response came. */
  status: number;
  /** What went wrong, redacted. */
  message: string;
  /** Redacted extra information. */
  details: ErrorDetails;
  /** Per-field messages, for a ValidationError. */
  fields?: FieldErrors;
  /** How long to wait, for a RateLimitError, when the server said. */
  retryAfterMs?: number;
}

/** What an error is constructed with, besides its message. */
export interface SejahteraErrorInit<C extends SejahteraErrorCode = SejahteraErrorCode> {
  /** The stable code (fixed by most subclasses). */
  code?: C;
  /** The HTTP status it stands for. */
  status?: number;
  /** Extra information; redacted before it is kept. */
  details?: Record<string, unknown>;
  /** The error it was caused by. */
  cause?: unknown;
}

/** The base class of every error the SDK throws. */
export class SejahteraError extends Error {
  /** Stable: branch on this, not on the message. */
  readonly code: SejahteraErrorCode;
  /** The HTTP status this error stands for (the response's, where there was one). 0 when no response came. */
  readonly status: number;
  /** Redacted extra information: the database's SQLSTATE, hint, constraint, Auth's error code... */
  readonly details: ErrorDetails;
  /** @internal brand checked by isSejahteraError(), across bundles. */
  protected readonly __isSejahteraError = true;

  constructor(message: string, init: SejahteraErrorInit = {}) {
    super(redactText(message), init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'SejahteraError';
    this.code = init.code ?? 'server_error';
    this.status = init.status ?? 500;
    this.details = Object.freeze(redact(init.details ?? {}));
  }

  /**
   * The error as plain JSON, for logs and server responses: already redacted.
   *
   * @example
   * ```ts
   * catch (error) { if (isSejahteraError(error)) return Response.json(error.toJSON(), { status: error.status }); }
   * ```
   */
  toJSON(): SejahteraErrorJSON {
    return { name: this.name, code: this.code, status: this.status, message: this.message, details: this.details };
  }
}

/** The input is not acceptable: `fields` says what is wrong with each field. Thrown before any request where the SDK can tell. */
export class ValidationError extends SejahteraError {
  /** Field name to messages, as forms show them next to each input. */
  readonly fields: FieldErrors;

  constructor(message: string, fields: Record<string, readonly string[]> = {}, init: SejahteraErrorInit<'validation_failed'> = {}) {
    super(message, { status: 400, ...init, code: 'validation_failed' });
    this.name = 'ValidationError';
    this.fields = Object.freeze(
      Object.fromEntries(Object.entries(fields).map(([field, messages]) => [field, Object.freeze(messages.map(redactText))])),
    );
  }

  override toJSON(): SejahteraErrorJSON {
    return { ...super.toJSON(), fields: this.fields };
  }
}

/** Not signed in, wrong credentials or code, or an expired session. */
export class AuthError extends SejahteraError {
  declare readonly code: AuthErrorCode;

  constructor(message: string, init: SejahteraErrorInit<AuthErrorCode> = {}) {
    super(message, { status: 401, code: 'auth_failed', ...init });
    this.name = 'AuthError';
  }
}

/** Signed in, but not allowed to do this (row-level security, a missing grant, a disabled feature). */
export class PermissionError extends SejahteraError {
  constructor(message: string, init: SejahteraErrorInit<'permission_denied'> = {}) {
    super(message, { status: 403, ...init, code: 'permission_denied' });
    this.name = 'PermissionError';
  }
}

/** Nothing found that the caller may see. Row-level security hides other people's rows, so "not yours" reads as not found too. */
export class NotFoundError extends SejahteraError {
  constructor(message: string, init: SejahteraErrorInit<'not_found'> = {}) {
    super(message, { status: 404, ...init, code: 'not_found' });
    this.name = 'NotFoundError';
  }
}

/** The write clashes with what exists: a profile already registered, an identity document held by someone else. */
export class ConflictError extends SejahteraError {
  /** The field that clashes, where known. */
  readonly field: string | undefined;

  constructor(message: string, init: SejahteraErrorInit<'conflict'> & { field?: string } = {}) {
    super(message, { status: 409, ...init, code: 'conflict' });
    this.name = 'ConflictError';
    this.field = init.field;
  }
}

/** Too many requests: wait `retryAfterMs` (when the server said) before trying again. */
export class RateLimitError extends SejahteraError {
  /** How long the server asked to wait, in ms, when it said. */
  readonly retryAfterMs: number | undefined;

  constructor(message: string, init: SejahteraErrorInit<'rate_limited'> & { retryAfterMs?: number } = {}) {
    super(message, { status: 429, ...init, code: 'rate_limited' });
    this.name = 'RateLimitError';
    this.retryAfterMs = init.retryAfterMs;
  }

  override toJSON(): SejahteraErrorJSON {
    return this.retryAfterMs === undefined ? super.toJSON() : { ...super.toJSON(), retryAfterMs: this.retryAfterMs };
  }
}

/** No response came: offline, DNS, a dropped connection. Safe reads were already retried. */
export class NetworkError extends SejahteraError {
  constructor(message: string, init: SejahteraErrorInit<'network_error'> = {}) {
    super(message, { status: 0, ...init, code: 'network_error' });
    this.name = 'NetworkError';
  }
}

/** The caller aborted the request through its `signal`. Named `AbortError`, as the platform's own aborts are. */
export class AbortError extends SejahteraError {
  constructor(message = 'The request was aborted', init: SejahteraErrorInit<'aborted'> = {}) {
    super(message, { status: 0, ...init, code: 'aborted' });
    this.name = 'AbortError';
  }
}

/** The server failed, is unavailable, or does not match this SDK version. */
export class ServerError extends SejahteraError {
  declare readonly code: ServerErrorCode;

  constructor(message: string, init: SejahteraErrorInit<ServerErrorCode> = {}) {
    super(message, { status: 500, code: 'server_error', ...init });
    this.name = 'ServerError';
  }
}

function branded(error: unknown): error is SejahteraError {
  return typeof error === 'object' && error !== null && (error as { __isSejahteraError?: unknown }).__isSejahteraError === true;
}

/**
 * Whether `error` is any error of this SDK, from this copy of it or another.
 *
 * @example
 * ```ts
 * try { await sejahtera.profile.get(); } catch (error) { if (isSejahteraError(error)) console.log(error.code); }
 * ```
 */
export function isSejahteraError(error: unknown): error is SejahteraError {
  return branded(error);
}

/**
 * Whether `error` is a ValidationError (with its per-field `fields`).
 *
 * @example
 * ```ts
 * if (isValidationError(error)) return fail(400, { errors: error.fields });
 * ```
 */
export function isValidationError(error: unknown): error is ValidationError {
  return branded(error) && error.code === 'validation_failed';
}

/**
 * Whether `error` is an AuthError.
 *
 * @example
 * ```ts
 * if (isAuthError(error) && error.code === 'session_expired') redirect(303, '/sign-in');
 * ```
 */
export function isAuthError(error: unknown): error is AuthError {
  return branded(error) && error.name === 'AuthError';
}

/**
 * Whether `error` is a PermissionError.
 *
 * @example
 * ```ts
 * if (isPermissionError(error)) showMessage('You may not do this');
 * ```
 */
export function isPermissionError(error: unknown): error is PermissionError {
  return branded(error) && error.code === 'permission_denied';
}

/**
 * Whether `error` is a NotFoundError.
 *
 * @example
 * ```ts
 * if (isNotFoundError(error)) error(404);
 * ```
 */
export function isNotFoundError(error: unknown): error is NotFoundError {
  return branded(error) && error.code === 'not_found';
}

/**
 * Whether `error` is a ConflictError.
 *
 * @example
 * ```ts
 * if (isConflictError(error)) form.setError(error.field ?? 'full_name', error.message);
 * ```
 */
export function isConflictError(error: unknown): error is ConflictError {
  return branded(error) && error.code === 'conflict';
}

/**
 * Whether `error` is a RateLimitError.
 *
 * @example
 * ```ts
 * if (isRateLimitError(error)) await wait(error.retryAfterMs ?? 5000);
 * ```
 */
export function isRateLimitError(error: unknown): error is RateLimitError {
  return branded(error) && error.code === 'rate_limited';
}

/**
 * Whether `error` is a NetworkError.
 *
 * @example
 * ```ts
 * if (isNetworkError(error)) showOfflineBanner();
 * ```
 */
export function isNetworkError(error: unknown): error is NetworkError {
  return branded(error) && error.code === 'network_error';
}
