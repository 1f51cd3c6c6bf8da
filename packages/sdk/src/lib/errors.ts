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

/**
 * What is wrong with a field, as a stable machine code: forms branch on it, or word it in their own
 * language, rather than matching the English message. Codes are only ever added, never renamed.
 */
export type FieldErrorCode =
  /** Missing or blank. */
  | 'required'
  /** Text shorter than `params.minimum` characters, or a list with fewer items. */
  | 'too_short'
  /** Text longer than `params.maximum` characters, or a list with more items. */
  | 'too_long'
  /** A number below `params.minimum`. */
  | 'too_small'
  /** A number above `params.maximum`. */
  | 'too_big'
  /** Text of a length the database refuses (a name of 2 to 200 characters). */
  | 'invalid_length'
  /** Not the kind of value expected (a number for text, text for true/false). */
  | 'invalid_type'
  /** Not one of the allowed values (an enum: a gender, a relationship, a language). */
  | 'invalid_choice'
  /** Not in the expected form, where no more specific code applies. */
  | 'invalid_format'
  /** Not an id (a uuid). */
  | 'invalid_id'
  /** Not a date (YYYY-MM-DD), or not a real one. */
  | 'invalid_date'
  /** Not a date and time (ISO 8601). */
  | 'invalid_datetime'
  /** A date after today (in Malaysia) where only past dates make sense. */
  | 'future_date'
  /** Too long ago (a declaration held offline for more than 48 hours). */
  | 'too_old'
  /** Not a time of day (HH:MM). */
  | 'invalid_time'
  /** Not an email address. */
  | 'invalid_email'
  /** Not a phone number in international form. */
  | 'invalid_phone'
  /** Not a Malaysian mobile number (01x-xxx xxxx), as sign-up by SMS needs. */
  | 'invalid_mobile'
  /** Not the 6-digit one-time code. */
  | 'invalid_code'
  /** A password without a letter or a digit, or one Auth finds too weak. */
  | 'weak_password'
  /** A MyKad (or MyPR) number without 12 digits. */
  | 'invalid_mykad'
  /** A MyKad number whose first six digits are not a real date of birth. */
  | 'invalid_mykad_date'
  /** A MyKad number whose digits 7 and 8 are not a place-of-birth code. */
  | 'invalid_place_of_birth'
  /** A passport number that is not 5 to 20 letters and digits. */
  | 'invalid_passport'
  /** Another document's number that is not 3 to 30 characters. */
  | 'invalid_document'
  /** A date of birth that differs from the one in the MyKad number. */
  | 'mykad_mismatch'
  /** Not a 5-digit postcode. */
  | 'invalid_postcode'
  /** Not a two-letter country code. */
  | 'invalid_country'
  /** Not a known district (or not one of the given state). */
  | 'invalid_district'
  /** Not a known state. */
  | 'invalid_state'
  /** An answer to a question the questionnaire does not have. */
  | 'unknown_question'
  /** A question left unanswered. */
  | 'missing_answer'
  /** An answer that is not true or false. */
  | 'invalid_answer'
  /** Not a published questionnaire. */
  | 'not_published'
  /** A reference to something that does not exist (a foreign key). */
  | 'unknown_value'
  /** Already used by another record (an identity document, a case number, an email). */
  | 'taken'
  /** The record is closed or published and can no longer be changed. */
  | 'closed'
  /** Not the caller's to use (someone else's person, a case they do not handle). */
  | 'not_allowed'
  /** An update that names nothing to change. */
  | 'nothing_to_change'
  /** Anything else wrong with the field. */
  | 'invalid';

/**
 * What is wrong with a field, as a code, by the words that say it: the SDK's schemas and the database
 * (supabase/migrations) word their checks in English, and where one field can be wrong in several ways
 * the words tell which. The first key the message contains wins; then the field's own code; then one by
 * the kind of check (zod's issue code).
 */
const WORD_CODES = Object.entries({
  '12 digits': 'invalid_mykad',
  'real date': 'invalid_mykad_date',
  'place-of-birth': 'invalid_place_of_birth',
  'passport number': 'invalid_passport',
  'document number': 'invalid_document',
  'match the date': 'mykad_mismatch',
  'in the future': 'future_date',
  'what to change': 'nothing_to_change',
  'say ': 'required',
  'Malaysian mobile': 'invalid_mobile',
  'contain a': 'weak_password',
  'not a question': 'unknown_question',
  'no answer': 'missing_answer',
  'true or false': 'invalid_answer',
  'closed': 'closed',
  'published at': 'closed',
  'cannot be': 'closed',
  'already': 'taken',
  'must be child': 'invalid_choice',
  'is required': 'required',
  'ISO 8601 date and time': 'invalid_datetime',
  'whole number': 'invalid_type',
  'known value': 'unknown_value',
} satisfies Record<string, FieldErrorCode>);

