/**
 * auth.users (models/user.go): the user row, GoTrue's JSON for it, and the state changes GoTrue
 * makes to it (confirm, recover, change email or phone, ban, delete). Token columns hold hashes;
 * GoTrue writes '' rather than null into them, and so do we, so a database moved to Supabase loads.
 */
import { createHash, randomUUID } from 'node:crypto';
import { NIL_UUID, type Queryable } from './db.ts';
import { findIdentitiesByUserId, findIdentityByIdAndProvider, findProvidersByUserId, identityJSON, type Identity } from './identities.ts';
import { clearAllOneTimeTokens } from './one-time-tokens.ts';
import { logout, logoutAllExceptMe } from './sessions.ts';

export interface User {
  id: string;
  aud: string;
  role: string;
  /** '' when the user has none, as GoTrue's NullString */
  email: string;
  phone: string;
  encryptedPassword: string | null;
  emailConfirmedAt: Date | null;
  invitedAt: Date | null;
  phoneConfirmedAt: Date | null;
  confirmationToken: string;
  confirmationSentAt: Date | null;
  confirmedAt: Date | null;
  recoveryToken: string;
  recoverySentAt: Date | null;
  emailChangeTokenCurrent: string;
  emailChangeTokenNew: string;
  emailChange: string;
  emailChangeSentAt: Date | null;
  emailChangeConfirmStatus: number;
  phoneChangeToken: string;
  phoneChange: string;
  phoneChangeSentAt: Date | null;
  reauthenticationToken: string;
  reauthenticationSentAt: Date | null;
  lastSignInAt: Date | null;
  appMetaData: Record<string, unknown>;
  userMetaData: Record<string, unknown>;
  identities: Identity[];
  createdAt: Date;
  updatedAt: Date;
  bannedUntil: Date | null;
  deletedAt: Date | null;
  isAnonymous: boolean;
  isSsoUser: boolean;
}

/** The writable columns, by the field that holds them. */
const COLUMNS = {
  aud: 'aud',
  role: 'role',
  email: 'email',
  phone: 'phone',
  encryptedPassword: 'encrypted_password',
  emailConfirmedAt: 'email_confirmed_at',
  invitedAt: 'invited_at',
  phoneConfirmedAt: 'phone_confirmed_at',
  confirmationToken: 'confirmation_token',
  confirmationSentAt: 'confirmation_sent_at',
  recoveryToken: 'recovery_token',
  recoverySentAt: 'recovery_sent_at',
  emailChangeTokenCurrent: 'email_change_token_current',
  emailChangeTokenNew: 'email_change_token_new',
  emailChange: 'email_change',
  emailChangeSentAt: 'email_change_sent_at',
  emailChangeConfirmStatus: 'email_change_confirm_status',
  phoneChangeToken: 'phone_change_token',
  phoneChange: 'phone_change',
  phoneChangeSentAt: 'phone_change_sent_at',
  reauthenticationToken: 'reauthentication_token',
  reauthenticationSentAt: 'reauthentication_sent_at',
  lastSignInAt: 'last_sign_in_at',
  appMetaData: 'raw_app_meta_data',
  userMetaData: 'raw_user_meta_data',
  bannedUntil: 'banned_until',
  deletedAt: 'deleted_at',
  isAnonymous: 'is_anonymous',
} as const;

export type UserField = keyof typeof COLUMNS;

