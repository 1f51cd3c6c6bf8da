/**
 * GoTrue's errors (internal/api/errors.go, apierrors/). An HTTPError renders in one of two shapes:
 * clients that send `X-Supabase-Api-Version: 2024-01-01` (supabase-js does) get `{code, message}`
 * with the error code as `code`; older clients get `{code: <status>, error_code, msg}`. A few OAuth
 * paths of /token still answer `{error, error_description}` with 400, as GoTrue does.
 */

export const API_VERSION_HEADER = 'X-Supabase-Api-Version';
const API_VERSION_2024_01_01 = '2024-01-01';

export class HTTPError extends Error {
  readonly status: number;
  readonly errorCode: string;
  /** extra response headers, e.g. Retry-After on 429 */
  readonly headers: Record<string, string>;

  constructor(status: number, errorCode: string, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.status = status;
    this.errorCode = errorCode;
    this.headers = headers;
  }
}

/** A password that fails the strength policy: 422 weak_password with the reasons attached. */
export class WeakPasswordError extends Error {
  readonly reasons: string[];

  constructor(message: string, reasons: string[]) {
    super(message);
    this.reasons = reasons;
  }
}

/** RFC 6749 error body, which GoTrue always sends with 400. */
export class OAuthError extends Error {
  readonly error: string;
  readonly description: string;

  constructor(error: string, description: string) {
    super(`${error}: ${description}`);
    this.error = error;
    this.description = description;
  }
}

export const badRequest = (code: string, message: string) => new HTTPError(400, code, message);
export const unauthorized = (code: string, message: string) => new HTTPError(401, code, message);
export const forbidden = (code: string, message: string) => new HTTPError(403, code, message);
export const notFound = (code: string, message: string) => new HTTPError(404, code, message);
export const conflict = (message: string) => new HTTPError(409, 'conflict', message);
export const unprocessable = (code: string, message: string) => new HTTPError(422, code, message);
export const internal = (message: string) => new HTTPError(500, 'unexpected_failure', message);

export function tooManyRequests(code: string, message: string, retryAfterSeconds: number): HTTPError {
  return new HTTPError(429, code, message, { 'Retry-After': String(Math.max(1, Math.ceil(retryAfterSeconds))) });
}

export const DUPLICATE_EMAIL_MESSAGE = 'A user with this email address has already been registered';
export const DUPLICATE_PHONE_MESSAGE = 'A user with this phone number has already been registered';
export const OTP_INVALID_MESSAGE = 'Token has expired or is invalid';
export const EMAIL_LINK_INVALID_MESSAGE = 'Email link is invalid or has expired';

/** True when the client asked for the 2024-01-01 error shape (or a later one). */
export function wantsNewErrorShape(apiVersion: string | undefined): boolean {
  return !!apiVersion && /^2[0-9]{3}-[0-9]{2}-[0-9]{2}$/.test(apiVersion) && apiVersion >= API_VERSION_2024_01_01;
}

export interface ErrorResponse {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

/** Turns any thrown value into GoTrue's response for it. */
export function errorResponse(error: unknown, apiVersion: string | undefined): ErrorResponse {
  const modern = wantsNewErrorShape(apiVersion);
  const headers: Record<string, string> = modern ? { [API_VERSION_HEADER]: API_VERSION_2024_01_01 } : {};

  if (error instanceof WeakPasswordError) {
    const weak_password = { reasons: error.reasons };
    const body = modern
      ? { code: 'weak_password', message: error.message, weak_password }
      : { code: 422, error_code: 'weak_password', msg: error.message, weak_password };
    return { status: 422, body, headers };
  }
  if (error instanceof OAuthError) {
    return { status: 400, body: { error: error.error, error_description: error.description }, headers };
  }
  const http =
    error instanceof HTTPError
      ? error
      : internal('Unexpected failure, please check server logs for more information');
  const body = modern
    ? { code: http.errorCode, message: http.message }
    : { code: http.status, error_code: http.errorCode, msg: http.message };
  return { status: http.status, body, headers: { ...headers, ...http.headers } };
}
