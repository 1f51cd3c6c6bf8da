/**
 * POST /otp and POST /magiclink (api/otp.go, magic_link.go): a one-time code by email (with a magic
 * link) or by SMS. An address never seen, or never confirmed, is signed up first with a random
 * password; `create_user: false` refuses that instead.
 */
import { auditLog } from './audit.ts';
import { transaction } from './db.ts';
import { badRequest, unprocessable } from './errors.ts';
import { generateFlowState, getFlowFromChallenge, validatePkceParams } from './flow-state.ts';
import { generatePassword } from './crypto.ts';
import { sendMagicLink } from './mail.ts';
import { sendPhoneConfirmation, validateChannel, validatePhone } from './phone.ts';
import { getReferrer } from './redirect.ts';
import { clientIp, readParams, requestAud, type Api, type Ctx, type Params } from './request.ts';
import { signupWith, validateEmail } from './signup.ts';
import { findUserByEmailAndAudience, findUserByPhoneAndAudience, isConfirmed, isPhoneConfirmed } from './users.ts';

interface OtpParams {
  email: string;
  phone: string;
  createUser: boolean;
  data: Record<string, unknown>;
  channel: string;
  codeChallenge: string;
  codeChallengeMethod: string;
}

function otpParams(params: Params): OtpParams {
  return {
    email: params.string('email'),
    phone: params.string('phone'),
    createUser: params.bool('create_user', true),
    data: params.object('data') ?? {},
    channel: params.string('channel'),
    codeChallenge: params.string('code_challenge'),
    codeChallengeMethod: params.string('code_challenge_method'),
  };
}

export async function otp(api: Api, c: Ctx): Promise<Response> {
  api.limiter.limitRequest('signInSignUps', clientIp(c));
  const params = otpParams(await readParams(c, 'OtpParams'));
  if (params.email && params.phone) {
    throw badRequest('validation_failed', 'Only an email address or phone number should be provided');
  }
  if (params.email && params.channel) {
    throw badRequest('validation_failed', 'Channel should only be specified with Phone OTP');
  }
  validatePkceParams(params.codeChallengeMethod, params.codeChallenge);

  if (!params.createUser) {
    const aud = requestAud(api, c);
    const known = params.email
      ? await findUserByEmailAndAudience(api.pool, validateEmail(params.email), aud)
      : params.phone
        ? await findUserByPhoneAndAudience(api.pool, validatePhone(params.phone), aud)
        : true;
    if (!known) throw unprocessable('otp_disabled', 'Signups not allowed for otp');
  }

  if (params.email) return magicLinkWith(api, c, params);
  if (params.phone) return smsOtp(api, c, params);
  throw badRequest('validation_failed', 'One of email or phone must be set');
}

/** POST /magiclink, GoTrue's older name for an email OTP. */
export async function magicLink(api: Api, c: Ctx): Promise<Response> {
  api.limiter.limitRequest('signInSignUps', clientIp(c));
  return magicLinkWith(api, c, otpParams(await readParams(c, 'MagicLinkParams')));
}

async function magicLinkWith(api: Api, c: Ctx, params: OtpParams): Promise<Response> {
  const { settings } = api;
  if (!settings.emailEnabled) throw unprocessable('email_provider_disabled', 'Email logins are disabled');
  if (!params.email) throw unprocessable('validation_failed', 'Password recovery requires an email');
  const email = validateEmail(params.email);
  validatePkceParams(params.codeChallengeMethod, params.codeChallenge);
  const flow = getFlowFromChallenge(params.codeChallenge);

  const user = await findUserByEmailAndAudience(api.pool, email, requestAud(api, c));
  if (!user || !isConfirmed(user)) {
    await signupWith(api, c, {
      email,
      phone: '',
      password: generatePassword(settings.passwordRequiredCharacters),
      data: params.data,
      channel: '',
      codeChallenge: params.codeChallenge,
      codeChallengeMethod: params.codeChallengeMethod,
    });
    // With autoconfirm the new user is confirmed and now gets the magic link; otherwise the
    // confirmation email just sent is the link.
    if (settings.mailerAutoconfirm) return magicLinkWith(api, c, params);
    return c.json({});
  }

  await transaction(api.pool, async (tx) => {
    if (flow === 'pkce') {
      await generateFlowState(tx, 'magiclink', 'magiclink', params.codeChallengeMethod, params.codeChallenge, user.id);
    }
    await auditLog(tx, clientIp(c), user, 'user_recovery_requested');
    await sendMagicLink(api, tx, user, flow, getReferrer(settings, c.req));
  });
  return c.json({});
}

async function smsOtp(api: Api, c: Ctx, params: OtpParams): Promise<Response> {
  const { settings } = api;
  if (!settings.phoneEnabled) throw badRequest('phone_provider_disabled', 'Unsupported phone provider');
  const phone = validatePhone(params.phone);
  const channel = validateChannel(params.channel);

  const user = await findUserByPhoneAndAudience(api.pool, phone, requestAud(api, c));
  if (!user || !isPhoneConfirmed(user)) {
    await signupWith(api, c, {
      email: '',
      phone,
      password: generatePassword(settings.passwordRequiredCharacters),
      data: params.data,
      channel,
      codeChallenge: '',
      codeChallengeMethod: '',
    });
    // With autoconfirm the new user is confirmed and now gets a code; otherwise sign-up sent it.
    if (settings.smsAutoconfirm) return smsOtp(api, c, { ...params, data: {} });
    return c.json({});
  }

  const messageId = await transaction(api.pool, async (tx) => {
    await auditLog(tx, clientIp(c), user, 'user_recovery_requested', { channel });
    return sendPhoneConfirmation(api, tx, user, phone, 'confirmation');
  });
  return c.json(messageId ? { message_id: messageId } : {});
}
