/**
 * From what supabase-js answers to SejahteraError. The database speaks in SQLSTATEs and, for the errors
 * it raises itself, messages of the form "field: what is wrong" (e.g. "identity_number: a MyKad number
 * has 12 digits"); PostgREST adds its own PGRST codes; Auth answers with GoTrue's error codes.
 */
import {
  AbortError,
  AuthError,
  type AuthErrorCode,
  ConflictError,
  type FieldErrorCode,
  type FieldIssue,
  fieldCodeOf,
  NetworkError,
  NotFoundError,
  PermissionError,
  RateLimitError,
  SejahteraError,
  ServerError,
  ValidationError,
  isSejahteraError,
} from './errors.ts';

/** The error half of a PostgREST response, as postgrest-js gives it. */
export interface PostgrestErrorLike {
  message: string;
  details?: string | null;
  hint?: string | null;
  code?: string | null;
}

/** An Auth error, as auth-js gives it. */
export interface AuthErrorLike {
  name?: string;
  message: string;
  status?: number;
  code?: string;
  reasons?: readonly string[];
}

/** "field: reason", as the database words the errors it raises. */
const FIELD_MESSAGE = /^([a-z_][a-z0-9_]*): (.+)$/s;

/** Check constraints whose violation names a field. */
const CONSTRAINT_FIELDS: Readonly<Record<string, string>> = {
  persons_full_name_length: 'full_name',
  persons_nationality_iso: 'nationality',
  persons_phone_e164: 'phone',
  persons_postcode_format: 'postcode',
  persons_email_format: 'email',
  dependents_relationship_known: 'relationship',
};

const VALIDATION_SQLSTATES = new Set([
  '22001', // string too long
  '22003', // numeric out of range
  '22007', // invalid datetime format
  '22008', // datetime out of range
  '22023', // invalid parameter value (the database's own checks)
  '22P02', // invalid text representation (a malformed uuid, enum value or number)
  '23502', // not null
  '23503', // foreign key: an unknown district, questionnaire...
  '23514', // check (constraints, and the database's own checks)
]);

const UNAVAILABLE = new Set([502, 503, 504, 520]);

function fieldOf(error: PostgrestErrorLike): { field?: string; reason: string } {
  const own = FIELD_MESSAGE.exec(error.message);
  if (own) return { field: own[1], reason: own[2] };
  const column = /column "([^"]+)"/.exec(error.message);
  if (error.code === '23502' && column) return { field: column[1], reason: 'is required' };
  const key = /Key \(([^)]+)\)=/.exec(error.details ?? '');
  if (key && error.code === '23503') return { field: key[1], reason: 'is not a known value' };
  if (key && error.code === '23505') return { field: key[1], reason: 'is already taken' };
  const constraint = /constraint "([^"]+)"/.exec(error.message)?.[1];
  if (constraint && CONSTRAINT_FIELDS[constraint]) return { field: CONSTRAINT_FIELDS[constraint], reason: 'is not valid' };
  // Postgres names constraints <table>_<column>_fkey / _key / _check unless told otherwise; it leaves the
  // key out of the details when the role may not read every column, so the name is what is left.
  const table = /(?:table|relation) "([^"]+)"/.exec(error.message)?.[1];
  const named = constraint && table ? new RegExp(`^${table}_([a-z0-9_]+?)_(fkey|key|check)$`).exec(constraint) : null;
  if (named) {
    const reason = named[2] === 'fkey' ? 'is not a known value' : named[2] === 'key' ? 'is already taken' : 'is not valid';
    return { field: named[1], reason };
  }
  return { reason: error.message };
}

function isAbort(message: string): boolean {
  return /^(AbortError|TimeoutError)\b/.test(message);
}

/**
 * A SejahteraError for a PostgREST error. `status` is the HTTP status of the response (0 when none came);
 * `retryAfterMs` is what its Retry-After header said, where the SDK could see it.
 */
