/**
 * POST /token?grant_type=refresh_token (api/token_refresh.go). Each refresh revokes the token used
 * and issues its child. A revoked token may still be used within `refresh_token_reuse_interval`
 * (two tabs refreshing at once), or when it is the parent of the session's active token (the client
 * lost the previous response); outside that it is a sign of theft, and with rotation on the whole
 * session's family is revoked.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { auditLog } from './audit.ts';
import { CommitWithError, transaction } from './db.ts';
import { badRequest, conflict, OAuthError } from './errors.ts';
import { clientIp, readParams, userAgent, type Api, type Ctx } from './request.ts';
import {
  findActiveRefreshToken,
  findRefreshToken,
  findSessionById,
  refreshTokenSwap,
  revokeTokenFamily,
  updateRefreshInfo,
  type RefreshToken,
} from './sessions.ts';
import { generateAccessToken, tokenResponse, type AccessTokenResponse } from './token.ts';
import { findUserById, isBanned } from './users.ts';

/** How long concurrent refreshes of one session wait for each other, as GoTrue's retry loop. */
const RETRY_LOOP_MS = 5000;

/** Thrown inside the transaction when the token or session row is locked by a concurrent refresh. */
class Locked extends Error {}

export async function refreshTokenGrant(api: Api, c: Ctx): Promise<Response> {
  const params = await readParams(c, 'RefreshTokenGrantParams');
  const presented = params.string('refresh_token');
  if (!presented) throw new OAuthError('invalid_request', 'refresh_token required');

  const started = Date.now();
  while (Date.now() - started < RETRY_LOOP_MS) {
    const token = await findRefreshToken(api.pool, presented);
    if (!token) throw badRequest('refresh_token_not_found', 'Invalid Refresh Token: Refresh Token Not Found');
    const user = await findUserById(api.pool, token.userId);
    if (!user) throw badRequest('refresh_token_not_found', 'Invalid Refresh Token: Refresh Token Not Found');
    if (isBanned(user)) throw badRequest('user_banned', 'Invalid Refresh Token: User Banned');
    const session = token.sessionId ? await findSessionById(api.pool, token.sessionId) : undefined;
    if (!session) {
      await api.pool.query('delete from auth.refresh_tokens where id = $1', [token.id]);
      throw badRequest('session_not_found', 'Invalid Refresh Token: No Valid Session Found');
    }
    if (session.notAfter && Date.now() > session.notAfter.getTime()) {
      throw badRequest('session_expired', 'Invalid Refresh Token: Session Expired');
    }

    try {
      const response = await transaction(api.pool, async (tx): Promise<AccessTokenResponse> => {
        // Lock the token and its session; a concurrent refresh holding them makes us retry.
        const locked = await findRefreshToken(tx, presented, true);
        const lockedSession = locked && (await findSessionById(tx, session.id, true));
        if (!locked || !lockedSession) throw new Locked();

        let issued: RefreshToken | undefined;
        if (locked.revoked) {
          const active = await findActiveRefreshToken(tx, session.id);
          if (active && active.parent === locked.token) {
            // The client never stored the child it was given: hand the same child out again.
            issued = active;
          } else {
            const reuseUntil = locked.updatedAt.getTime() + api.settings.refreshTokenReuseInterval * 1000;
            if (Date.now() > reuseUntil) {
              if (api.settings.refreshTokenRotation) await revokeTokenFamily(tx, locked);
              api.log(`possible refresh token reuse: token ${locked.id} of session ${session.id}`);
              throw new CommitWithError(badRequest('refresh_token_already_used', 'Invalid Refresh Token: Already Used'));
            }
          }
        }

        await auditLog(tx, clientIp(c), user, 'token_refreshed');
        if (!issued) {
          await auditLog(tx, clientIp(c), user, 'token_revoked');
          issued = await refreshTokenSwap(tx, locked);
        }
        const accessToken = await generateAccessToken(api, tx, user, issued.sessionId!);
        await updateRefreshInfo(tx, session.id, userAgent(c), clientIp(c));
        return tokenResponse(api, user, accessToken, issued.token);
      });
      return c.json(response);
    } catch (error) {
      if (!(error instanceof Locked)) throw error;
      await sleep(10 + Math.floor(Math.random() * 20));
    }
  }
  throw conflict('Too many concurrent token refresh requests on the same session or refresh token');
}
