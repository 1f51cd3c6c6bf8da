/**
 * Phone numbers and SMS codes (api/phone.go). GoTrue stores phones as E.164 digits without "+".
 * A code goes out at most once per `sms.max_frequency` per user and kind and, when phone
 * confirmations are on, counts against the project's hourly `sms_sent` limit. Test numbers
 * (`[auth.sms.test_otp]`) always get their fixed code and never count.
 */
import type { Queryable } from './db.ts';
import { generateOtp, generateTokenHash } from './crypto.ts';
import { badRequest, tooManyRequests } from './errors.ts';
import { frequencyLimitMessage } from './mail.ts';
import { sendSms } from './mailer.ts';
import { createOneTimeToken } from './one-time-tokens.ts';
import type { Api } from './request.ts';
import { saveUser, type User, type UserField } from './users.ts';

export type PhoneOtpType = 'confirmation' | 'phone_change' | 'reauthentication';

const E164 = /^[1-9][0-9]{1,14}$/;

/** Removes "+" and spaces, as GoTrue's formatPhoneNumber. */
export const formatPhoneNumber = (phone: string) => phone.replace(/^\+/, '').replaceAll(' ', '');

export function validatePhone(phone: string): string {
  const formatted = formatPhoneNumber(phone);
  if (!E164.test(formatted)) throw badRequest('validation_failed', 'Invalid phone number format (E.164 required)');
  return formatted;
}

export function validateChannel(channel: string): string {
  const value = channel || 'sms';
  if (value !== 'sms' && value !== 'whatsapp') {
    throw badRequest('validation_failed', "Invalid channel, supported values are 'sms' or 'whatsapp'");
  }
  return value;
}

/** The code configured for a test number, if the number is one. */
export const testOtp = (api: Api, phone: string): string | undefined => api.settings.smsTestOtp[formatPhoneNumber(phone)];

/** Sends a code to `phone` for `type` and stores its hash; returns the message id. */
export async function sendPhoneConfirmation(
  api: Api,
  db: Queryable,
  user: User,
  phone: string,
  type: PhoneOtpType,
): Promise<string> {
  const { settings } = api;
  let sentAt: Date | null;
  let tokenField: UserField;
  let sentAtField: UserField;
  let kind: string;
  switch (type) {
    case 'phone_change':
      sentAt = user.phoneChangeSentAt;
      tokenField = 'phoneChangeToken';
      sentAtField = 'phoneChangeSentAt';
      kind = 'phone_change';
      user.phoneChange = phone;
      break;
    case 'confirmation':
      sentAt = user.confirmationSentAt;
      tokenField = 'confirmationToken';
      sentAtField = 'confirmationSentAt';
      kind = 'sms_otp';
      break;
    case 'reauthentication':
      sentAt = user.reauthenticationSentAt;
      tokenField = 'reauthenticationToken';
      sentAtField = 'reauthenticationSentAt';
      kind = 'reauthentication';
      break;
  }

  // Checked before the test-number shortcut, so test numbers behave like real ones.
  if (sentAt && sentAt.getTime() + settings.smsMaxFrequency * 1000 > Date.now()) {
    const { message, left } = frequencyLimitMessage(sentAt, settings.smsMaxFrequency);
    throw tooManyRequests('over_sms_send_rate_limit', message, left);
  }

  let otp = testOtp(api, phone);
  if (!otp) {
    if (!settings.smsAutoconfirm) {
      const result = api.limiter.take('smsSent', 'project');
      if (!result.allowed) throw tooManyRequests('over_sms_send_rate_limit', 'SMS rate limit exceeded', result.retryAfter);
    }
    otp = generateOtp(settings.smsOtpLength);
  }

  const tokenHash = generateTokenHash(phone, otp);
  (user as unknown as Record<string, unknown>)[tokenField] = tokenHash;
  (user as unknown as Record<string, unknown>)[sentAtField] = new Date();
  const fields: UserField[] = type === 'phone_change' ? ['phoneChange', tokenField, sentAtField] : [tokenField, sentAtField];
  await saveUser(db, user, ...fields);
  const tokenType =
    type === 'phone_change' ? 'phone_change_token' : type === 'confirmation' ? 'confirmation_token' : 'reauthentication_token';
  await createOneTimeToken(db, user.id, type === 'phone_change' ? user.phoneChange : user.phone, tokenHash, tokenType);

  // A test number's code is delivered too, so the inbox shows every code a developer may type.
  const message = sendSms(settings, api.inbox, phone, otp, kind);
  return testOtp(api, phone) ? 'test-otp' : message;
}
