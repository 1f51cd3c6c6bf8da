/**
 * POST /verify and GET /verify (api/verify.go): exchanging a one-time code, or a link's token hash,
 * for a session. POST answers with the session; GET is the link in an email and answers with a 303
 * to the redirect URL: tokens in the fragment (implicit flow), `?code=` (PKCE), or the error in the
 * fragment (and, for PKCE, the query) as GoTrue does.
 */
import { auditLog } from './audit.ts';
import { generateTokenHash, generatePassword } from './crypto.ts';
import { transaction, type Queryable } from './db.ts';
import { badRequest, forbidden, HTTPError, EMAIL_LINK_INVALID_MESSAGE, OTP_INVALID_MESSAGE, unprocessable } from './errors.ts';
import { issueAuthCode, parseAuthenticationMethod, PKCE_PREFIX, type FlowType } from './flow-state.ts';
import { createIdentity, findIdentityByIdAndProvider, providerClaims, updateIdentityData } from './identities.ts';
import { clearOneTimeToken, findOneTimeToken, type OneTimeTokenType } from './one-time-tokens.ts';
import { hashPassword } from './passwords.ts';
import { testOtp, validatePhone } from './phone.ts';
import { getReferrer } from './redirect.ts';
import { clientIp, readParams, requestAud, type Api, type Ctx } from './request.ts';
import { grantParams, issueRefreshToken, type AccessTokenResponse } from './token.ts';
import { validateEmail } from './signup.ts';
import {
  confirm,
  confirmEmailChange,
  confirmPhone,
  confirmPhoneChange,
  findUserByEmailAndAudience,
  findUserById,
  findUserByPhoneAndAudience,
  findUserByPhoneChangeAndAudience,
  isBanned,
  isConfirmed,
  recover,
  reloadUser,
  saveUser,
  updateAppMetaDataProviders,
  updatePassword,
  type User,
} from './users.ts';
import { findIdentitiesByUserId } from './identities.ts';

const SINGLE_CONFIRMATION_ACCEPTED = 'Confirmation link accepted. Please proceed to confirm link sent to the other email';

interface VerifyParams {
  type: string;
  token: string;
  tokenHash: string;
  email: string;
  phone: string;
  redirectTo: string;
}

/** A one-time code is valid when it matches the stored hash (plain or PKCE) and is not too old (isOtpValid). */
function isOtpValid(actual: string, expected: string, sentAt: Date | null, expirySeconds: number): boolean {
  if (!expected || !sentAt) return false;
  return !isOtpExpired(sentAt, expirySeconds) && (actual === expected || PKCE_PREFIX + actual === expected);
}

const isOtpExpired = (sentAt: Date | null, expirySeconds: number) => !sentAt || Date.now() > sentAt.getTime() + expirySeconds * 1000;

/** The user a link's token hash belongs to, checked for ban and expiry (verifyTokenHash). */
async function verifyTokenHash(api: Api, db: Queryable, params: VerifyParams): Promise<User> {
  const types: Record<string, OneTimeTokenType[]> = {
    email: ['confirmation_token', 'recovery_token'],
    signup: ['confirmation_token'],
    invite: ['confirmation_token'],
    recovery: ['recovery_token'],
    magiclink: ['recovery_token'],
    email_change: ['email_change_token_current', 'email_change_token_new'],
  };
  if (!types[params.type]) throw badRequest('validation_failed', 'Invalid email verification type');
  const ott = await findOneTimeToken(db, params.tokenHash, ...types[params.type]);
  const user = ott && (await findUserById(db, ott.userId));
  if (!user) throw forbidden('otp_expired', EMAIL_LINK_INVALID_MESSAGE);
  if (isBanned(user)) throw forbidden('user_banned', 'User is banned');

  let sentAt: Date | null;
  switch (params.type) {
    case 'email':
      sentAt = user.confirmationSentAt;
      params.type = 'signup';
      if (user.recoveryToken === params.tokenHash) {
        sentAt = user.recoverySentAt;
        params.type = 'magiclink';
      }
      break;
    case 'signup':
    case 'invite':
      sentAt = user.confirmationSentAt;
      break;
    case 'recovery':
    case 'magiclink':
      sentAt = user.recoverySentAt;
      break;
    default:
      sentAt = user.emailChangeSentAt;
  }
  if (isOtpExpired(sentAt, api.settings.emailOtpExpiry)) throw forbidden('otp_expired', EMAIL_LINK_INVALID_MESSAGE);
  return user;
}