function fromRow(row: any, identities: Identity[]): User {
  return {
    id: row.id,
    aud: row.aud ?? '',
    role: row.role ?? '',
    email: row.email ?? '',
    phone: row.phone ?? '',
    encryptedPassword: row.encrypted_password,
    emailConfirmedAt: row.email_confirmed_at,
    invitedAt: row.invited_at,
    phoneConfirmedAt: row.phone_confirmed_at,
    confirmationToken: row.confirmation_token ?? '',
    confirmationSentAt: row.confirmation_sent_at,
    confirmedAt: row.confirmed_at,
    recoveryToken: row.recovery_token ?? '',
    recoverySentAt: row.recovery_sent_at,
    emailChangeTokenCurrent: row.email_change_token_current ?? '',
    emailChangeTokenNew: row.email_change_token_new ?? '',
    emailChange: row.email_change ?? '',
    emailChangeSentAt: row.email_change_sent_at,
    emailChangeConfirmStatus: row.email_change_confirm_status ?? 0,
    phoneChangeToken: row.phone_change_token ?? '',
    phoneChange: row.phone_change ?? '',
    phoneChangeSentAt: row.phone_change_sent_at,
    reauthenticationToken: row.reauthentication_token ?? '',
    reauthenticationSentAt: row.reauthentication_sent_at,
    lastSignInAt: row.last_sign_in_at,
    appMetaData: row.raw_app_meta_data ?? {},
    userMetaData: row.raw_user_meta_data ?? {},
    identities,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    bannedUntil: row.banned_until,
    deletedAt: row.deleted_at,
    isAnonymous: !!row.is_anonymous,
    isSsoUser: !!row.is_sso_user,
  };
}

const iso = (date: Date | null | undefined) => (date ? date.toISOString() : undefined);

/** GoTrue's JSON for a user, field for field and in its order; empty optional fields are left out. */
export function userJSON(user: User): Record<string, unknown> {
  const json: Record<string, unknown> = {
    id: user.id,
    aud: user.aud,
    role: user.role,
    email: user.email,
    email_confirmed_at: iso(user.emailConfirmedAt),
    invited_at: iso(user.invitedAt),
    phone: user.phone,
    phone_confirmed_at: iso(user.phoneConfirmedAt),
    confirmation_sent_at: iso(user.confirmationSentAt),
    confirmed_at: iso(user.confirmedAt),
    recovery_sent_at: iso(user.recoverySentAt),
    new_email: user.emailChange || undefined,
    email_change_sent_at: iso(user.emailChangeSentAt),
    new_phone: user.phoneChange || undefined,
    phone_change_sent_at: iso(user.phoneChangeSentAt),
    reauthentication_sent_at: iso(user.reauthenticationSentAt),
    last_sign_in_at: iso(user.lastSignInAt),
    app_metadata: user.appMetaData,
    user_metadata: user.userMetaData,
    identities: user.identities.map(identityJSON),
    created_at: iso(user.createdAt),
    updated_at: iso(user.updatedAt),
    banned_until: iso(user.bannedUntil),
    deleted_at: iso(user.deletedAt),
    is_anonymous: user.isAnonymous,
  };
  for (const key of Object.keys(json)) if (json[key] === undefined) delete json[key];
  return json;
}

async function findUser(db: Queryable, where: string, values: unknown[]): Promise<User | undefined> {
  const { rows } = await db.query(`select * from auth.users where instance_id = $1 and ${where} limit 1`, [NIL_UUID, ...values]);
  if (!rows[0]) return undefined;
  return fromRow(rows[0], await findIdentitiesByUserId(db, rows[0].id));
}

export function findUserById(db: Queryable, id: string): Promise<User | undefined> {
  return findUser(db, 'id = $2', [id]);
}

export function findUserByEmailAndAudience(db: Queryable, email: string, aud: string): Promise<User | undefined> {
  return findUser(db, 'lower(email) = $2 and aud = $3 and is_sso_user = false', [email.toLowerCase(), aud]);
}

export function findUserByPhoneAndAudience(db: Queryable, phone: string, aud: string): Promise<User | undefined> {
  return findUser(db, 'phone = $2 and aud = $3 and is_sso_user = false', [phone, aud]);
}

export function findUserByPhoneChangeAndAudience(db: Queryable, phone: string, aud: string): Promise<User | undefined> {
  return findUser(db, 'phone_change = $2 and aud = $3 and is_sso_user = false', [phone, aud]);
}