/** The code of a field that can be wrong in one way only (besides being missing or too long). */
const FIELD_CODES: Readonly<Record<string, FieldErrorCode>> = {
  full_name: 'invalid_length',
  idempotency_key: 'invalid_length',
  phone: 'invalid_phone',
  email: 'invalid_email',
  postcode: 'invalid_postcode',
  nationality: 'invalid_country',
  district_code: 'invalid_district',
  state_code: 'invalid_state',
  reminder_time: 'invalid_time',
  code: 'invalid_code',
  password: 'weak_password',
  questionnaire_id: 'not_published',
  declared_at: 'too_old',
};

/** @internal The code of a field's problem by the words of its message and by the field, if either tells. */
export function fieldCodeOf(field: string, message: string): FieldErrorCode | undefined {
  return WORD_CODES.find(([words]) => message.includes(words))?.[1] ?? FIELD_CODES[field];
}

/** One thing wrong with one field: where, a stable code, and the words. */
export interface FieldIssue {
  /** The field, as named in the input or the database column ("answers.cough" when nested; "_" for the input as a whole). */
  readonly field: string;
  /** Stable: branch on this, not on the message. */
  readonly code: FieldErrorCode;
  /** What is wrong, in English (the schema's or the database's words), redacted. */
  readonly message: string;
  /** The limit a too_short, too_long, too_small or too_big message names: `{ minimum: 8 }`, `{ maximum: 200 }`. */
  readonly params?: Readonly<Record<string, number>>;
}

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
  /** What is wrong with each field, with stable codes, when the error is about fields. */
  issues?: readonly FieldIssue[];
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
  /** What is wrong with which field, with stable codes. */
  issues?: readonly FieldIssue[];
}

/** The base class of every error the SDK throws. */
export class SejahteraError extends Error {
  /** Stable: branch on this, not on the message. */
  readonly code: SejahteraErrorCode;
  /** The HTTP status this error stands for (the response's, where there was one). 0 when no response came. */
  readonly status: number;
  /** Redacted extra information: the database's SQLSTATE, hint, constraint, Auth's error code... */
  readonly details: ErrorDetails;
  /** What is wrong with which field, each with a stable `code` (empty when the error is not about fields). */
  readonly issues: readonly FieldIssue[];
  /** @internal brand checked by isSejahteraError(), across bundles. */
  protected readonly __isSejahteraError = true;

  constructor(message: string, init: SejahteraErrorInit = {}) {
    super(redactText(message), init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'SejahteraError';
    this.code = init.code ?? 'server_error';
    this.status = init.status ?? 500;
    this.details = Object.freeze(redact(init.details ?? {}));
    this.issues = Object.freeze((init.issues ?? []).map((issue) => Object.freeze(redact(issue))));
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
    const json: SejahteraErrorJSON = { name: this.name, code: this.code, status: this.status, message: this.message, details: this.details };
    if (this.issues.length > 0) json.issues = this.issues;
    return json;
  }
}

/**
 * The input is not acceptable: `issues` says what is wrong with each field, with a stable code, and
 * `fields` the same messages by field. Thrown before any request where the SDK can tell.
 */
export class ValidationError extends SejahteraError {
  /** Field name to messages, as forms show them next to each input. */
  readonly fields: FieldErrors;

  /** `problems`: the issues, or field names to messages (each coded by its words or its field, else `invalid`). */
  constructor(message: string, problems: readonly FieldIssue[] | Record<string, readonly string[]> = {}, init: SejahteraErrorInit<'validation_failed'> = {}) {
    const issues = Array.isArray(problems)
      ? problems
      : Object.entries(problems).flatMap(([field, messages]) => messages.map((text: string): FieldIssue => ({ field, code: fieldCodeOf(field, text) ?? 'invalid', message: text })));
    super(message, { status: 400, ...init, issues, code: 'validation_failed' });
    this.name = 'ValidationError';
    const fields: Record<string, string[]> = {};
    for (const issue of this.issues) (fields[issue.field] ??= []).push(issue.message);
    this.fields = Object.freeze(Object.fromEntries(Object.entries(fields).map(([field, messages]) => [field, Object.freeze(messages)])));
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

  /** A `field` without `issues` makes one issue of it, coded `taken`. */
  constructor(message: string, init: SejahteraErrorInit<'conflict'> & { field?: string } = {}) {
    const issues = init.issues ?? (init.field ? [{ field: init.field, code: 'taken' as const, message: message.replace(/^[a-z_]+: /, '') }] : undefined);
    super(message, { status: 409, ...init, issues, code: 'conflict' });
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