/** An email change's user by a code sent to the current or the new address (FindUserForEmailChange). */
async function findUserForEmailChange(api: Api, db: Queryable, tokenHash: string): Promise<User | undefined> {
  const types: OneTimeTokenType[] = api.settings.secureEmailChange
    ? ['email_change_token_current', 'email_change_token_new']
    : ['email_change_token_new'];
  for (const type of types) {
    const ott = (await findOneTimeToken(db, tokenHash, type)) ?? (await findOneTimeToken(db, PKCE_PREFIX + tokenHash, type));
    if (ott) return findUserById(db, ott.userId);
  }
  return undefined;
}

/** The user a typed code belongs to, checked against the stored hash (verifyUserAndToken). */
async function verifyUserAndToken(api: Api, db: Queryable, params: VerifyParams, aud: string): Promise<User> {
  const { settings } = api;
  let user: User | undefined;
  switch (params.type) {
    case 'phone_change':
      user = await findUserByPhoneChangeAndAudience(db, params.phone, aud);
      break;
    case 'sms':
      user = await findUserByPhoneAndAudience(db, params.phone, aud);
      break;
    case 'email_change':
      user = await findUserForEmailChange(api, db, params.tokenHash);
      break;
    default:
      user = await findUserByEmailAndAudience(db, params.email, aud);
  }
  if (!user) throw forbidden('otp_expired', OTP_INVALID_MESSAGE);
  if (isBanned(user)) throw forbidden('user_banned', 'User is banned');

  const hash = params.tokenHash;
  const expiry = settings.emailOtpExpiry;
  let valid = false;
  switch (params.type) {
    case 'email':
      if (isOtpValid(hash, user.confirmationToken, user.confirmationSentAt, expiry)) {
        valid = true;
        params.type = 'signup';
      } else if (isOtpValid(hash, user.recoveryToken, user.recoverySentAt, expiry)) {
        valid = true;
        params.type = 'magiclink';
      }
      break;
    case 'signup':
    case 'invite':
      valid = isOtpValid(hash, user.confirmationToken, user.confirmationSentAt, expiry);
      break;
    case 'recovery':
    case 'magiclink':
      valid = isOtpValid(hash, user.recoveryToken, user.recoverySentAt, expiry);
      break;
    case 'email_change':
      valid =
        isOtpValid(hash, user.emailChangeTokenCurrent, user.emailChangeSentAt, expiry) ||
        isOtpValid(hash, user.emailChangeTokenNew, user.emailChangeSentAt, expiry);
      break;
    case 'sms':
    case 'phone_change': {
      const fixed = testOtp(api, params.phone);
      if (fixed && params.token === fixed) return user;
      const expected = params.type === 'phone_change' ? user.phoneChangeToken : user.confirmationToken;
      const sentAt = params.type === 'phone_change' ? user.phoneChangeSentAt : user.confirmationSentAt;
      valid = isOtpValid(hash, expected, sentAt, settings.smsOtpExpiry);
      break;
    }
  }
  if (!valid) throw forbidden('otp_expired', OTP_INVALID_MESSAGE);
  return user;
}

async function signupVerify(api: Api, db: Queryable, ip: string, user: User): Promise<User> {
  if (!user.encryptedPassword && user.invitedAt) {
    // An invited user has no password yet: a random one, which the app then asks them to replace.
    user.encryptedPassword = await hashPassword(generatePassword(api.settings.passwordRequiredCharacters));
    await updatePassword(db, user);
  }
  await auditLog(db, ip, user, 'user_signedup');
  await confirm(db, user);
  for (const identity of user.identities) {
    if (identity.email && user.email && identity.email === user.email) {
      await updateIdentityData(db, identity, { email_verified: true });
    }
  }
  return user;
}

async function recoverVerify(db: Queryable, ip: string, user: User): Promise<User> {
  await recover(db, user);
  if (!isConfirmed(user)) {
    await auditLog(db, ip, user, 'user_signedup');
    await confirm(db, user);
  } else {
    await auditLog(db, ip, user, 'login');
  }
  return user;
}

/**
 * Confirms an email change. With double confirmation (and confirmations on), the first code only
 * marks its side confirmed and returns undefined; the second completes the change.
 */
