/**
 * POST /resend (api/resend.go): sends a sign-up confirmation or a change confirmation again, by email
 * or SMS. Nothing is sent, and the answer is the same, when there is nothing to confirm.
 */
import { auditLog } from './audit.ts';
import { transaction } from './db.ts';
import { badRequest } from './errors.ts';
import { sendConfirmation, sendEmailChange } from './mail.ts';
import { sendPhoneConfirmation, validatePhone } from './phone.ts';
import { getReferrer } from './redirect.ts';
import { clientIp, readParams, requestAud, type Api, type Ctx } from './request.ts';
import { validateEmail } from './signup.ts';
import { findUserByEmailAndAudience, findUserByPhoneAndAudience, isConfirmed, isPhoneConfirmed } from './users.ts';

export async function resend(api: Api, c: Ctx): Promise<Response> {
  api.limiter.limitRequest('signInSignUps', clientIp(c));
  const body = await readParams(c, 'ResendConfirmationParams');
  const type = body.string('type');
  let email = body.string('email');
  let phone = body.string('phone');
  const { settings } = api;

  if (!['signup', 'email_change', 'sms', 'phone_change'].includes(type)) {
    throw badRequest('validation_failed', 'Missing one of these types: signup, email_change, sms, phone_change');
  }
  if (!email && type === 'signup') throw badRequest('validation_failed', 'Type provided requires an email address');
  if (!phone && type === 'sms') throw badRequest('validation_failed', 'Type provided requires a phone number');
  if (email && phone) {
    throw badRequest('validation_failed', 'Only an email address or phone number should be provided.');
  } else if (email) {
    if (!settings.emailEnabled) throw badRequest('email_provider_disabled', 'Email logins are disabled');
    email = validateEmail(email);
  } else if (phone) {
    if (!settings.phoneEnabled) throw badRequest('phone_provider_disabled', 'Phone logins are disabled');
    phone = validatePhone(phone);
  } else {
    throw badRequest('validation_failed', 'Missing email address or phone number');
  }

  const aud = requestAud(api, c);
  const user = email ? await findUserByEmailAndAudience(api.pool, email, aud) : await findUserByPhoneAndAudience(api.pool, phone, aud);
  if (!user) return c.json({});
  if (type === 'signup' && isConfirmed(user)) return c.json({});
  if (type === 'sms' && isPhoneConfirmed(user)) return c.json({});
  if (type === 'email_change' && !user.emailChange) return c.json({});
  if (type === 'phone_change' && !user.phoneChange) return c.json({});

  const redirectTo = getReferrer(settings, c.req);
  const messageId = await transaction(api.pool, async (tx) => {
    switch (type) {
      case 'signup':
        await auditLog(tx, clientIp(c), user, 'user_confirmation_requested');
        await sendConfirmation(api, tx, user, 'implicit', redirectTo);
        return '';
      case 'sms':
        await auditLog(tx, clientIp(c), user, 'user_recovery_requested');
        return sendPhoneConfirmation(api, tx, user, phone, 'confirmation');
      case 'email_change':
        await sendEmailChange(api, tx, user, user.emailChange, 'implicit', redirectTo);
        return '';
      default:
        return sendPhoneConfirmation(api, tx, user, user.phoneChange, 'phone_change');
    }
  });
  return c.json(messageId ? { message_id: messageId } : {});
}
