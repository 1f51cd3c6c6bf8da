/**
 * Passwords as GoTrue keeps them: bcrypt at cost 10 in users.encrypted_password (so a database moved
 * to Supabase keeps working logins), checked against the project's policy (password.go). Native bcrypt
 * hashes on libuv's thread pool, so a burst of sign-ins never stalls the gateway that shares this process.
 */
import bcrypt from 'bcrypt';
import type { AuthSettings } from './config.ts';
import { badRequest, WeakPasswordError } from './errors.ts';

/** bcrypt reads at most 72 bytes. */
export const MAX_PASSWORD_LENGTH = 72;
const BCRYPT_COST = 10;

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, BCRYPT_COST);
}

export async function comparePassword(password: string, hash: string | null | undefined): Promise<boolean> {
  if (!hash) return false;
  try {
    return await bcrypt.compare(password, hash);
  } catch {
    // not a bcrypt hash (e.g. imported from elsewhere): no password can match it here
    return false;
  }
}

/** Throws GoTrue's 400 for over-long passwords and its 422 weak_password with reasons. */
export function checkPasswordStrength(settings: AuthSettings, password: string): void {
  if (Buffer.byteLength(password) > MAX_PASSWORD_LENGTH) {
    throw badRequest('validation_failed', `Password cannot be longer than ${MAX_PASSWORD_LENGTH} characters`);
  }
  const messages: string[] = [];
  const reasons: string[] = [];
  if (password.length < settings.passwordMinLength) {
    reasons.push('length');
    messages.push(`Password should be at least ${settings.passwordMinLength} characters.`);
  }
  for (const set of settings.passwordRequiredCharacters) {
    if (set && ![...set].some((ch) => password.includes(ch))) {
      reasons.push('characters');
      messages.push(
        `Password should contain at least one character of each: ${settings.passwordRequiredCharacters.join(', ')}.`,
      );
      break;
    }
  }
  if (reasons.length > 0) throw new WeakPasswordError(messages.join(' '), reasons);
}

/** Like checkPasswordStrength, but returns the weakness instead of throwing (sign-in reports it). */
export function passwordWeakness(settings: AuthSettings, password: string): WeakPasswordError | undefined {
  try {
    checkPasswordStrength(settings, password);
    return undefined;
  } catch (error) {
    return error instanceof WeakPasswordError ? error : undefined;
  }
}