export async function emailChangeVerify(api: Api, db: Queryable, ip: string, params: VerifyParams, user: User): Promise<User | undefined> {
  const { settings } = api;
  if (!settings.mailerAutoconfirm && settings.secureEmailChange && user.emailChangeConfirmStatus === 0 && user.email) {
    const current = await findOneTimeToken(db, params.tokenHash, 'email_change_token_current');
    const fresh = await findOneTimeToken(db, params.tokenHash, 'email_change_token_new');
    user.emailChangeConfirmStatus = 1;
    const matches = (stored: string, ott: typeof current) =>
      (!!params.token && params.token === stored) || params.tokenHash === stored || (!!ott && params.tokenHash === ott.tokenHash);
    if (matches(user.emailChangeTokenCurrent, current)) {
      user.emailChangeTokenCurrent = '';
      await clearOneTimeToken(db, user.id, 'email_change_token_current');
    } else if (matches(user.emailChangeTokenNew, fresh)) {
      user.emailChangeTokenNew = '';
      await clearOneTimeToken(db, user.id, 'email_change_token_new');
    }
    await saveUser(db, user, 'emailChangeConfirmStatus', 'emailChangeTokenCurrent', 'emailChangeTokenNew');
    return undefined;
  }

  await auditLog(db, ip, user, 'user_modified');
  const identity = await findIdentityByIdAndProvider(db, user.id, 'email');
  if (!identity) {
    await createIdentity(db, user.id, 'email', providerClaims({ sub: user.id, email: user.emailChange, emailVerified: true }));
  } else {
    await updateIdentityData(db, identity, { email: user.emailChange, email_verified: true });
  }
  if (user.isAnonymous) {
    user.isAnonymous = false;
    await saveUser(db, user, 'isAnonymous');
  }
  await confirmEmailChange(db, user, 0);
  user.identities = await findIdentitiesByUserId(db, user.id);
  return user;
}

export async function smsVerify(db: Queryable, ip: string, user: User, type: string, phone: string): Promise<User> {
  if (type === 'sms') {
    await auditLog(db, ip, user, 'user_signedup');
    await confirmPhone(db, user);
  } else {
    await auditLog(db, ip, user, 'user_modified');
    const identity = await findIdentityByIdAndProvider(db, user.id, 'phone');
    if (!identity) {
      await createIdentity(db, user.id, 'phone', providerClaims({ sub: user.id, phone, phoneVerified: true }));
    } else {
      await updateIdentityData(db, identity, { phone, phone_verified: true });
    }
    await confirmPhoneChange(db, user);
  }
  if (user.isAnonymous) {
    user.isAnonymous = false;
    await saveUser(db, user, 'isAnonymous');
  }
  user.identities = await findIdentitiesByUserId(db, user.id);
  return user;
}

/**
 * Carries out what a verified token confirms (sign-up, recovery, email or phone change) and returns the
 * user as now stored, or undefined when an email change still waits for its other confirmation. Links
 * (GET /verify) confirm email only; codes (POST /verify) confirm phones too.
 */
async function confirmVerified(
  api: Api,
  tx: Queryable,
  ip: string,
  params: VerifyParams,
  verified: User,
  allow: { phone: boolean },
): Promise<User | undefined> {
  let user = verified;
  switch (params.type) {
    case 'signup':
    case 'invite':
      user = await signupVerify(api, tx, ip, user);
      break;
    case 'recovery':
    case 'magiclink':
      user = await recoverVerify(tx, ip, user);
      break;
    case 'email_change': {
      const changed = await emailChangeVerify(api, tx, ip, params, user);
      if (!changed) return undefined;
      user = changed;
      break;
    }
    case 'sms':
    case 'phone_change':
      if (allow.phone) {
        user = await smsVerify(tx, ip, user, params.type, params.phone);
        break;
      }
    // falls through: a link never confirms a phone
    default:
      throw badRequest('validation_failed', 'Unsupported verification type');
  }
  await updateAppMetaDataProviders(tx, user);
  await reloadUser(tx, user);
  return user;
}

export async function verifyPost(api: Api, c: Ctx): Promise<Response> {
  api.limiter.limitRequest('tokenVerifications', clientIp(c));
  const body = await readParams(c, 'VerifyParams');
  const params: VerifyParams = {
    type: body.string('type'),
    token: body.string('token'),
    tokenHash: body.string('token_hash'),
    email: body.string('email'),
    phone: body.string('phone'),
    redirectTo: body.string('redirect_to'),
  };
  if (!params.type) throw badRequest('validation_failed', 'Verify requires a verification type');
  if (!params.token === !params.tokenHash) {
    throw badRequest('validation_failed', 'Verify requires either a token or a token hash');
  }
  if (params.token) {
    if (params.phone && !params.email) {
      params.phone = validatePhone(params.phone);
      params.tokenHash = generateTokenHash(params.phone, params.token);
    } else if (params.email && !params.phone) {
      try {
        params.email = validateEmail(params.email);
      } catch {
        throw unprocessable('validation_failed', 'Invalid email format');
      }
      params.tokenHash = generateTokenHash(params.email, params.token);
    } else {
      throw badRequest('validation_failed', 'Only an email address or phone number should be provided on verify');
    }
  } else if (params.email || params.phone || params.redirectTo) {
    throw badRequest('validation_failed', 'Only the token_hash and type should be provided');
  }

  const usingTokenHash = !!params.tokenHash && !params.token;
  const ip = clientIp(c);
  const result = await transaction(api.pool, async (tx): Promise<AccessTokenResponse | undefined> => {
    const user = usingTokenHash
      ? await verifyTokenHash(api, tx, params)
      : await verifyUserAndToken(api, tx, params, requestAud(api, c));
    const confirmed = await confirmVerified(api, tx, ip, params, user, { phone: true });
    if (!confirmed) return undefined;
    return issueRefreshToken(api, tx, confirmed, 'otp', grantParams(c));
  });
  if (!result) return c.json({ msg: SINGLE_CONFIRMATION_ACCEPTED, code: '200' });
  return c.json(result);
}

