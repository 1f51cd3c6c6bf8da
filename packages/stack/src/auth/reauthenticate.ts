/**
 * GET /reauthenticate (api/reauthenticate.go): a fresh code (the nonce) for a signed-in user, which
 * PUT /user asks for before a password change when `secure_password_change` is on.
 */
import { auditLog } from './audit.ts';
import { requireAuthentication } from './auth.ts';
import { generateTokenHash } from './crypto.ts';
import { transaction, type Queryable } from './db.ts';
import { badRequest, unprocessable } from './errors.ts';
import { sendReauthenticationOtp } from './mail.ts';
import { sendPhoneConfirmation } from './phone.ts';
import { clientIp, type Api, type Ctx } from './request.ts';
import { confirmReauthentication, isConfirmed, isPhoneConfirmed, type User } from './users.ts';

export const INVALID_NONCE_MESSAGE = 'Nonce has expired or is invalid';

export async function reauthenticate(api: Api, c: Ctx): Promise<Response> {
  const { user } = await requireAuthentication(api, c);
  if (!user.email && !user.phone) {
    throw badRequest('validation_failed', 'Reauthentication requires the user to have an email or a phone number');
  }
  if (user.email) {
    if (!isConfirmed(user)) throw unprocessable('email_not_confirmed', 'Please verify your email first.');
  } else if (!isPhoneConfirmed(user)) {
    throw unprocessable('phone_not_confirmed', 'Please verify your phone first.');
  }
  const messageId = await transaction(api.pool, async (tx) => {
    await auditLog(tx, clientIp(c), user, 'user_reauthenticate_requested');
    if (user.email) {
      await sendReauthenticationOtp(api, tx, user);
      return '';
    }
    return sendPhoneConfirmation(api, tx, user, user.phone, 'reauthentication');
  });
  return c.json(messageId ? { message_id: messageId } : {});
}

/** Checks the nonce against the last code sent and spends it (verifyReauthentication). */
export async function verifyReauthentication(api: Api, db: Queryable, user: User, nonce: string): Promise<void> {
  if (!user.reauthenticationToken || !user.reauthenticationSentAt) {
    throw unprocessable('reauthentication_not_valid', INVALID_NONCE_MESSAGE);
  }
  let expected: string;
  let expiry: number;
  if (user.email) {
    expected = generateTokenHash(user.email, nonce);
    expiry = api.settings.emailOtpExpiry;
  } else if (user.phone) {
    expected = generateTokenHash(user.phone, nonce);
    expiry = api.settings.smsOtpExpiry;
  } else {
    throw unprocessable('reauthentication_not_valid', 'Reauthentication requires an email or a phone number');
  }
  const fresh = Date.now() <= user.reauthenticationSentAt.getTime() + expiry * 1000;
  if (!fresh || expected !== user.reauthenticationToken) {
    throw unprocessable('reauthentication_not_valid', INVALID_NONCE_MESSAGE);
  }
  await confirmReauthentication(db, user);
}