export function fromPostgrestError(error: PostgrestErrorLike, status: number, retryAfterMs?: number): SejahteraError {
  const code = error.code ?? '';
  const details = { sqlstate: code || undefined, details: error.details || undefined, hint: error.hint || undefined };
  if (status === 0) {
    if (isAbort(error.message)) return new AbortError(undefined, { cause: error });
    return new NetworkError(`No response from the server: ${error.message}`, { details, cause: error });
  }
  if (status === 429) return new RateLimitError('Too many requests; try again later', { details, retryAfterMs });
  if (code === '42501' || code === 'PGRST301' || code === 'PGRST302' || code === 'PGRST303') {
    // PostgREST answers 401 to the anon role (no session) and 403 to a signed-in user.
    if (status === 401 || code !== '42501') {
      const expired = code === 'PGRST303' || /expired/i.test(error.message);
      return new AuthError(expired ? 'The session has expired; sign in again' : 'Sign in first', {
        code: expired ? 'session_expired' : 'not_signed_in',
        status: 401,
        details,
      });
    }
    const { field, reason } = fieldOf(error);
    const issues = field ? [{ field, code: 'not_allowed' as const, message: reason }] : [];
    return new PermissionError(field ? `${field}: ${reason}` : error.message, { status, details: { ...details, field }, issues });
  }
  if (code === '23505') {
    const { field, reason } = fieldOf(error);
    return new ConflictError(field ? `${field}: ${reason}` : error.message, { status: 409, details, field });
  }
  if (VALIDATION_SQLSTATES.has(code) || (code === 'P0001' && FIELD_MESSAGE.test(error.message))) {
    const { field, reason } = fieldOf(error);
    return new ValidationError(field ? `${field}: ${reason}` : error.message, field ? { [field]: [reason] } : {}, { status, details });
  }
  if (code === 'PGRST116') return new NotFoundError('Nothing found', { status: 404, details });
  if (code === 'PGRST202' || code === 'PGRST205' || code === 'PGRST200' || code === 'PGRST204' || code === '42883' || code === '42P01') {
    return new ServerError(`The API does not match this SDK version: ${error.message}`, { code: 'api_mismatch', status, details });
  }
  if (status === 401) return new AuthError('Sign in first', { code: 'not_signed_in', details });
  if (status === 403) return new PermissionError(error.message, { status, details });
  if (status === 404) return new NotFoundError(error.message, { status, details });
  if (status === 409) return new ConflictError(error.message, { status, details });
  if (UNAVAILABLE.has(status)) return new ServerError(`The server is unavailable (${status})`, { code: 'unavailable', status, details });
  if (status >= 400 && status < 500) return new ValidationError(error.message, {}, { status, details });
  return new ServerError(error.message || `The server failed (${status})`, { status, details });
}

const AUTH_CODES: Readonly<Record<string, AuthErrorCode>> = {
  invalid_credentials: 'invalid_credentials',
  otp_expired: 'invalid_code',
  session_not_found: 'session_expired',
  session_expired: 'session_expired',
  refresh_token_not_found: 'session_expired',
  refresh_token_already_used: 'session_expired',
  bad_jwt: 'session_expired',
  no_authorization: 'not_signed_in',
  email_not_confirmed: 'not_confirmed',
  phone_not_confirmed: 'not_confirmed',
};

/** A SejahteraError for an Auth error (GoTrue's code decides). */
export function fromAuthError(error: AuthErrorLike): SejahteraError {
  const code = error.code ?? '';
  const status = error.status ?? 0;
  const details = { authCode: code || undefined };
  if (error.name === 'AuthSessionMissingError') return new AuthError('Sign in first', { code: 'not_signed_in', details });
  if (error.name === 'AuthRetryableFetchError' || status === 0) {
    if (isAbort(error.message)) return new AbortError(undefined, { cause: error });
    return new NetworkError(`No response from Auth: ${error.message}`, { details });
  }
  if (code.startsWith('over_') || status === 429) return new RateLimitError(error.message, { details });
  if (code === 'weak_password') {
    return new ValidationError(error.message, { password: error.reasons?.length ? [...error.reasons] : [error.message] }, { status, details });
  }
  if (code === 'user_already_exists' || code === 'email_exists' || code === 'phone_exists') {
    return new ConflictError(error.message, { details, field: code === 'phone_exists' ? 'phone' : code === 'email_exists' ? 'email' : undefined });
  }
  if (code === 'validation_failed' || code === 'same_password') {
    const field = /phone/i.test(error.message) ? 'phone' : /email/i.test(error.message) ? 'email' : /password/i.test(error.message) ? 'password' : undefined;
    return new ValidationError(error.message, field ? { [field]: [error.message] } : {}, { status: status || 400, details });
  }
  if (code === 'user_not_found') return new NotFoundError(error.message, { details });
  if (code.endsWith('_disabled') || code === 'user_banned' || code === 'not_admin') return new PermissionError(error.message, { status: status || 403, details });
  const mapped = AUTH_CODES[code];
  return new AuthError(error.message, { code: mapped ?? 'auth_failed', status: status || 401, details });
}

