import { HttpError } from 'react-admin';

/**
 * An error from PostgREST or the SDK as react-admin shows it: its message (the database's and the
 * SDK's messages name the field and the reason) and an HTTP status (401/403 sign the user out).
 */
export function toHttpError(error: unknown): HttpError {
  if (error instanceof HttpError) return error;
  const e = error as { message?: string; status?: number; code?: string };
  const status =
    e.status ??
    (e.code === 'not_found' || e.code === 'PGRST116' ? 404 : e.code === '42501' ? 403 : e.code === '22023' || e.code === '22004' ? 400 : 500);
  return new HttpError(e.message ?? 'ra.notification.http_error', status, { code: e.code });
}
