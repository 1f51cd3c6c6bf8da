/**
 * auth.one_time_tokens (models/one_time_token.go): the hashed one-time tokens of a user, one per
 * type, indexed by hash so that a link's token_hash finds its user. The same hash is also kept in
 * the matching users.*_token column, as GoTrue keeps both.
 */
import { randomUUID } from 'node:crypto';
import type { Queryable } from './db.ts';

export type OneTimeTokenType =
  | 'confirmation_token'
  | 'reauthentication_token'
  | 'recovery_token'
  | 'email_change_token_new'
  | 'email_change_token_current'
  | 'phone_change_token';

export interface OneTimeToken {
  id: string;
  userId: string;
  tokenType: OneTimeTokenType;
  tokenHash: string;
  relatesTo: string;
}

export async function createOneTimeToken(
  db: Queryable,
  userId: string,
  relatesTo: string,
  tokenHash: string,
  tokenType: OneTimeTokenType,
): Promise<void> {
  await clearOneTimeToken(db, userId, tokenType);
  await db.query(
    `insert into auth.one_time_tokens (id, user_id, token_type, token_hash, relates_to, created_at, updated_at)
     values ($1, $2, $3, $4, $5, now(), now())`,
    [randomUUID(), userId, tokenType, tokenHash, relatesTo.toLowerCase()],
  );
}

export async function clearOneTimeToken(db: Queryable, userId: string, tokenType: OneTimeTokenType): Promise<void> {
  await db.query('delete from auth.one_time_tokens where user_id = $1 and token_type = $2', [userId, tokenType]);
}

export async function clearAllOneTimeTokens(db: Queryable, userId: string): Promise<void> {
  await db.query('delete from auth.one_time_tokens where user_id = $1', [userId]);
}

export async function findOneTimeToken(
  db: Queryable,
  tokenHash: string,
  ...types: OneTimeTokenType[]
): Promise<OneTimeToken | undefined> {
  const { rows } = await db.query(
    `select id, user_id, token_type, token_hash, relates_to from auth.one_time_tokens
     where token_hash = $1 and token_type = any($2::auth.one_time_token_type[]) limit 1`,
    [tokenHash, types],
  );
  const row = rows[0];
  return (
    row && {
      id: row.id,
      userId: row.user_id,
      tokenType: row.token_type,
      tokenHash: row.token_hash,
      relatesTo: row.relates_to,
    }
  );
}
