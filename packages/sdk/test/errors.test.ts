/** Errors: the classes, their JSON, the brand check across bundles, the mapping from supabase-js, redaction. */
import { describe, expect, it } from 'vitest';
import {
  AbortError,
  AuthError,
  ConflictError,
  NetworkError,
  NotFoundError,
  PermissionError,
  RateLimitError,
  SejahteraError,
  ServerError,
  ValidationError,
  isAuthError,
  isConflictError,
  isNotFoundError,
  isPermissionError,
  isRateLimitError,
  isSejahteraError,
  isValidationError,
} from '../src/index.ts';
import { fromAuthError, fromPostgrestError } from '../src/lib/mapErrors.ts';
import { redactText } from '../src/lib/redact.ts';

const JWT =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwicm9sZSI6ImF1dGhlbnRpY2F0ZWQifQ.c2lnbmF0dXJlLXNpZ25hdHVyZQ';

describe('SejahteraError', () => {
  it('every subclass has a name, a stable code, a status, and serialises to JSON', () => {
    const cases: Array<[SejahteraError, string, string, number]> = [
      [new ValidationError('bad', { phone: ['must be a phone'] }), 'ValidationError', 'validation_failed', 400],
      [new AuthError('who?', { code: 'invalid_credentials' }), 'AuthError', 'invalid_credentials', 401],
      [new PermissionError('no'), 'PermissionError', 'permission_denied', 403],
      [new NotFoundError('none'), 'NotFoundError', 'not_found', 404],
      [new ConflictError('taken', { field: 'identity_number' }), 'ConflictError', 'conflict', 409],
      [new RateLimitError('slow down', { retryAfterMs: 2000 }), 'RateLimitError', 'rate_limited', 429],
      [new NetworkError('offline'), 'NetworkError', 'network_error', 0],
      [new AbortError(), 'AbortError', 'aborted', 0],
      [new ServerError('boom', { code: 'unavailable', status: 503 }), 'ServerError', 'unavailable', 503],
    ];
    for (const [error, name, code, status] of cases) {
      expect(error).toBeInstanceOf(Error);
      expect(error).toBeInstanceOf(SejahteraError);
      expect(isSejahteraError(error)).toBe(true);
      expect([error.name, error.code, error.status]).toEqual([name, code, status]);
      const json = JSON.parse(JSON.stringify(error));
      expect(json).toMatchObject({ name, code, status, message: error.message });
    }
    expect(JSON.parse(JSON.stringify(new ValidationError('bad', { phone: ['must be a phone'] }))).fields).toEqual({ phone: ['must be a phone'] });
    expect(new RateLimitError('slow', { retryAfterMs: 2000 }).toJSON().retryAfterMs).toBe(2000);
  });

  it('the guards recognise errors of another copy of the SDK (another bundle), and nothing else', () => {
    // What a second bundle's ValidationError looks like to this one: another class, the same brand.
    class OtherCopyError extends Error {
      readonly __isSejahteraError = true;
      readonly code = 'validation_failed';
      override readonly name = 'ValidationError';
    }
    const foreign = new OtherCopyError('from the other bundle');
    expect(foreign instanceof SejahteraError).toBe(false);
    expect(isSejahteraError(foreign)).toBe(true);
    expect(isValidationError(foreign)).toBe(true);
    expect(isAuthError(foreign)).toBe(false);
    for (const value of [new Error('plain'), { code: 'conflict' }, null, undefined, 'validation_failed', { __isSejahteraError: 'yes' }]) {
      expect(isSejahteraError(value)).toBe(false);
    }
    expect(isConflictError(new ConflictError('x'))).toBe(true);
    expect(isNotFoundError(new NotFoundError('x'))).toBe(true);
    expect(isPermissionError(new PermissionError('x'))).toBe(true);
    expect(isRateLimitError(new RateLimitError('x'))).toBe(true);
  });
});

