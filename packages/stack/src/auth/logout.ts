/**
 * POST /logout (api/logout.go): ends the caller's sessions, and with them their refresh tokens.
 * `scope=global` (the default) ends all of the user's sessions, `local` only this one, `others`
 * all but this one. Access tokens already issued stay valid until they expire, as on Supabase,
 * but every endpoint that checks the session refuses them from now on.
 */
import { auditLog } from './audit.ts';
import { requireAuthentication } from './auth.ts';
import { transaction } from './db.ts';
import { badRequest } from './errors.ts';
import { clientIp, type Api, type Ctx } from './request.ts';
import { logout as logoutUser, logoutAllExceptMe, logoutSession } from './sessions.ts';

export async function logout(api: Api, c: Ctx): Promise<Response> {
  const { user, session } = await requireAuthentication(api, c);
  const scope = c.req.query('scope') || 'global';
  if (!['global', 'local', 'others'].includes(scope)) {
    throw badRequest('validation_failed', `Unsupported logout scope "${scope}"`);
  }
  await transaction(api.pool, async (tx) => {
    await auditLog(tx, clientIp(c), user, 'logout');
    if (session && scope === 'local') return logoutSession(tx, session.id);
    if (session && scope === 'others') return logoutAllExceptMe(tx, session.id, user.id);
    return logoutUser(tx, user.id);
  });
  return c.body(null, 204);
}