export async function reloadUser(db: Queryable, user: User): Promise<User> {
  const fresh = await findUserById(db, user.id);
  if (fresh) Object.assign(user, fresh);
  return user;
}

/**
 * Whether another user in `aud` holds this email, through an identity or as their address
 * (IsDuplicatedEmail); `current` is left out so a user can keep their own address.
 */
export async function isDuplicatedEmail(db: Queryable, email: string, aud: string, current?: User): Promise<User | undefined> {
  const lower = email.toLowerCase();
  const { rows } = await db.query<{ user_id: string }>(
    `select distinct i.user_id from auth.identities i
     where i.email = $1 and i.provider not like 'sso:%' and i.user_id <> $2`,
    [lower, current?.id ?? NIL_UUID],
  );
  for (const row of rows) {
    const user = await findUserById(db, row.user_id);
    if (user && user.aud === aud) return user;
  }
  const user = await findUserByEmailAndAudience(db, lower, aud);
  return user && user.id !== current?.id ? user : undefined;
}

export async function isDuplicatedPhone(db: Queryable, phone: string, aud: string): Promise<boolean> {
  return !!(await findUserByPhoneAndAudience(db, phone, aud));
}

export interface NewUser {
  id?: string;
  aud: string;
  role: string;
  email?: string;
  phone?: string;
  encryptedPassword: string | null;
  userMetaData?: Record<string, unknown>;
  appMetaData?: Record<string, unknown>;
  isAnonymous?: boolean;
}

export async function createUser(db: Queryable, fields: NewUser): Promise<User> {
  const { rows } = await db.query(
    `insert into auth.users (
       instance_id, id, aud, role, email, phone, encrypted_password, raw_app_meta_data, raw_user_meta_data,
       confirmation_token, recovery_token, email_change_token_new, email_change, email_change_token_current,
       phone_change, phone_change_token, reauthentication_token, is_sso_user, is_anonymous, created_at, updated_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, '', '', '', '', '', '', '', '', false, $10, now(), now())
     returning *`,
    [
      NIL_UUID,
      fields.id ?? randomUUID(),
      fields.aud,
      fields.role,
      fields.email ? fields.email.toLowerCase() : null,
      fields.phone || null,
      fields.encryptedPassword ?? '',
      JSON.stringify(fields.appMetaData ?? {}),
      JSON.stringify(fields.userMetaData ?? {}),
      fields.isAnonymous ?? false,
    ],
  );
  return fromRow(rows[0], []);
}

/** Writes the named fields of `user` and bumps updated_at (pop's UpdateOnly). */
export async function saveUser(db: Queryable, user: User, ...fields: UserField[]): Promise<void> {
  const sets: string[] = [];
  const values: unknown[] = [user.id];
  for (const field of fields) {
    let value: unknown = user[field];
    if (field === 'appMetaData' || field === 'userMetaData') value = JSON.stringify(value ?? {});
    if ((field === 'email' || field === 'phone') && value === '') value = null;
    values.push(value);
    sets.push(`${COLUMNS[field]} = $${values.length}`);
  }
  const { rows } = await db.query(
    `update auth.users set ${[...sets, 'updated_at = now()'].join(', ')} where id = $1 returning updated_at, confirmed_at`,
    values,
  );
  if (rows[0]) {
    user.updatedAt = rows[0].updated_at;
    user.confirmedAt = rows[0].confirmed_at;
  }
}

/** Merges `updates` into a metadata object; a null value removes the key (UpdateUserMetaData). */
function merge(target: Record<string, unknown>, updates: Record<string, unknown>): Record<string, unknown> {
  const merged = { ...target };
  for (const [key, value] of Object.entries(updates)) {
    if (value === null || value === undefined) delete merged[key];
    else merged[key] = value;
  }
  return merged;
}

export async function updateUserMetaData(db: Queryable, user: User, updates: Record<string, unknown>): Promise<void> {
  user.userMetaData = merge(user.userMetaData, updates);
  await saveUser(db, user, 'userMetaData');
}