describe('from PostgREST and Postgres errors', () => {
  it('maps SQLSTATEs and the database\'s "field: reason" messages', () => {
    const denied = fromPostgrestError({ code: '42501', message: 'person_id: you can declare only for yourself and your dependents' }, 403);
    expect(denied).toBeInstanceOf(PermissionError);
    expect(denied.details).toMatchObject({ sqlstate: '42501', field: 'person_id' });

    const anon = fromPostgrestError({ code: '42501', message: 'permission denied for table persons' }, 401);
    expect(anon).toBeInstanceOf(AuthError);
    expect(anon.code).toBe('not_signed_in');

    const taken = fromPostgrestError(
      { code: '23505', message: 'identity_number: this identity document is already registered to another person', hint: 'If this is the same person, an officer can merge the records.' },
      409,
    );
    expect(taken).toBeInstanceOf(ConflictError);
    expect((taken as ConflictError).field).toBe('identity_number');

    const check = fromPostgrestError({ code: '23514', message: 'date_of_birth: a date of birth cannot be in the future' }, 400);
    expect(check).toBeInstanceOf(ValidationError);
    expect((check as ValidationError).fields).toEqual({ date_of_birth: ['a date of birth cannot be in the future'] });

    const answers = fromPostgrestError({ code: '22023', message: 'answers: no answer to "cough", "fever"' }, 400);
    expect((answers as ValidationError).fields).toEqual({ answers: ['no answer to "cough", "fever"'] });

    const fk = fromPostgrestError(
      { code: '23503', message: 'insert or update on table "persons" violates foreign key constraint "persons_district_code_fkey"', details: 'Key (district_code)=(MY-99-99) is not present in table "districts".' },
      409,
    );
    expect((fk as ValidationError).fields).toEqual({ district_code: ['is not a known value'] });

    const constraint = fromPostgrestError({ code: '23514', message: 'new row for relation "persons" violates check constraint "persons_postcode_format"' }, 400);
    expect(Object.keys((constraint as ValidationError).fields)).toEqual(['postcode']);

    expect(fromPostgrestError({ code: 'PGRST116', message: 'JSON object requested, multiple (or no) rows returned' }, 406)).toBeInstanceOf(NotFoundError);
    expect(fromPostgrestError({ code: 'PGRST202', message: 'Could not find the function public.nope' }, 404).code).toBe('api_mismatch');
    expect(fromPostgrestError({ code: 'PGRST301', message: 'JWT expired' }, 401).code).toBe('session_expired');
    expect(fromPostgrestError({ code: '', message: 'TypeError: fetch failed' }, 0)).toBeInstanceOf(NetworkError);
    expect(fromPostgrestError({ code: '', message: 'AbortError: This operation was aborted' }, 0)).toBeInstanceOf(AbortError);
    expect(fromPostgrestError({ code: '', message: 'busy' }, 503).code).toBe('unavailable');
    const limited = fromPostgrestError({ code: '', message: 'Too many' }, 429, 1500);
    expect(limited).toBeInstanceOf(RateLimitError);
    expect((limited as RateLimitError).retryAfterMs).toBe(1500);
  });

  it('maps Auth error codes', () => {
    expect(fromAuthError({ code: 'invalid_credentials', status: 400, message: 'Invalid login credentials' }).code).toBe('invalid_credentials');
    expect(fromAuthError({ code: 'otp_expired', status: 403, message: 'Token has expired or is invalid' }).code).toBe('invalid_code');
    expect(fromAuthError({ code: 'phone_exists', status: 422, message: 'Phone number already registered' })).toBeInstanceOf(ConflictError);
    expect(fromAuthError({ code: 'over_request_rate_limit', status: 429, message: 'Request rate limit reached' })).toBeInstanceOf(RateLimitError);
    const weak = fromAuthError({ code: 'weak_password', status: 422, message: 'Password is too weak', reasons: ['length'] });
    expect((weak as ValidationError).fields).toEqual({ password: ['length'] });
    expect(fromAuthError({ name: 'AuthSessionMissingError', status: 400, message: 'Auth session missing!' }).code).toBe('not_signed_in');
    expect(fromAuthError({ name: 'AuthRetryableFetchError', status: 0, message: 'fetch failed' })).toBeInstanceOf(NetworkError);
    expect(fromAuthError({ code: 'signup_disabled', status: 422, message: 'Signups not allowed' })).toBeInstanceOf(PermissionError);
  });
});

describe('redaction', () => {
  it('removes tokens, keys, identity numbers, phone numbers, emails and quoted rows from messages and details', () => {
    const error = new SejahteraError(`Bearer ${JWT} refused for 860314-14-5022 at +60123456789 (aminah@sejahtera.test)`, {
      details: {
        details: 'Failing row contains (d0c0ffee-0000-4000-8000-000000000001, Aminah binti Yusof, +60123456789, 46000).',
        access_token: 'abc',
        refresh_token: 'v1.refresh-token-value',
        nested: { phone: '+60123456789', note: 'called 012-345 6789 and 0111234 5678; ic 860314145022', key: 'sb_secret_N7UND0UgjKTVK' },
        person_id: 'd0c0ffee-0000-4000-8000-000000000001',
        when: '2026-11-27T12:00:00Z',
      },
    });
    const text = JSON.stringify(error);
    for (const secret of [JWT, '860314-14-5022', '860314145022', '+60123456789', '012-345 6789', '0111234 5678', 'aminah@sejahtera.test', 'Aminah', 'v1.refresh', 'sb_secret_N7', '"abc"']) {
      expect(text).not.toContain(secret);
    }
    expect(error.message).toBe('Bearer [redacted] refused for [redacted identity number] at [redacted phone] ([redacted email])');
    // What helps debugging and is not personal stays.
    expect(error.details.person_id).toBe('d0c0ffee-0000-4000-8000-000000000001');
    expect(error.details.when).toBe('2026-11-27T12:00:00Z');
    expect(redactText('persons_district_code_fkey: Key (district_code)=(MY-10-07)')).toBe('persons_district_code_fkey: Key (district_code)=(MY-10-07)');
  });

  it('redacts per-field messages of validation errors too', () => {
    const error = fromPostgrestError({ code: '23514', message: 'phone: +60123456789 is not a mobile number' }, 400) as ValidationError;
    expect(error.fields.phone).toEqual(['[redacted phone] is not a mobile number']);
  });
});
