/**
 * GET /user and PUT /user (api/user.go): the signed-in user, and their own changes: metadata,
 * password, email (confirmed by email, twice with double confirmation), phone (confirmed by SMS).
 */
import { auditLog } from './audit.ts';
import { requireAuthentication } from './auth.ts';
import { transaction } from './db.ts';
import {
  badRequest,
  DUPLICATE_EMAIL_MESSAGE,
  DUPLICATE_PHONE_MESSAGE,
  forbidden,
  unprocessable,
} from './errors.ts';
import { generateFlowState, getFlowFromChallenge, validatePkceParams } from './flow-state.ts';
import { sendEmailChange } from './mail.ts';
import { checkPasswordStrength, comparePassword, hashPassword } from './passwords.ts';
import { sendPhoneConfirmation, validateChannel, validatePhone } from './phone.ts';
import { verifyReauthentication } from './reauthenticate.ts';
import { getReferrer } from './redirect.ts';
import { clientIp, readParams, requestAud, type Api, type Ctx } from './request.ts';
import { validateEmail } from './signup.ts';
import {
  isDuplicatedEmail,
  isDuplicatedPhone,
  updateAppMetaData,
  updatePassword,
  updateUserMetaData,
  userJSON,
} from './users.ts';
import { emailChangeVerify, smsVerify } from './verify.ts';

/** Sessions younger than this may change the password without a nonce, even with secure_password_change. */
const RECENT_SIGN_IN_MS = 24 * 60 * 60 * 1000;

export async function userGet(api: Api, c: Ctx): Promise<Response> {
  const { claims, user } = await requireAuthentication(api, c);
  const audience = Array.isArray(claims.aud) ? claims.aud[0] : claims.aud;
  if (!audience || audience !== requestAud(api, c)) {
    throw badRequest('validation_failed', "Token audience doesn't match request audience");
  }
  return c.json(userJSON(user));
}

export async function userUpdate(api: Api, c: Ctx): Promise<Response> {
  const { user, session } = await requireAuthentication(api, c);
  api.limiter.limitRequest('signInSignUps', clientIp(c));
  const body = await readParams(c, 'UserUpdateParams');
  const { settings } = api;
  const aud = requestAud(api, c);
  const ip = clientIp(c);

  let email = body.string('email');
  let phone = body.string('phone');
  const password = body.optionalString('password');
  const nonce = body.string('nonce');
  const data = body.object('data');
  const appData = body.object('app_metadata');
  const codeChallenge = body.string('code_challenge');
  const codeChallengeMethod = body.string('code_challenge_method');

  if (email) email = validateEmail(email);
  if (phone) {
    phone = validatePhone(phone);
    validateChannel(body.string('channel'));
  }
  if (password !== undefined) checkPasswordStrength(settings, password);
  validatePkceParams(codeChallengeMethod, codeChallenge);

  if (appData && !settings.adminRoles.includes(user.role)) {
    throw forbidden('not_admin', 'Updating app_metadata requires admin privileges');
  }
  if (user.isAnonymous && password && !email && !phone) {
    throw unprocessable('validation_failed', 'Updating password of an anonymous user without an email or phone is not allowed');
  }
  if (email && email !== user.email && (await isDuplicatedEmail(api.pool, email, aud, user))) {
    throw unprocessable('email_exists', DUPLICATE_EMAIL_MESSAGE);
  }
  if (phone && phone !== user.phone && (await isDuplicatedPhone(api.pool, phone, aud))) {
    throw unprocessable('phone_exists', DUPLICATE_PHONE_MESSAGE);
  }

  let passwordHash: string | null | undefined;
  if (password !== undefined) {
    if (settings.passwordChangeRequiresReauthentication) {
      // Only a session signed in long ago needs the nonce from GET /reauthenticate.
      if (!session || Date.now() > session.createdAt.getTime() + RECENT_SIGN_IN_MS) {
        if (!nonce) throw badRequest('reauthentication_needed', 'Password update requires reauthentication');
        await verifyReauthentication(api, api.pool, user, nonce);
      }
    }
    if (password && (await comparePassword(password, user.encryptedPassword))) {
      throw unprocessable('same_password', 'New password should be different from the old password.');
    }
    passwordHash = password ? await hashPassword(password) : null;
  }

  await transaction(api.pool, async (tx) => {
    if (passwordHash !== undefined) {
      user.encryptedPassword = passwordHash;
      await updatePassword(tx, user, session?.id);
      await auditLog(tx, ip, user, 'user_updated_password');
    }
    if (data) await updateUserMetaData(tx, user, data);
    if (appData) await updateAppMetaData(tx, user, appData);

    if (email && email !== user.email) {
      if (user.isAnonymous && settings.mailerAutoconfirm) {
        // An anonymous user adding an email is like signing up: no confirmation when autoconfirming.
        user.emailChange = email;
        await emailChangeVerify(api, tx, ip, { type: 'email_change', token: '', tokenHash: '', email, phone: '', redirectTo: '' }, user);
      } else {
        const flow = getFlowFromChallenge(codeChallenge);
        if (flow === 'pkce') {
          await generateFlowState(tx, 'email_change', 'email_change', codeChallengeMethod, codeChallenge, user.id);
        }
        await sendEmailChange(api, tx, user, email, flow, getReferrer(settings, c.req));
      }
    }

    if (phone && phone !== user.phone) {
      if (settings.smsAutoconfirm) {
        user.phoneChange = phone;
        await smsVerify(tx, ip, user, 'phone_change', phone);
      } else {
        await sendPhoneConfirmation(api, tx, user, phone, 'phone_change');
      }
    }
    await auditLog(tx, ip, user, 'user_modified');
  });
  return c.json(userJSON(user));
}
