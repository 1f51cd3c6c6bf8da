/**
 * POST /signup (api/signup.go, anonymous.go). A new user gets an identity for the provider and, with
 * confirmations off, a session straight away; with confirmations on, a confirmation email or SMS and
 * no session. Signing up again with a confirmed address is refused when the project autoconfirms;
 * otherwise GoTrue answers with a made-up user, so the response does not reveal who is registered.
 */
import { randomUUID } from 'node:crypto';
import { auditLog } from './audit.ts';
import { transaction, type Queryable } from './db.ts';
import { badRequest, internal, unprocessable } from './errors.ts';
import { generateFlowState, getFlowFromChallenge, validatePkceParams } from './flow-state.ts';
import { createIdentity, findIdentityByIdAndProvider, providerClaims } from './identities.ts';
import { sendConfirmation } from './mail.ts';
import { checkPasswordStrength, hashPassword } from './passwords.ts';
import { sendPhoneConfirmation, validateChannel, validatePhone } from './phone.ts';
import { getReferrer } from './redirect.ts';
import { clientIp, requestAud, type Api, type Ctx, type Params } from './request.ts';
import { grantParams, issueRefreshToken } from './token.ts';
import {
  confirm,
  confirmPhone,
  createUser,
  findUserByPhoneAndAudience,
  isConfirmed,
  isDuplicatedEmail,
  isPhoneConfirmed,
  reloadUser,
  updateAppMetaDataProviders,
  updateUserMetaData,
  userJSON,
  type User,
} from './users.ts';

export interface SignupParams {
  email: string;
  phone: string;
  password: string;
  data: Record<string, unknown>;
  channel: string;
  codeChallenge: string;
  codeChallengeMethod: string;
}

export function signupParams(params: Params): SignupParams {
  return {
    email: params.string('email'),
    phone: params.string('phone'),
    password: params.string('password'),
    data: params.object('data') ?? {},
    channel: params.string('channel'),
    codeChallenge: params.string('code_challenge'),
    codeChallengeMethod: params.string('code_challenge_method'),
  };
}

/** Lowercases and checks an address as GoTrue's validateEmail. */
export function validateEmail(email: string): string {
  if (!email) throw badRequest('validation_failed', 'An email address is required');
  if (email.length > 255) throw badRequest('validation_failed', 'An email address is too long');
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
    throw badRequest('validation_failed', 'Unable to validate email address: invalid format');
  }
  return email.toLowerCase();
}

/** Inserts the user with the default role, then reads it back for what triggers changed (signupNewUser). */
export async function signupNewUser(
  api: Api,
  db: Queryable,
  fields: { email?: string; phone?: string; encryptedPassword: string | null; userMetaData: Record<string, unknown>; provider: string; aud: string },
): Promise<User> {
  const appMetaData = fields.provider === 'anonymous' ? {} : { provider: fields.provider, providers: [fields.provider] };
  let user: User;
  try {
    user = await createUser(db, {
      aud: fields.aud,
      role: api.settings.defaultRole,
      email: fields.email,
      phone: fields.phone,
      encryptedPassword: fields.encryptedPassword,
      userMetaData: fields.userMetaData,
      appMetaData,
      isAnonymous: fields.provider === 'anonymous',
    });
  } catch (error) {
    // Usually a trigger on auth.users that failed; GoTrue hides the cause behind this message too.
    api.log(`saving a new user failed: ${(error as Error).message}`);
    throw internal('Database error saving new user');
  }
  return reloadUser(db, user);
}

class UserExists extends Error {}

/** The made-up user returned for a repeated sign-up, so that nobody learns the address is taken (sanitizeUser). */
function sanitizedUser(user: User, provider: string, aud: string, data: Record<string, unknown>): Record<string, unknown> {
  const now = new Date().toISOString();
  const json = userJSON(user);
  for (const key of ['email_confirmed_at', 'phone_confirmed_at', 'confirmed_at', 'last_sign_in_at', 'email_change_sent_at', 'new_email']) {
    delete json[key];
  }
  return {
    ...json,
    id: randomUUID(),
    aud,
    role: '',
    email: provider === 'phone' ? '' : json.email,
    phone: provider === 'email' ? '' : json.phone,
    confirmation_sent_at: now,
    app_metadata: { provider, providers: [provider] },
    user_metadata: data,
    identities: [],
    created_at: now,
    updated_at: now,
  };
}

