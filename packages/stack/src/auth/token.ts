/**
 * POST /token (api/token.go): the password and PKCE grants, and how every sign-in turns into a
 * session response. The refresh_token grant lives in token-refresh.ts; index.ts dispatches on
 * grant_type.
 */
import { auditLog } from './audit.ts';
import { transaction, type Queryable } from './db.ts';
import { badRequest, internal, notFound, unprocessable, type WeakPasswordError } from './errors.ts';
import { deleteFlowState, findFlowStateByAuthCode, isFlowStateExpired, verifyPkce } from './flow-state.ts';
import { signAccessToken } from './jwt.ts';
import { comparePassword, passwordWeakness } from './passwords.ts';
import { formatPhoneNumber } from './phone.ts';
import { clientIp, readParams, requestAud, userAgent, type Api, type Ctx } from './request.ts';
import { addClaimToSession, calculateAalAndAmr, findSessionById, grantAuthenticatedUser, type GrantParams } from './sessions.ts';
import {
  findUserByEmailAndAudience,
  findUserById,
  findUserByPhoneAndAudience,
  hasPassword,
  isBanned,
  isConfirmed,
  isPhoneConfirmed,
  userJSON,
  type User,
} from './users.ts';

export const INVALID_LOGIN_MESSAGE = 'Invalid login credentials';

export interface AccessTokenResponse {
  access_token: string;
  token_type: 'bearer';
  expires_in: number;
  expires_at: number;
  refresh_token: string;
  user: Record<string, unknown>;
  weak_password?: { message: string; reasons: string[] };
}

export function grantParams(c: Ctx): GrantParams {
  return { userAgent: userAgent(c), ip: clientIp(c) };
}

/** A signed access token for the user in this session, with the session's aal and amr. */
export async function generateAccessToken(api: Api, db: Queryable, user: User, sessionId: string) {
  const session = await findSessionById(db, sessionId);
  if (!session) throw internal('Session is required to issue access token');
  const { aal, amr } = await calculateAalAndAmr(db, session);
  return signAccessToken(api.settings, user, { id: session.id, aal, amr });
}

export function tokenResponse(api: Api, user: User, accessToken: { token: string; expiresAt: number }, refreshToken: string): AccessTokenResponse {
  return {
    access_token: accessToken.token,
    token_type: 'bearer',
    expires_in: api.settings.jwtExpiry,
    expires_at: accessToken.expiresAt,
    refresh_token: refreshToken,
    user: userJSON(user),
  };
}

/** Signs the user in: a new session with its refresh token, and an access token for it (issueRefreshToken). */
export async function issueRefreshToken(
  api: Api,
  db: Queryable,
  user: User,
  authenticationMethod: string,
  grant: GrantParams,
): Promise<AccessTokenResponse> {
  const refreshToken = await grantAuthenticatedUser(db, user.id, grant);
  user.lastSignInAt = new Date();
  user.updatedAt = user.lastSignInAt;
  await addClaimToSession(db, refreshToken.sessionId!, authenticationMethod);
  const accessToken = await generateAccessToken(api, db, user, refreshToken.sessionId!);
  return tokenResponse(api, user, accessToken, refreshToken.token);
}

export async function passwordGrant(api: Api, c: Ctx): Promise<Response> {
  const params = await readParams(c, 'PasswordGrantParams');
  const email = params.string('email');
  const phone = params.string('phone');
  const password = params.string('password');
  const aud = requestAud(api, c);
  const { settings } = api;

  if (email && phone) {
    throw badRequest('validation_failed', 'Only an email address or phone number should be provided on login.');
  }
  let user: User | undefined;
  let provider: string;
  if (email) {
    provider = 'email';
    if (!settings.emailEnabled) throw unprocessable('email_provider_disabled', 'Email logins are disabled');
    user = await findUserByEmailAndAudience(api.pool, email, aud);
  } else if (phone) {
    provider = 'phone';
    if (!settings.phoneEnabled) throw unprocessable('phone_provider_disabled', 'Phone logins are disabled');
    user = await findUserByPhoneAndAudience(api.pool, formatPhoneNumber(phone), aud);
  } else {
    throw badRequest('validation_failed', 'missing email or phone');
  }

  if (!user || !hasPassword(user)) throw badRequest('invalid_credentials', INVALID_LOGIN_MESSAGE);
  if (isBanned(user)) throw badRequest('user_banned', 'User is banned');
  const valid = await comparePassword(password, user.encryptedPassword);
  if (!valid) throw badRequest('invalid_credentials', INVALID_LOGIN_MESSAGE);
  // A sign-in with a password that today's policy would refuse still succeeds, but says so.
  const weakness: WeakPasswordError | undefined = passwordWeakness(settings, password);

  if (email && !isConfirmed(user)) throw badRequest('email_not_confirmed', 'Email not confirmed');
  if (phone && !isPhoneConfirmed(user)) throw badRequest('phone_not_confirmed', 'Phone not confirmed');

  const signedIn = user;
  const response = await transaction(api.pool, async (tx) => {
    await auditLog(tx, clientIp(c), signedIn, 'login', { provider });
    return issueRefreshToken(api, tx, signedIn, 'password', grantParams(c));
  });
  if (weakness) response.weak_password = { message: weakness.message, reasons: weakness.reasons };
  return c.json(response);
}

export async function pkceGrant(api: Api, c: Ctx): Promise<Response> {
  const params = await readParams(c, 'PKCEGrantParams');
  const authCode = params.string('auth_code');
  const codeVerifier = params.string('code_verifier');
  if (!authCode || !codeVerifier) {
    throw badRequest('validation_failed', 'invalid request: both auth code and code verifier should be non-empty');
  }
  const flow = await findFlowStateByAuthCode(api.pool, authCode);
  if (!flow || !flow.userId) throw notFound('flow_state_not_found', 'invalid flow state, no valid flow state found');
  if (isFlowStateExpired(flow, api.settings.flowStateExpiry)) {
    throw unprocessable('flow_state_expired', 'invalid flow state, flow state has expired');
  }
  const user = await findUserById(api.pool, flow.userId);
  if (!user) throw notFound('user_not_found', 'User not found');
  try {
    verifyPkce(flow, codeVerifier);
  } catch (error) {
    throw badRequest('bad_code_verifier', (error as Error).message);
  }
  const response = await transaction(api.pool, async (tx) => {
    await auditLog(tx, clientIp(c), user, 'login', { provider_type: flow.providerType });
    const issued = await issueRefreshToken(api, tx, user, flow.authenticationMethod, grantParams(c));
    await deleteFlowState(tx, flow.id);
    return issued;
  });
  return c.json(response);
}

/** Signing in with a third party's ID token needs that provider configured, which the stack has none of. */
export async function idTokenGrant(): Promise<Response> {
  throw badRequest('provider_disabled', 'Sign-in with an ID token is not available: no OIDC provider is configured');
}