export async function updateAppMetaData(db: Queryable, user: User, updates: Record<string, unknown>): Promise<void> {
  user.appMetaData = merge(user.appMetaData, updates);
  await saveUser(db, user, 'appMetaData');
}

/** app_metadata.provider(s) from the user's identities (UpdateAppMetaDataProviders). */
export async function updateAppMetaDataProviders(db: Queryable, user: User): Promise<void> {
  const providers = await findProvidersByUserId(db, user.id);
  const payload: Record<string, unknown> = { providers };
  if (providers.length > 0) payload.provider = providers[0];
  await updateAppMetaData(db, user, payload);
}

export const isConfirmed = (user: User) => user.emailConfirmedAt !== null;
export const isPhoneConfirmed = (user: User) => user.phoneConfirmedAt !== null;
export const hasPassword = (user: User) => !!user.encryptedPassword;
export const isBanned = (user: User) => user.bannedUntil !== null && Date.now() < user.bannedUntil.getTime();

export async function confirm(db: Queryable, user: User): Promise<void> {
  user.confirmationToken = '';
  user.emailConfirmedAt = new Date();
  await saveUser(db, user, 'confirmationToken', 'emailConfirmedAt');
  await updateUserMetaData(db, user, { email_verified: true });
  await clearAllOneTimeTokens(db, user.id);
}

export async function confirmPhone(db: Queryable, user: User): Promise<void> {
  user.confirmationToken = '';
  user.phoneConfirmedAt = new Date();
  await saveUser(db, user, 'confirmationToken', 'phoneConfirmedAt');
  await clearAllOneTimeTokens(db, user.id);
}

export async function recover(db: Queryable, user: User): Promise<void> {
  user.recoveryToken = '';
  await saveUser(db, user, 'recoveryToken');
  await clearAllOneTimeTokens(db, user.id);
}

export async function confirmReauthentication(db: Queryable, user: User): Promise<void> {
  user.reauthenticationToken = '';
  await saveUser(db, user, 'reauthenticationToken');
  await clearAllOneTimeTokens(db, user.id);
}

/** Moves email_change into email and keeps the email identity in step (ConfirmEmailChange). */
export async function confirmEmailChange(db: Queryable, user: User, status: number): Promise<void> {
  const email = user.emailChange;
  user.email = email;
  user.emailChange = '';
  user.emailChangeTokenCurrent = '';
  user.emailChangeTokenNew = '';
  user.emailChangeConfirmStatus = status;
  await saveUser(db, user, 'email', 'emailChange', 'emailChangeTokenCurrent', 'emailChangeTokenNew', 'emailChangeConfirmStatus');
  await clearAllOneTimeTokens(db, user.id);
  if (!isConfirmed(user)) await confirm(db, user);
  const identity = await findIdentityByIdAndProvider(db, user.id, 'email');
  if (identity && 'email' in identity.identityData) {
    identity.identityData = { ...identity.identityData, email };
    await db.query('update auth.identities set identity_data = $2, updated_at = now() where id = $1', [
      identity.id,
      JSON.stringify(identity.identityData),
    ]);
  }
}

/** Moves phone_change into phone, confirmed (ConfirmPhoneChange). */
export async function confirmPhoneChange(db: Queryable, user: User): Promise<void> {
  const phone = user.phoneChange;
  user.phone = phone;
  user.phoneChange = '';
  user.phoneChangeToken = '';
  user.phoneConfirmedAt = new Date();
  await saveUser(db, user, 'phone', 'phoneChange', 'phoneChangeToken', 'phoneConfirmedAt');
  await clearAllOneTimeTokens(db, user.id);
  const identity = await findIdentityByIdAndProvider(db, user.id, 'phone');
  if (identity && 'phone' in identity.identityData) {
    identity.identityData = { ...identity.identityData, phone };
    await db.query('update auth.identities set identity_data = $2, updated_at = now() where id = $1', [
      identity.id,
      JSON.stringify(identity.identityData),
    ]);
  }
}

