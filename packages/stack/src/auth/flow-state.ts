/**
 * PKCE (models/flow_state.go, api/pkce.go). A request that carries a code_challenge stores a flow
 * state; the emailed link then carries a `pkce_`-prefixed token, and verifying it redirects with
 * `?code=<auth_code>` instead of tokens, which only the holder of the code verifier can exchange
 * at POST /token?grant_type=pkce.
 */
import { randomUUID } from 'node:crypto';
import type { Queryable } from './db.ts';
import { constantTimeEqual, s256 } from './crypto.ts';
import { badRequest, unprocessable } from './errors.ts';

export type FlowType = 'pkce' | 'implicit';

export const PKCE_PREFIX = 'pkce_';
const MIN_CODE_CHALLENGE_LENGTH = 43;
const MAX_CODE_CHALLENGE_LENGTH = 128;

export interface FlowState {
  id: string;
  userId: string | null;
  authCode: string;
  authenticationMethod: string;
  codeChallenge: string;
  codeChallengeMethod: string;
  providerType: string;
  authCodeIssuedAt: Date | null;
  createdAt: Date;
}

function fromRow(row: any): FlowState {
  return {
    id: row.id,
    userId: row.user_id,
    authCode: row.auth_code,
    authenticationMethod: row.authentication_method,
    codeChallenge: row.code_challenge,
    codeChallengeMethod: row.code_challenge_method,
    providerType: row.provider_type,
    authCodeIssuedAt: row.auth_code_issued_at,
    createdAt: row.created_at,
  };
}

export const getFlowFromChallenge = (codeChallenge: string): FlowType => (codeChallenge ? 'pkce' : 'implicit');

/** The token stored and mailed for a flow: PKCE tokens carry a prefix that tells /verify the flow. */
export const addFlowPrefixToToken = (token: string, flow: FlowType) => (flow === 'pkce' ? PKCE_PREFIX + token : token);

export function validatePkceParams(codeChallengeMethod: string, codeChallenge: string): void {
  if (!codeChallenge !== !codeChallengeMethod) {
    throw badRequest('validation_failed', 'PKCE flow requires code_challenge_method and code_challenge');
  }
  if (codeChallenge) {
    if (codeChallenge.length < MIN_CODE_CHALLENGE_LENGTH || codeChallenge.length > MAX_CODE_CHALLENGE_LENGTH) {
      throw badRequest(
        'validation_failed',
        `code challenge has to be between ${MIN_CODE_CHALLENGE_LENGTH} and ${MAX_CODE_CHALLENGE_LENGTH} characters`,
      );
    }
    if (!['s256', 'plain'].includes(codeChallengeMethod.toLowerCase())) {
      throw badRequest('validation_failed', `unsupported code_challenge method "${codeChallengeMethod}"`);
    }
  }
}

export async function generateFlowState(
  db: Queryable,
  providerType: string,
  authenticationMethod: string,
  codeChallengeMethod: string,
  codeChallenge: string,
  userId: string | null,
): Promise<FlowState> {
  const { rows } = await db.query(
    `insert into auth.flow_state (id, user_id, auth_code, code_challenge_method, code_challenge, provider_type,
       authentication_method, created_at, updated_at)
     values ($1, $2, $3, $4, $5, $6, $7, now(), now())
     returning *`,
    [randomUUID(), userId, randomUUID(), codeChallengeMethod.toLowerCase(), codeChallenge, providerType, authenticationMethod],
  );
  return fromRow(rows[0]);
}

export async function findFlowStateByAuthCode(db: Queryable, authCode: string): Promise<FlowState | undefined> {
  const { rows } = await db.query('select * from auth.flow_state where auth_code = $1 limit 1', [authCode]);
  return rows[0] && fromRow(rows[0]);
}

/**
 * Hands out the auth code of the user's latest flow for this method and records when, after a
 * link was verified (issueAuthCode).
 */
export async function issueAuthCode(db: Queryable, userId: string, authenticationMethod: string): Promise<string> {
  const { rows } = await db.query(
    `update auth.flow_state set auth_code_issued_at = now(), updated_at = now()
     where id = (select id from auth.flow_state where user_id = $1 and authentication_method = $2
                 order by created_at desc limit 1)
     returning auth_code`,
    [userId, authenticationMethod],
  );
  if (!rows[0]) throw unprocessable('flow_state_not_found', 'No valid flow state found for user.');
  return rows[0].auth_code;
}

export function isFlowStateExpired(flow: FlowState, expirySeconds: number): boolean {
  const from = flow.authCodeIssuedAt && flow.authenticationMethod === 'magiclink' ? flow.authCodeIssuedAt : flow.createdAt;
  return Date.now() > from.getTime() + expirySeconds * 1000;
}

export function verifyPkce(flow: FlowState, codeVerifier: string): void {
  switch (flow.codeChallengeMethod) {
    case 's256':
      if (!constantTimeEqual(flow.codeChallenge, s256(codeVerifier))) {
        throw new Error('code challenge does not match previously saved code verifier');
      }
      return;
    case 'plain':
      if (!constantTimeEqual(flow.codeChallenge, codeVerifier)) {
        throw new Error('code challenge does not match previously saved code verifier');
      }
      return;
    default:
      throw new Error('code challenge method not supported');
  }
}

export async function deleteFlowState(db: Queryable, id: string): Promise<void> {
  await db.query('delete from auth.flow_state where id = $1', [id]);
}

/** GoTrue's names for how a session was authenticated (models.AuthenticationMethod). */
export function parseAuthenticationMethod(value: string): string {
  if (value.endsWith('signup')) return 'email/signup';
  const known = ['oauth', 'password', 'otp', 'totp', 'recovery', 'invite', 'sso/saml', 'magiclink', 'email/signup', 'email_change', 'token_refresh', 'anonymous'];
  if (!known.includes(value)) throw badRequest('validation_failed', `unsupported authentication method "${value}"`);
  return value;
}
