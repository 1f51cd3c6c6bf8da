/**
 * Password resets, by phone (a code by SMS) or by email (a code, and a link, by email). The answer to a
 * request is the same whether or not an account has that number or address: the page never tells a
 * visitor who is registered.
 */
import { emailSchema, isPermissionError, isRateLimitError, isValidationError, malaysianMobileSchema, type SejahteraClient } from '@sejahtera/sdk';
import * as z from 'zod/mini';
import { fieldMessage, messages, type Locale } from '$lib/i18n';
import { addError, errorsFromSdk, parseWith, type FormErrors } from './forms';

/** An account's email, or a phone account's Malaysian mobile number, in the form's one box. */
export type ResetIdentifier = { email: string } | { phone: string };

const byEmail = z.object({ email: emailSchema });
const byPhone = z.object({ phone: malaysianMobileSchema });

/** The box read as an email when it has an @, else as a phone (normalised to E.164), with the SDK's own schemas. */
export function parseIdentifier(identifier: string, locale: Locale): { data: ResetIdentifier; errors?: never } | { data?: never; errors: FormErrors } {
  const parsed = identifier.includes('@') ? parseWith(byEmail, { email: identifier }, locale) : parseWith(byPhone, { phone: identifier }, locale);
  if (parsed.errors) {
    const { email, phone, ...rest } = parsed.errors;
    return { errors: { ...rest, identifier: [...(email ?? []), ...(phone ?? [])] } };
  }
  return { data: parsed.data };
}

/** What Auth answers that would tell a registered account from an unknown one, and so is answered as a success. */
function revealsAccount(error: unknown): boolean {
  const authCode = (error as { details?: { authCode?: unknown } }).details?.authCode;
  // GoTrue refuses a phone it does not know (no sign-ups through a reset), and limits how often one
  // account is sent codes: both only happen for some numbers. The project-wide and per-address limits
  // (over_request_rate_limit) say nothing about the account, and are shown.
  if (isPermissionError(error)) return authCode === 'otp_disabled';
  if (isRateLimitError(error)) return authCode === 'over_sms_send_rate_limit' || authCode === 'over_email_send_rate_limit';
  return false;
}

/**
 * Asks Auth to send a reset code to `who`; an email also carries a link back to `linkTarget`.
 * Resolves alike for known and unknown accounts; throws only what says nothing about the account.
 */
export async function requestReset(sejahtera: SejahteraClient, who: ResetIdentifier, linkTarget: string): Promise<void> {
  try {
    await sejahtera.auth.requestPasswordReset('email' in who ? { email: who.email, redirectTo: linkTarget } : { phone: who.phone });
  } catch (error) {
    if (!revealsAccount(error)) throw error;
  }
}

/**
 * Sets the signed-in account's new password and ends its other sessions: whoever else was signed in,
 * perhaps with the old password, is signed out; this browser stays signed in.
 */
export async function setNewPassword(sejahtera: SejahteraClient, password: string): Promise<void> {
  await sejahtera.auth.updatePassword({ password });
  await sejahtera.auth.signOut({ scope: 'others' });
}

/**
 * What the form says when Auth refused the new password (the same as the old one, or not to its rules),
 * or another SDK error the form can word; null for anything else, which the page rethrows. Used by a
 * reset's last step and by changing the password on the profile.
 */
export function newPasswordRefusal(error: unknown, locale: Locale): { errors: FormErrors; status: number } | null {
  const m = messages(locale);
  if (isValidationError(error) && error.details.authCode === 'same_password') return { errors: addError({}, 'password', m.forgotPassword.samePassword), status: 400 };
  if (isValidationError(error)) return { errors: addError({}, 'password', error.issues[0] ? fieldMessage(locale, error.issues[0]) : m.form.checkField), status: 400 };
  return errorsFromSdk(error, locale);
}
