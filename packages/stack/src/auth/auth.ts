/**
 * Who is calling (api/auth.go): a user's access token, whose user and session must still exist, or
 * an admin token (service_role) for /admin and /invite.
 */
import { adminActor, type AuditActor } from './audit.ts';
import { badRequest, forbidden, unauthorized } from './errors.ts';
import { verifyAccessToken, type AccessTokenClaims } from './jwt.ts';
import type { Api, Ctx } from './request.ts';
import { findSessionById, type Session } from './sessions.ts';
import { findUserById, type User } from './users.ts';
import { NIL_UUID } from './db.ts';

const BEARER = /^(?:B|b)earer (\S+$)/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface Authenticated {
  claims: AccessTokenClaims;
  user: User;
  /** absent for tokens without a session_id claim */
  session?: Session;
}

function extractBearerToken(c: Ctx): string {
  const match = BEARER.exec(c.req.header('authorization') ?? '');
  if (!match) throw unauthorized('no_authorization', 'This endpoint requires a Bearer token');
  return match[1];
}

/** The signed-in user behind the request's access token (requireAuthentication). */
export async function requireAuthentication(api: Api, c: Ctx): Promise<Authenticated> {
  const claims = await verifyAccessToken(api.settings, extractBearerToken(c));
  if (!claims.sub) throw forbidden('bad_jwt', 'invalid claim: missing sub claim');
  if (!UUID.test(claims.sub)) throw badRequest('bad_jwt', 'invalid claim: sub claim must be a UUID');
  const user = await findUserById(api.pool, claims.sub);
  if (!user) throw forbidden('user_not_found', 'User from sub claim in JWT does not exist');

  let session: Session | undefined;
  if (claims.session_id && claims.session_id !== NIL_UUID) {
    if (!UUID.test(claims.session_id)) throw forbidden('bad_jwt', 'invalid claim: session_id claim must be a UUID');
    session = await findSessionById(api.pool, claims.session_id);
    if (!session) throw forbidden('session_not_found', 'Session from session_id claim in JWT does not exist');
  }
  return { claims, user, session };
}

/** An admin: a valid token whose role is one of the admin roles (requireAdminCredentials). */
export async function requireAdmin(api: Api, c: Ctx): Promise<{ claims: AccessTokenClaims; actor: AuditActor }> {
  const claims = await verifyAccessToken(api.settings, extractBearerToken(c));
  if (!claims.role || !api.settings.adminRoles.includes(claims.role)) throw forbidden('not_admin', 'User not allowed');
  return { claims, actor: adminActor(claims.role) };
}