/**
 * Stores a new password hash. Pending one-time tokens are dropped, since whoever asked for them
 * may no longer be trusted, and every other session is signed out (UpdatePassword).
 */
export async function updatePassword(db: Queryable, user: User, keepSessionId?: string): Promise<void> {
  user.confirmationToken = '';
  user.confirmationSentAt = null;
  user.recoveryToken = '';
  user.recoverySentAt = null;
  user.emailChangeTokenCurrent = '';
  user.emailChangeTokenNew = '';
  user.emailChangeSentAt = null;
  user.phoneChangeToken = '';
  user.phoneChangeSentAt = null;
  user.reauthenticationToken = '';
  user.reauthenticationSentAt = null;
  await saveUser(
    db,
    user,
    'encryptedPassword',
    'confirmationToken',
    'confirmationSentAt',
    'recoveryToken',
    'recoverySentAt',
    'emailChangeTokenCurrent',
    'emailChangeTokenNew',
    'emailChangeSentAt',
    'phoneChangeToken',
    'phoneChangeSentAt',
    'reauthenticationToken',
    'reauthenticationSentAt',
  );
  await clearAllOneTimeTokens(db, user.id);
  if (keepSessionId) await logoutAllExceptMe(db, keepSessionId, user.id);
  else await logout(db, user.id);
}

/** Bans for `seconds` from now; 0 lifts the ban. */
export async function ban(db: Queryable, user: User, seconds: number): Promise<void> {
  user.bannedUntil = seconds === 0 ? null : new Date(Date.now() + seconds * 1000);
  await saveUser(db, user, 'bannedUntil');
}

function obfuscate(userId: string, value: string): string {
  return createHash('sha256').update(userId + value).digest('base64url');
}

/**
 * Soft delete (SoftDeleteUser, SoftDeleteUserIdentities): the row stays for foreign keys, but its
 * addresses are replaced by hashes, its secrets and metadata cleared, its sessions ended.
 */
export async function softDeleteUser(db: Queryable, user: User): Promise<void> {
  user.email = user.email ? obfuscate(user.id, user.email) : '';
  user.phone = user.phone ? obfuscate(user.id, user.phone).slice(0, 15) : '';
  user.emailChange = user.emailChange ? obfuscate(user.id, user.emailChange) : '';
  user.phoneChange = user.phoneChange ? obfuscate(user.id, user.phoneChange).slice(0, 15) : '';
  user.encryptedPassword = null;
  user.confirmationToken = '';
  user.recoveryToken = '';
  user.emailChangeTokenCurrent = '';
  user.emailChangeTokenNew = '';
  user.phoneChangeToken = '';
  user.deletedAt = new Date();
  user.userMetaData = {};
  user.appMetaData = {};
  await saveUser(
    db,
    user,
    'email',
    'phone',
    'encryptedPassword',
    'emailChange',
    'phoneChange',
    'confirmationToken',
    'recoveryToken',
    'emailChangeTokenCurrent',
    'emailChangeTokenNew',
    'phoneChangeToken',
    'deletedAt',
    'userMetaData',
    'appMetaData',
  );
  await clearAllOneTimeTokens(db, user.id);
  for (const identity of await findIdentitiesByUserId(db, user.id)) {
    await db.query(`update auth.identities set identity_data = '{}', provider_id = $2, updated_at = now() where id = $1`, [
      identity.id,
      obfuscate(identity.userId, `${identity.provider}:${identity.providerId}`),
    ]);
  }
  await db.query('delete from auth.mfa_factors where user_id = $1', [user.id]);
  await logout(db, user.id);
  await reloadUser(db, user);
}

export async function deleteUser(db: Queryable, user: User): Promise<void> {
  await db.query('delete from auth.users where id = $1', [user.id]);
}
