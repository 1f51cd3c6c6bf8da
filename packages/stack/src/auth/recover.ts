/**
 * POST /recover (api/recover.go): a password recovery email. An unknown address gets the same empty
 * answer as a known one, so the endpoint does not reveal who is registered.
 */
import { auditLog } from './audit.ts';
import { transaction } from './db.ts';
import { badRequest } from './errors.ts';
import { generateFlowState, getFlowFromChallenge, validatePkceParams } from './flow-state.ts';
import { sendPasswordRecovery } from './mail.ts';
import { getReferrer } from './redirect.ts';
import { clientIp, readParams, requestAud, type Api, type Ctx } from './request.ts';
import { validateEmail } from './signup.ts';
import { findUserByEmailAndAudience } from './users.ts';

export async function recover(api: Api, c: Ctx): Promise<Response> {
  api.limiter.limitRequest('signInSignUps', clientIp(c));
  if (!api.settings.emailEnabled) throw badRequest('email_provider_disabled', 'Email logins are disabled');
  const body = await readParams(c, 'RecoverParams');
  const codeChallenge = body.string('code_challenge');
  const codeChallengeMethod = body.string('code_challenge_method');
  if (!body.string('email')) throw badRequest('validation_failed', 'Password recovery requires an email');
  const email = validateEmail(body.string('email'));
  validatePkceParams(codeChallengeMethod, codeChallenge);
  const flow = getFlowFromChallenge(codeChallenge);

  const user = await findUserByEmailAndAudience(api.pool, email, requestAud(api, c));
  if (!user) return c.json({});
  await transaction(api.pool, async (tx) => {
    if (flow === 'pkce') await generateFlowState(tx, 'recovery', 'recovery', codeChallengeMethod, codeChallenge, user.id);
    await auditLog(tx, clientIp(c), user, 'user_recovery_requested');
    await sendPasswordRecovery(api, tx, user, flow, getReferrer(api.settings, c.req));
  });
  return c.json({});
}