/** The sign-up itself, also used by /otp for addresses it has not seen (Signup). */
export async function signupWith(api: Api, c: Ctx, params: SignupParams): Promise<Response> {
  const { settings } = api;
  if (settings.disableSignup) throw unprocessable('signup_disabled', 'Signups not allowed for this instance');

  const provider = params.email ? 'email' : params.phone ? 'phone' : '';
  if (!params.password) throw badRequest('validation_failed', 'Signup requires a valid password');
  checkPasswordStrength(settings, params.password);
  if (params.email && params.phone) {
    throw badRequest('validation_failed', 'Only an email address or phone number should be provided on signup.');
  }
  if (provider === 'phone') params.channel = validateChannel(params.channel);
  if (params.phone && params.codeChallenge) throw badRequest('validation_failed', 'PKCE not supported for phone signups');
  validatePkceParams(params.codeChallengeMethod, params.codeChallenge);

  const flow = getFlowFromChallenge(params.codeChallenge);
  const aud = requestAud(api, c);
  const ip = clientIp(c);

  let existing: User | undefined;
  switch (provider) {
    case 'email':
      if (!settings.emailEnabled) throw badRequest('email_provider_disabled', 'Email signups are disabled');
      params.email = validateEmail(params.email);
      existing = await isDuplicatedEmail(api.pool, params.email, aud);
      break;
    case 'phone':
      if (!settings.phoneEnabled) throw badRequest('phone_provider_disabled', 'Phone signups are disabled');
      params.phone = validatePhone(params.phone);
      existing = await findUserByPhoneAndAudience(api.pool, params.phone, aud);
      break;
    default:
      throw badRequest('validation_failed', 'Sign up only available with email or phone provider');
  }

  // Hashing is slow, so it happens before the transaction, as in GoTrue.
  const encryptedPassword = existing ? null : await hashPassword(params.password);

  let user: User;
  try {
    user = await transaction(api.pool, async (tx) => {
      let user: User;
      if (existing) {
        if ((provider === 'email' && isConfirmed(existing)) || (provider === 'phone' && isPhoneConfirmed(existing))) {
          throw new UserExists();
        }
        // An unconfirmed account is left as it is: we cannot be sure who is signing up.
        user = existing;
      } else {
        user = await signupNewUser(api, tx, {
          email: params.email,
          phone: params.phone,
          encryptedPassword,
          userMetaData: params.data,
          provider,
          aud,
        });
      }

      let identity = await findIdentityByIdAndProvider(tx, user.id, provider);
      if (!identity) {
        const identityData: Record<string, unknown> = providerClaims({ sub: user.id, email: user.email });
        for (const [key, value] of Object.entries(params.data)) if (!(key in identityData)) identityData[key] = value;
        identity = await createIdentity(tx, user.id, provider, identityData);
        // RemoveUnconfirmedIdentities: an unconfirmed user keeps only this identity, and its data.
        user.userMetaData = {};
        await updateUserMetaData(tx, user, identity.identityData);
        await tx.query('delete from auth.identities where user_id = $1 and id <> $2', [user.id, identity.id]);
        await updateAppMetaDataProviders(tx, user);
      }
      user.identities = [identity];

      if (provider === 'email' && !isConfirmed(user)) {
        if (settings.mailerAutoconfirm) {
          await auditLog(tx, ip, user, 'user_signedup', { provider });
          await confirm(tx, user);
        } else {
          await auditLog(tx, ip, user, 'user_confirmation_requested', { provider });
          if (flow === 'pkce') {
            await generateFlowState(tx, provider, 'email/signup', params.codeChallengeMethod, params.codeChallenge, user.id);
          }
          await sendConfirmation(api, tx, user, flow, getReferrer(settings, c.req));
        }
      } else if (provider === 'phone' && !isPhoneConfirmed(user)) {
        if (settings.smsAutoconfirm) {
          await auditLog(tx, ip, user, 'user_signedup', { provider, channel: params.channel });
          await confirmPhone(tx, user);
        } else {
          await auditLog(tx, ip, user, 'user_confirmation_requested', { provider });
          await sendPhoneConfirmation(api, tx, user, params.phone, 'confirmation');
        }
      }
      return user;
    });
  } catch (error) {
    if (!(error instanceof UserExists)) throw error;
    await auditLog(api.pool, ip, existing!, 'user_repeated_signup', { provider });
    if (settings.mailerAutoconfirm || settings.smsAutoconfirm) {
      throw unprocessable('user_already_exists', 'User already registered');
    }
    return c.json(sanitizedUser(existing!, provider, aud, params.data));
  }

  if (isConfirmed(user) || isPhoneConfirmed(user)) {
    const signedUp = user;
    const response = await transaction(api.pool, async (tx) => {
      await auditLog(tx, ip, signedUp, 'login', { provider });
      return issueRefreshToken(api, tx, signedUp, 'password', grantParams(c));
    });
    return c.json(response);
  }
  const json = userJSON(user);
  if (user.invitedAt) {
    json.user_metadata = {};
    json.identities = [];
  }
  return c.json(json);
}

/** POST /signup without email or phone: an anonymous user and a session (SignupAnonymously). */
export async function signupAnonymously(api: Api, c: Ctx, params: SignupParams): Promise<Response> {
  if (api.settings.disableSignup) throw unprocessable('signup_disabled', 'Signups not allowed for this instance');
  const aud = requestAud(api, c);
  const response = await transaction(api.pool, async (tx) => {
    const user = await signupNewUser(api, tx, {
      encryptedPassword: '',
      userMetaData: params.data,
      provider: 'anonymous',
      aud,
    });
    await auditLog(tx, clientIp(c), user, 'user_signedup', { provider: 'anonymous' });
    return issueRefreshToken(api, tx, user, 'anonymous', grantParams(c));
  });
  return c.json(response);
}

/** The route: anonymous sign-ins and sign-ups have their own per-address limits. */
export async function signup(api: Api, c: Ctx, params: Params): Promise<Response> {
  const parsed = signupParams(params);
  if (!parsed.email && !parsed.phone) {
    if (!api.settings.anonymousEnabled) {
      throw unprocessable('anonymous_provider_disabled', 'Anonymous sign-ins are disabled');
    }
    api.limiter.limitRequest('anonymousUsers', clientIp(c));
    return signupAnonymously(api, c, parsed);
  }
  api.limiter.limitRequest('signInSignUps', clientIp(c));
  return signupWith(api, c, parsed);
}
