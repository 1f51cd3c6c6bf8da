/**
 * auth.identities (models/identity.go): one row per way a user signs in. For the email and phone
 * providers the provider_id is the user's own id, as GoTrue writes it.
 */
import { randomUUID } from 'node:crypto';
import type { Queryable } from './db.ts';

export interface Identity {
  id: string;
  providerId: string;
  userId: string;
  identityData: Record<string, unknown>;
  provider: string;
  lastSignInAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  email: string | null;
}

interface IdentityRow {
  id: string;
  provider_id: string;
  user_id: string;
  identity_data: Record<string, unknown>;
  provider: string;
  last_sign_in_at: Date | null;
  created_at: Date;
  updated_at: Date;
  email: string | null;
}

function fromRow(row: IdentityRow): Identity {
  return {
    id: row.id,
    providerId: row.provider_id,
    userId: row.user_id,
    identityData: row.identity_data ?? {},
    provider: row.provider,
    lastSignInAt: row.last_sign_in_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    email: row.email,
  };
}

/** GoTrue's JSON for an identity: `identity_id` is the row id, `id` the provider's id (kept for old clients). */
export function identityJSON(identity: Identity): Record<string, unknown> {
  const json: Record<string, unknown> = {
    identity_id: identity.id,
    id: identity.providerId,
    user_id: identity.userId,
  };
  if (identity.identityData && Object.keys(identity.identityData).length > 0) json.identity_data = identity.identityData;
  json.provider = identity.provider;
  if (identity.lastSignInAt) json.last_sign_in_at = identity.lastSignInAt.toISOString();
  json.created_at = identity.createdAt.toISOString();
  json.updated_at = identity.updatedAt.toISOString();
  if (identity.email) json.email = identity.email;
  return json;
}

/**
 * The identity_data GoTrue stores for its own providers (structs.Map of provider.Claims): the
 * subject, the address if any, and both *_verified flags, which it always writes.
 */
export function providerClaims(claims: {
  sub: string;
  email?: string;
  emailVerified?: boolean;
  phone?: string;
  phoneVerified?: boolean;
}): Record<string, unknown> {
  const data: Record<string, unknown> = { sub: claims.sub };
  if (claims.email) data.email = claims.email;
  data.email_verified = claims.emailVerified ?? false;
  if (claims.phone) data.phone = claims.phone;
  data.phone_verified = claims.phoneVerified ?? false;
  return data;
}

export async function findIdentitiesByUserId(db: Queryable, userId: string): Promise<Identity[]> {
  const { rows } = await db.query<IdentityRow>(
    'select * from auth.identities where user_id = $1 order by created_at, id',
    [userId],
  );
  return rows.map(fromRow);
}

export async function findIdentityByIdAndProvider(
  db: Queryable,
  providerId: string,
  provider: string,
): Promise<Identity | undefined> {
  const { rows } = await db.query<IdentityRow>(
    'select * from auth.identities where provider_id = $1 and provider = $2 limit 1',
    [providerId, provider],
  );
  return rows[0] && fromRow(rows[0]);
}

/** GoTrue's createNewIdentity: the identity's email is lowercased before it is stored. */
export async function createIdentity(
  db: Queryable,
  userId: string,
  provider: string,
  identityData: Record<string, unknown>,
): Promise<Identity> {
  const data = { ...identityData };
  if (typeof data.email === 'string') data.email = data.email.toLowerCase();
  const { rows } = await db.query<IdentityRow>(
    `insert into auth.identities (id, provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at)
     values ($1, $2, $3, $4, $5, now(), now(), now())
     returning *`,
    [randomUUID(), String(data.sub), userId, JSON.stringify(data), provider],
  );
  return fromRow(rows[0]);
}

/** Merges `updates` into identity_data; a null value removes the key (UpdateIdentityData). */
export async function updateIdentityData(
  db: Queryable,
  identity: Identity,
  updates: Record<string, unknown>,
): Promise<void> {
  const data = { ...identity.identityData };
  for (const [key, value] of Object.entries(updates)) {
    if (value === null || value === undefined) delete data[key];
    else data[key] = value;
  }
  if (typeof data.email === 'string') data.email = data.email.toLowerCase();
  identity.identityData = data;
  const { rows } = await db.query<IdentityRow>(
    'update auth.identities set identity_data = $2, updated_at = now() where id = $1 returning *',
    [identity.id, JSON.stringify(data)],
  );
  if (rows[0]) Object.assign(identity, fromRow(rows[0]));
}

/** The user's providers, each once, in the order the identities were made (FindProvidersByUser). */
export async function findProvidersByUserId(db: Queryable, userId: string): Promise<string[]> {
  const identities = await findIdentitiesByUserId(db, userId);
  return [...new Set(identities.map((identity) => identity.provider))];
}