/** One issue as zod reports it: a path, a message, and what zod says of the problem. */
export interface ZodIssueLike {
  /** Where: the field's path. */
  readonly path: ReadonlyArray<PropertyKey>;
  /** What is wrong, in words. */
  readonly message: string;
  /** zod's own code: invalid_type, too_small, too_big, invalid_format, invalid_value, custom... */
  readonly code?: string;
  /** The value found, when parsed with `reportInput`. */
  readonly input?: unknown;
  /** What was checked: string, number, array... */
  readonly origin?: string;
  /** The format an invalid_format issue expected: email, guid, date, datetime, regex... */
  readonly format?: string;
  /** The least allowed, of a too_small issue. */
  readonly minimum?: unknown;
  /** The most allowed, of a too_big issue. */
  readonly maximum?: unknown;
}

/** What zod reports: its issues. */
export interface ZodErrorLike {
  /** Every problem found. */
  readonly issues: ReadonlyArray<ZodIssueLike>;
}

const FORMAT_CODES: Readonly<Record<string, FieldErrorCode>> = {
  email: 'invalid_email',
  guid: 'invalid_id',
  date: 'invalid_date',
  datetime: 'invalid_datetime',
};

function fieldCode(issue: ZodIssueLike, field: string): FieldErrorCode {
  const { code, origin } = issue;
  const sized = origin === 'string' || origin === 'array';
  // The schemas' own checks (patterns, refinements) by their words or their field; zod's by their kind.
  if (code === 'custom' || issue.format === 'regex') return fieldCodeOf(field, issue.message) ?? 'invalid_format';
  // zod reports the input only when asked (reportInput, as this SDK parses); without it, as for a form's
  // fields (text, or missing), a value of the wrong type reads as missing.
  if (code === 'invalid_type') return issue.input === undefined ? 'required' : 'invalid_type';
  if (code === 'too_small') return sized ? (issue.minimum === 1 ? 'required' : 'too_short') : 'too_small';
  if (code === 'too_big') return sized ? 'too_long' : 'too_big';
  if (code === 'invalid_format') return FORMAT_CODES[issue.format ?? ''] ?? 'invalid_format';
  if (code === 'invalid_value') return 'input' in issue && issue.input === undefined ? 'required' : 'invalid_choice';
  return 'invalid';
}

/**
 * The issues of a failed zod parse (`schema.safeParse(values).error`) with the SDK's stable codes: what a
 * form that validates with the SDK's schemas shows, and what a ValidationError carries. Parse with
 * `{ reportInput: true }` to tell a value of the wrong type (`invalid_type`) from a missing one (`required`).
 *
 * @example
 * ```ts
 * const result = registerProfileSchema.safeParse(values);
 * if (!result.success) for (const { field, code, params } of fieldIssues(result.error)) errors[field] = t(`errors.${code}`, params);
 * ```
 */
export function fieldIssues(error: ZodErrorLike): FieldIssue[] {
  return error.issues.map((issue) => {
    const { minimum, maximum } = issue;
    const field = issue.path.map(String).join('.') || '_';
    const found: FieldIssue = { field, code: fieldCode(issue, field), message: issue.message };
    // The limit a too_short/too_long message names, for a form to word it.
    return minimum !== undefined || maximum !== undefined ? { ...found, params: minimum !== undefined ? { minimum: Number(minimum) } : { maximum: Number(maximum) } } : found;
  });
}

/** A ValidationError listing every problem zod found, by field path ("answers.cough"), with stable codes. */
export function fromZodError(error: ZodErrorLike, message = 'Some fields are not valid'): ValidationError {
  const issues = fieldIssues(error);
  const first = issues[0];
  const summary = issues.length === 1 && first ? `${first.field === '_' ? 'input' : first.field}: ${first.message}` : message;
  return new ValidationError(summary, issues);
}

/** Anything thrown (a supabase-js error, a TypeError from fetch) as a SejahteraError. */
export function toSejahteraError(error: unknown): SejahteraError {
  if (isSejahteraError(error)) return error;
  if (error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError')) return new AbortError(undefined, { cause: error });
  if (typeof error === 'object' && error !== null && 'message' in error) {
    const e = error as AuthErrorLike & { __isAuthError?: boolean };
    if (e.__isAuthError) return fromAuthError(e);
    return new SejahteraError(String(e.message), { code: 'server_error', status: 500, cause: error });
  }
  return new SejahteraError(String(error), { code: 'server_error', status: 500 });
}