/** Go's url.Values.Encode: keys sorted, spaces as '+'. */
function encodeValues(values: Record<string, string>): string {
  const search = new URLSearchParams();
  for (const key of Object.keys(values).sort()) search.set(key, values[key]);
  return search.toString();
}

/** The redirect URL with its query set to `query` (merged, sorted) and its fragment to `fragment`. */
function withQueryAndFragment(redirectTo: string, query: Record<string, string> | undefined, fragment: Record<string, string>): string {
  const url = new URL(redirectTo);
  if (query) {
    const merged: Record<string, string> = Object.fromEntries(url.searchParams);
    Object.assign(merged, query);
    url.search = encodeValues(merged);
  }
  url.hash = encodeValues(fragment);
  return url.toString();
}

const OAUTH_ERRORS: Record<number, string> = {
  400: 'invalid_request',
  401: 'unauthorized_client',
  403: 'access_denied',
  500: 'server_error',
  503: 'temporarily_unavailable',
};

/** The error as the redirect target receives it (prepErrorRedirectURL). */
function errorRedirectUrl(error: HTTPError, redirectTo: string, flow: FlowType): string {
  const values: Record<string, string> = {};
  if (OAUTH_ERRORS[error.status]) values.error = OAUTH_ERRORS[error.status];
  values.error_code = error.errorCode;
  values.error_description = error.message;
  return withQueryAndFragment(redirectTo, flow === 'pkce' ? values : undefined, values);
}

export async function verifyGet(api: Api, c: Ctx): Promise<Response> {
  api.limiter.limitRequest('tokenVerifications', clientIp(c));
  const token = c.req.query('token') ?? '';
  const params: VerifyParams = {
    type: c.req.query('type') ?? '',
    token,
    tokenHash: token,
    email: '',
    phone: '',
    redirectTo: getReferrer(api.settings, c.req),
  };
  if (!params.type) throw badRequest('validation_failed', 'Verify requires a verification type');
  if (!params.token) throw badRequest('validation_failed', 'Verify requires a token or a token hash');

  const flow: FlowType = token.startsWith(PKCE_PREFIX) ? 'pkce' : 'implicit';
  const authenticationMethod = flow === 'pkce' ? parseAuthenticationMethod(params.type) : '';
  const ip = clientIp(c);

  let outcome: { session?: AccessTokenResponse; code?: string; singleConfirmation?: boolean };
  try {
    outcome = await transaction(api.pool, async (tx) => {
      const user = await confirmVerified(api, tx, ip, params, await verifyTokenHash(api, tx, params), { phone: false });
      if (!user) return { singleConfirmation: true };
      if (flow === 'implicit') return { session: await issueRefreshToken(api, tx, user, 'otp', grantParams(c)) };
      try {
        return { code: await issueAuthCode(tx, user.id, authenticationMethod) };
      } catch (error) {
        throw badRequest('flow_state_not_found', `No associated flow state found. ${(error as Error).message}`);
      }
    });
  } catch (error) {
    if (error instanceof HTTPError) return c.redirect(errorRedirectUrl(error, params.redirectTo, flow), 303);
    throw error;
  }

  if (outcome.singleConfirmation) {
    const message = { message: SINGLE_CONFIRMATION_ACCEPTED };
    return c.redirect(withQueryAndFragment(params.redirectTo, flow === 'pkce' ? message : {}, message), 303);
  }
  if (outcome.code) return c.redirect(withQueryAndFragment(params.redirectTo, { code: outcome.code }, {}).replace(/#$/, ''), 303);
  const session = outcome.session!;
  // AsRedirectURL appends the fragment to the URL as given.
  const fragment = encodeValues({
    access_token: session.access_token,
    token_type: session.token_type,
    expires_in: String(session.expires_in),
    expires_at: String(session.expires_at),
    refresh_token: session.refresh_token,
    type: params.type,
  });
  return c.redirect(`${params.redirectTo}#${fragment}`, 303);
}
