/**
 * Changing the password of a signed-in account: the current password is checked first, by signing in
 * with it on a client of its own (so this browser's session is left as it is), then the new one is set as a
 * reset sets it (passwordReset.ts: setNewPassword).
 */
import { createSejahtera, isAuthError } from '@sejahtera/sdk';
import type { User } from '@supabase/supabase-js';
import { supabaseConfig } from './config';

/** Whether `password` is the account's current one. Auth counts the attempt against the visitor's address, as a sign-in. */
export async function isCurrentPassword(user: User, password: string, clientAddress: string): Promise<boolean> {
  const who = user.email ? { email: user.email } : user.phone ? { phone: `+${user.phone.replace(/^\+/, '')}` } : null;
  if (!who) return false;
  const check = createSejahtera({
    ...supabaseConfig(),
    headers: { 'X-Forwarded-For': clientAddress },
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
  });
  try {
    await check.auth.signInWithPassword({ ...who, password });
  } catch (error) {
    if (isAuthError(error) && error.code === 'invalid_credentials') return false;
    throw error;
  }
  // The check's own session is not needed: ended at once (its refresh token revoked), nothing else.
  await check.auth.signOut({ scope: 'local' });
  return true;
}
