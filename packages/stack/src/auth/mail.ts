/**
 * The emails GoTrue sends (api/mail.go): each one makes a fresh code, stores its hash on the user
 * and in one_time_tokens, and goes out at most once per `max_frequency` per user and kind. When
 * confirmations are on, emails also count against the project's hourly `email_sent` limit (GoTrue
 * skips that limit for projects that autoconfirm).
 */
import type { Queryable } from './db.ts';
import { generateOtp, generateTokenHash } from './crypto.ts';
import { tooManyRequests } from './errors.ts';
import { addFlowPrefixToToken, type FlowType } from './flow-state.ts';
import { sendEmail, type EmailAction } from './mailer.ts';
import { createOneTimeToken } from './one-time-tokens.ts';
import type { Api } from './request.ts';
import { saveUser, type User } from './users.ts';

/** GoTrue's wording for a request inside max_frequency, with the seconds left (rounded up). */
export function frequencyLimitMessage(sentAt: Date, maxFrequencySeconds: number): { message: string; left: number } {
  const left = Math.max(1, Math.ceil((sentAt.getTime() + maxFrequencySeconds * 1000 - Date.now()) / 1000));
  return { message: `For security purposes, you can only request this after ${left} seconds.`, left };
}

function checkEmailFrequency(api: Api, sentAt: Date | null): void {
  if (sentAt && sentAt.getTime() + api.settings.emailMaxFrequency * 1000 > Date.now()) {
    const { message, left } = frequencyLimitMessage(sentAt, api.settings.emailMaxFrequency);
    throw tooManyRequests('over_email_send_rate_limit', message, left);
  }
}

/** The project-wide hourly email limit, applied as GoTrue applies it: only when confirmations are on. */
function takeEmailQuota(api: Api): void {
  if (api.settings.mailerAutoconfirm) return;
  const result = api.limiter.take('emailSent', 'project');
  if (!result.allowed) throw tooManyRequests('over_email_send_rate_limit', 'email rate limit exceeded', result.retryAfter);
}

function deliver(api: Api, user: User, action: EmailAction, otp: string, tokenHash: string, redirectTo: string) {
  sendEmail(api.settings, api.inbox, { to: user.email, action, otp, tokenHash, redirectTo });
}

export async function sendConfirmation(api: Api, db: Queryable, user: User, flow: FlowType, redirectTo: string): Promise<void> {
  checkEmailFrequency(api, user.confirmationSentAt);
  takeEmailQuota(api);
  const otp = generateOtp(api.settings.emailOtpLength);
  user.confirmationToken = addFlowPrefixToToken(generateTokenHash(user.email, otp), flow);
  user.confirmationSentAt = new Date();
  await saveUser(db, user, 'confirmationToken', 'confirmationSentAt');
  await createOneTimeToken(db, user.id, user.email, user.confirmationToken, 'confirmation_token');
  deliver(api, user, 'signup', otp, user.confirmationToken, redirectTo);
}

export async function sendInvite(api: Api, db: Queryable, user: User, redirectTo: string): Promise<void> {
  takeEmailQuota(api);
  const otp = generateOtp(api.settings.emailOtpLength);
  user.confirmationToken = generateTokenHash(user.email, otp);
  user.confirmationSentAt = new Date();
  user.invitedAt = user.confirmationSentAt;
  await saveUser(db, user, 'confirmationToken', 'confirmationSentAt', 'invitedAt');
  await createOneTimeToken(db, user.id, user.email, user.confirmationToken, 'confirmation_token');
  deliver(api, user, 'invite', otp, user.confirmationToken, redirectTo);
}

export function sendPasswordRecovery(api: Api, db: Queryable, user: User, flow: FlowType, redirectTo: string): Promise<void> {
  return sendRecoveryToken(api, db, user, flow, redirectTo, 'recovery');
}

/** A magic link is a recovery with another template, so it shares the recovery token and its timer. */
export function sendMagicLink(api: Api, db: Queryable, user: User, flow: FlowType, redirectTo: string): Promise<void> {
  return sendRecoveryToken(api, db, user, flow, redirectTo, 'magiclink');
}

async function sendRecoveryToken(
  api: Api,
  db: Queryable,
  user: User,
  flow: FlowType,
  redirectTo: string,
  kind: 'recovery' | 'magiclink',
): Promise<void> {
  checkEmailFrequency(api, user.recoverySentAt);
  takeEmailQuota(api);
  const otp = generateOtp(api.settings.emailOtpLength);
  user.recoveryToken = addFlowPrefixToToken(generateTokenHash(user.email, otp), flow);
  user.recoverySentAt = new Date();
  await saveUser(db, user, 'recoveryToken', 'recoverySentAt');
  await createOneTimeToken(db, user.id, user.email, user.recoveryToken, 'recovery_token');
  deliver(api, user, kind, otp, user.recoveryToken, redirectTo);
}

export async function sendReauthenticationOtp(api: Api, db: Queryable, user: User): Promise<void> {
  checkEmailFrequency(api, user.reauthenticationSentAt);
  takeEmailQuota(api);
  const otp = generateOtp(api.settings.emailOtpLength);
  user.reauthenticationToken = generateTokenHash(user.email, otp);
  user.reauthenticationSentAt = new Date();
  await saveUser(db, user, 'reauthenticationToken', 'reauthenticationSentAt');
  await createOneTimeToken(db, user.id, user.email, user.reauthenticationToken, 'reauthentication_token');
  deliver(api, user, 'reauthentication', otp, '', '');
}

/**
 * An email change: a code to the new address, and, with double confirmation (secure email change),
 * a second code to the current one; both must be verified before the address changes.
 */
export async function sendEmailChange(
  api: Api,
  db: Queryable,
  user: User,
  newEmail: string,
  flow: FlowType,
  redirectTo: string,
): Promise<void> {
  checkEmailFrequency(api, user.emailChangeSentAt);
  takeEmailQuota(api);
  const otpNew = generateOtp(api.settings.emailOtpLength);
  user.emailChange = newEmail;
  user.emailChangeTokenNew = addFlowPrefixToToken(generateTokenHash(newEmail, otpNew), flow);
  let otpCurrent = '';
  user.emailChangeTokenCurrent = '';
  if (api.settings.secureEmailChange && user.email) {
    otpCurrent = generateOtp(api.settings.emailOtpLength);
    user.emailChangeTokenCurrent = addFlowPrefixToToken(generateTokenHash(user.email, otpCurrent), flow);
  }
  user.emailChangeConfirmStatus = 0;
  user.emailChangeSentAt = new Date();
  await saveUser(db, user, 'emailChangeTokenCurrent', 'emailChangeTokenNew', 'emailChange', 'emailChangeSentAt', 'emailChangeConfirmStatus');
  if (user.emailChangeTokenCurrent) {
    await createOneTimeToken(db, user.id, user.email, user.emailChangeTokenCurrent, 'email_change_token_current');
  }
  await createOneTimeToken(db, user.id, user.emailChange, user.emailChangeTokenNew, 'email_change_token_new');

  const common = { action: 'email_change' as const, redirectTo, email: user.email, newEmail };
  if (otpCurrent) {
    sendEmail(api.settings, api.inbox, { ...common, to: user.email, otp: otpCurrent, tokenHash: user.emailChangeTokenCurrent });
  }
  sendEmail(api.settings, api.inbox, { ...common, to: newEmail, otp: otpNew, tokenHash: user.emailChangeTokenNew });
}
