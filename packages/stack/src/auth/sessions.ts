/**
 * Sessions and their refresh tokens (models/sessions.go, refresh_token.go, amr.go). A sign-in makes
 * a session and its first refresh token; each refresh revokes the token it used and issues a child
 * of it in the same session, so a session's tokens form one family.
 */
import { randomUUID } from 'node:crypto';
import { NIL_UUID, type Queryable } from './db.ts';
import { secureAlphanumeric } from './crypto.ts';

export interface Session {
  id: string;
  userId: string;
  createdAt: Date;
  updatedAt: Date;
  factorId: string | null;
  aal: string | null;
  notAfter: Date | null;
  refreshedAt: Date | null;
  userAgent: string | null;
  ip: string | null;
  tag: string | null;
}

export interface RefreshToken {
  id: string;
  token: string;
  userId: string;
  parent: string | null;
  sessionId: string | null;
  revoked: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/** What a sign-in records about the client on its new session. */
export interface GrantParams {
  userAgent?: string;
  ip?: string;
  factorId?: string;
  sessionNotAfter?: Date;
}

export interface AmrEntry {
  method: string;
  timestamp: number;
}

function sessionFromRow(row: any): Session {
  return {
    id: row.id,
    userId: row.user_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    factorId: row.factor_id,
    aal: row.aal,
    notAfter: row.not_after,
    refreshedAt: row.refreshed_at,
    userAgent: row.user_agent,
    ip: row.ip,
    tag: row.tag,
  };
}

function tokenFromRow(row: any): RefreshToken {
  return {
    id: String(row.id),
    token: row.token,
    userId: row.user_id,
    parent: row.parent || null,
    sessionId: row.session_id,
    revoked: !!row.revoked,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function findSessionById(db: Queryable, id: string, forUpdate = false): Promise<Session | undefined> {
  const { rows } = await db.query(`select * from auth.sessions where id = $1${forUpdate ? ' for update skip locked' : ''}`, [
    id,
  ]);
  return rows[0] && sessionFromRow(rows[0]);
}

export async function findRefreshToken(db: Queryable, token: string, forUpdate = false): Promise<RefreshToken | undefined> {
  const { rows } = await db.query(
    `select * from auth.refresh_tokens where token = $1 limit 1${forUpdate ? ' for update skip locked' : ''}`,
    [token],
  );
  return rows[0] && tokenFromRow(rows[0]);
}

/** The unrevoked token of a session that no other token was issued from (FindCurrentlyActiveRefreshToken). */
export async function findActiveRefreshToken(db: Queryable, sessionId: string): Promise<RefreshToken | undefined> {
  const { rows } = await db.query(
    `select * from auth.refresh_tokens where session_id = $1 and revoked is false order by id desc limit 1`,
    [sessionId],
  );
  return rows[0] && tokenFromRow(rows[0]);
}

async function insertRefreshToken(db: Queryable, userId: string, sessionId: string, parent: string): Promise<RefreshToken> {
  const { rows } = await db.query(
    `insert into auth.refresh_tokens (instance_id, token, user_id, revoked, created_at, updated_at, parent, session_id)
     values ($1, $2, $3, false, now(), now(), $4, $5)
     returning *`,
    [NIL_UUID, secureAlphanumeric(12), userId, parent, sessionId],
  );
  return tokenFromRow(rows[0]);
}

/**
 * Signs a user in: a new session, its first refresh token, and last_sign_in_at on the user
 * (GrantAuthenticatedUser).
 */
export async function grantAuthenticatedUser(db: Queryable, userId: string, params: GrantParams): Promise<RefreshToken> {
  const sessionId = randomUUID();
  await db.query(
    `insert into auth.sessions (id, user_id, created_at, updated_at, factor_id, aal, not_after, user_agent, ip)
     values ($1, $2, now(), now(), $3, 'aal1', $4, $5, $6)`,
    [sessionId, userId, params.factorId ?? null, params.sessionNotAfter ?? null, params.userAgent || null, params.ip || null],
  );
  const token = await insertRefreshToken(db, userId, sessionId, '');
  await db.query('update auth.users set last_sign_in_at = now(), updated_at = now() where id = $1', [userId]);
  return token;
}

/** Revokes `token` and issues its child in the same session (GrantRefreshTokenSwap). */
export async function refreshTokenSwap(db: Queryable, token: RefreshToken): Promise<RefreshToken> {
  await db.query('update auth.refresh_tokens set revoked = true, updated_at = now() where id = $1', [token.id]);
  token.revoked = true;
  return insertRefreshToken(db, token.userId, token.sessionId!, token.token);
}

/**
 * Revokes every token of the token's session: a revoked token presented outside the reuse
 * interval means it may have leaked, so the whole family goes (RevokeTokenFamily).
 */
export async function revokeTokenFamily(db: Queryable, token: RefreshToken): Promise<void> {
  if (token.sessionId) {
    await db.query(
      'update auth.refresh_tokens set revoked = true, updated_at = now() where session_id = $1 and revoked = false',
      [token.sessionId],
    );
    return;
  }
  await db.query(
    `with recursive token_family as (
       select id, token from auth.refresh_tokens where parent = $1
       union
       select r.id, r.token from auth.refresh_tokens r join token_family t on t.token = r.parent
     )
     update auth.refresh_tokens r set revoked = true from token_family where token_family.id = r.id`,
    [token.token],
  );
}

/** Records that the session was refreshed, from where (Session.UpdateOnlyRefreshInfo). */
export async function updateRefreshInfo(db: Queryable, sessionId: string, userAgent: string, ip: string): Promise<void> {
  await db.query(
    `update auth.sessions set refreshed_at = timezone('utc', now()), user_agent = $2, ip = $3, updated_at = now() where id = $1`,
    [sessionId, userAgent || null, ip || null],
  );
}

/** Records how the session was authenticated, for the amr claim (AddClaimToSession). */
export async function addClaimToSession(db: Queryable, sessionId: string, method: string): Promise<void> {
  await db.query(
    `insert into auth.mfa_amr_claims (id, session_id, created_at, updated_at, authentication_method)
     values ($1, $2, now(), now(), $3)
     on conflict on constraint mfa_amr_claims_session_id_authentication_method_pkey
     do update set updated_at = now()`,
    [randomUUID(), sessionId, method],
  );
}

/** The session's assurance level and its authentication methods, most recent first (CalculateAALAndAMR). */
export async function calculateAalAndAmr(db: Queryable, session: Session): Promise<{ aal: string; amr: AmrEntry[] }> {
  const { rows } = await db.query(
    'select authentication_method, updated_at from auth.mfa_amr_claims where session_id = $1 order by updated_at desc',
    [session.id],
  );
  const amr = rows.map((row) => ({
    method: row.authentication_method as string,
    timestamp: Math.floor(new Date(row.updated_at).getTime() / 1000),
  }));
  const aal = amr.some((entry) => ['totp', 'mfa/phone', 'mfa/webauthn'].includes(entry.method)) ? 'aal2' : 'aal1';
  return { aal, amr };
}

/** Signs the user out everywhere: their sessions go, and their refresh tokens with them. */
export async function logout(db: Queryable, userId: string): Promise<void> {
  await db.query('delete from auth.sessions where user_id = $1', [userId]);
}

export async function logoutSession(db: Queryable, sessionId: string): Promise<void> {
  await db.query('delete from auth.sessions where id = $1', [sessionId]);
}

export async function logoutAllExceptMe(db: Queryable, sessionId: string, userId: string): Promise<void> {
  await db.query('delete from auth.sessions where id <> $1 and user_id = $2', [sessionId, userId]);
}
