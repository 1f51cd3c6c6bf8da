/**
 * Forms: FormData parsed with the SDK's zod schemas, and every problem turned into per-field messages in
 * the user's language, with what was typed given back (never a password).
 */
import { fail, type ActionFailure } from '@sveltejs/kit';
import { fieldIssues, isSejahteraError, isValidationError, type ZodErrorLike } from '@sejahtera/sdk';
import { fieldMessage, messages, type Locale } from '$lib/i18n';

/** Field name to its messages; `form` holds what belongs to no one field. */
export type FormErrors = Record<string, string[]>;

type SafeParser<T> = { safeParse(input: unknown): { success: true; data: T } | { success: false; error: ZodErrorLike } };

/** The form's text fields, trimmed; empty ones left out (an optional field left blank is not given). */
export function formValues(data: FormData, fields: readonly string[]): Record<string, string> {
  const values: Record<string, string> = {};
  for (const field of fields) {
    const value = data.get(field);
    if (typeof value === 'string' && value.trim() !== '') values[field] = value.trim();
  }
  return values;
}

/** Parses `input` with an SDK schema: the data, or the errors per field in `locale`. */
export function parseWith<T>(schema: SafeParser<T>, input: unknown, locale: Locale): { data: T; errors?: never } | { data?: never; errors: FormErrors } {
  const result = schema.safeParse(input);
  if (result.success) return { data: result.data };
  const errors: FormErrors = {};
  for (const issue of fieldIssues(result.error)) {
    const field = issue.field === '_' ? 'form' : issue.field.split('.')[0];
    const message = fieldMessage(locale, issue);
    // Two checks can say one thing (a password's letter and digit): said once.
    if (!errors[field]?.includes(message)) (errors[field] ??= []).push(message);
  }
  return { errors };
}

/** Adds an error to a field. */
export function addError(errors: FormErrors, field: string, message: string): FormErrors {
  (errors[field] ??= []).push(message);
  return errors;
}

/**
 * A failure the form shows: 400 with per-field errors and the typed values. SDK errors from the server
 * (the database's own checks) are mapped too; anything unexpected is rethrown for the error page.
 */
export function failForm<V extends Record<string, unknown>>(
  errors: FormErrors,
  values: V,
  status = 400,
): ActionFailure<{ errors: FormErrors; values: V }> {
  return fail(status, { errors, values });
}

/** Per-field errors for an SDK error raised by a call, or null if the form cannot say anything about it. */
export function errorsFromSdk(error: unknown, locale: Locale): { errors: FormErrors; status: number } | null {
  if (!isSejahteraError(error)) return null;
  const m = messages(locale);
  if (isValidationError(error)) {
    const errors: FormErrors = {};
    for (const issue of error.issues) {
      const message = fieldMessage(locale, issue);
      if (!errors[issue.field]?.includes(message)) (errors[issue.field] ??= []).push(message);
    }
    if (Object.keys(errors).length === 0) errors.form = [m.form.checkField];
    return { errors, status: 400 };
  }
  if (error.code === 'rate_limited') return { errors: { form: [m.form.rateLimited] }, status: 429 };
  if (error.code === 'network_error' || error.code === 'unavailable') return { errors: { form: [m.form.offline] }, status: 503 };
  return null;
}

/** A path on this site to go back to after signing in; anything else (another host, `//evil`) is '/'. */
export function safeRedirect(target: unknown, fallback = '/'): string {
  if (typeof target !== 'string' || !target.startsWith('/') || target.startsWith('//') || target.startsWith('/\\')) return fallback;
  return target;
}
