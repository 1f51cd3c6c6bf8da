/**
 * The admin API (api/admin.go, invite.go): users listed, created, read, updated, banned and deleted
 * with a service_role token, and invitations. Every call here is refused with 403 not_admin for
 * tokens of any other role.
 */
import { auditLog } from './audit.ts';
import { requireAdmin } from './auth.ts';
import { NIL_UUID, transaction, type Queryable } from './db.ts';
import { parseGoDuration } from './duration.ts';
import { badRequest, DUPLICATE_EMAIL_MESSAGE, internal, notFound, unprocessable } from './errors.ts';
import {
  createIdentity,
  findIdentitiesByUserId,
  findIdentityByIdAndProvider,
  providerClaims,
  updateIdentityData,
  type Identity,
} from './identities.ts';
import { generatePassword } from './crypto.ts';
import { sendInvite } from './mail.ts';
import { checkPasswordStrength, hashPassword } from './passwords.ts';
import { validatePhone } from './phone.ts';
import { getReferrer } from './redirect.ts';
import { clientIp, readOptionalParams, readParams, requestAud, type Api, type Ctx, type Params } from './request.ts';
import { signupNewUser, validateEmail } from './signup.ts';
import {
  ban,
  confirm,
  confirmPhone,
  createUser,
  deleteUser,
  findUserByEmailAndAudience,
  findUserById,
  isConfirmed,
  isDuplicatedEmail,
  isDuplicatedPhone,
  saveUser,
  softDeleteUser,
  updateAppMetaData,
  updatePassword,
  updateUserMetaData,
  userJSON,
  type User,
} from './users.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DEFAULT_PER_PAGE = 50;
const MAX_PER_PAGE = 1000;

/** The user named in the path (loadUser). */
async function loadUser(api: Api, c: Ctx): Promise<User> {
  const id = c.req.param('user_id') ?? '';
  if (!UUID.test(id)) throw notFound('validation_failed', 'user_id must be an UUID');
  const user = await findUserById(api.pool, id);
  if (!user) throw notFound('user_not_found', 'User not found');
  return user;
}

/** ban_duration: "none" lifts a ban, a Go duration sets one; absent leaves it (undefined). */
function banSeconds(params: Params): number | undefined {
  const value = params.string('ban_duration');
  if (!value) return undefined;
  if (value === 'none') return 0;
  return parseGoDuration(value);
}

function positiveInt(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  if (!/^[0-9]+$/.test(value)) {
    throw badRequest('validation_failed', `Bad Pagination Parameters: strconv.ParseUint: parsing "${value}": invalid syntax`);
  }
  const n = Number(value);
  if (n === 0) throw badRequest('validation_failed', `Bad Pagination Parameters: ${name} must be greater than 0`);
  return n;
}

/** GET /admin/users: a page of users, newest first, with Link and X-Total-Count headers. */
export async function adminUsers(api: Api, c: Ctx): Promise<Response> {
  await requireAdmin(api, c);
  const aud = requestAud(api, c);
  const page = positiveInt(c.req.query('page'), 1, 'page');
  const perPage = Math.min(positiveInt(c.req.query('per_page'), DEFAULT_PER_PAGE, 'per_page'), MAX_PER_PAGE);
  const sort = (c.req.query('sort') ?? 'created_at desc').trim().split(/\s+/);
  if (sort[0] !== 'created_at' || !['asc', 'desc', undefined].includes(sort[1]?.toLowerCase())) {
    throw badRequest('validation_failed', `Bad Sort Parameters: ${sort.join(' ')} is not a valid sort field`);
  }
  const direction = sort[1]?.toLowerCase() === 'asc' ? 'asc' : 'desc';
  const filter = c.req.query('filter') ?? '';

  const where = ['instance_id = $1', 'aud = $2'];
  const values: unknown[] = [NIL_UUID, aud];
  if (filter) {
    values.push(`%${filter}%`);
    where.push(`(email like $3 or raw_user_meta_data->>'full_name' ilike $3)`);
  }
  const { rows: counted } = await api.pool.query(`select count(*)::int as total from auth.users where ${where.join(' and ')}`, values);
  const total: number = counted[0].total;
  const { rows: idRows } = await api.pool.query(
    `select id from auth.users where ${where.join(' and ')} order by created_at ${direction}, id limit ${perPage} offset ${(page - 1) * perPage}`,
    values,
  );
  const users: Record<string, unknown>[] = [];
  for (const row of idRows) {
    const user = await findUserById(api.pool, row.id);
    if (user) users.push(userJSON(user));
  }

  // addPaginationHeaders: links keep the request's query, with page changed (keys sorted, as Go's).
  const totalPages = Math.max(Math.ceil(total / perPage), 1);
  const link = (target: number) => {
    const query = new URL(c.req.url).searchParams;
    query.set('page', String(target));
    const sorted = new URLSearchParams([...query.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    return `</admin/users?${sorted.toString()}>`;
  };
  let header = '';
  if (totalPages > page) header += `${link(page + 1)}; rel="next", `;
  header += `${link(totalPages)}; rel="last"`;
  c.header('Link', header);
  c.header('X-Total-Count', String(total));
  return c.json({ users, aud });
}

export async function adminUserGet(api: Api, c: Ctx): Promise<Response> {
  await requireAdmin(api, c);
  return c.json(userJSON(await loadUser(api, c)));
}

/** GET /admin/users/:user_id/factors: the stack enrolls no MFA factors, so this lists none. */
export async function adminUserFactors(api: Api, c: Ctx): Promise<Response> {
  await requireAdmin(api, c);
  await loadUser(api, c);
  return c.json([]);
}

/** POST /admin/users (adminUserCreate). */
export async function adminUserCreate(api: Api, c: Ctx): Promise<Response> {
  const { actor } = await requireAdmin(api, c);
  const params = await readParams(c, 'AdminUserParams');
  const { settings } = api;
  const aud = params.string('aud') || requestAud(api, c);
  let email = params.string('email');
  let phone = params.string('phone');
  if (!email && !phone) throw badRequest('validation_failed', 'Cannot create a user without either an email or phone');

  const providers: string[] = [];
  if (email) {
    email = validateEmail(email);
    if (await isDuplicatedEmail(api.pool, email, aud)) throw unprocessable('email_exists', DUPLICATE_EMAIL_MESSAGE);
    providers.push('email');
  }
  if (phone) {
    phone = validatePhone(phone);
    if (await isDuplicatedPhone(api.pool, phone, aud)) {
      throw unprocessable('phone_exists', 'Phone number already registered by another user');
    }
    providers.push('phone');
  }

  let password = params.optionalString('password');
  const passwordHash = params.string('password_hash');
  if (password !== undefined && passwordHash) {
    throw badRequest('validation_failed', 'Only a password or a password hash should be provided');
  }
  if (passwordHash && !/^\$2[aby]\$[0-9]{2}\$.{53}$/.test(passwordHash)) {
    throw badRequest('validation_failed', 'Password hash is not a bcrypt hash');
  }
  if (password && Buffer.byteLength(password) > 72) {
    throw badRequest('validation_failed', 'bcrypt: password length exceeds 72 bytes');
  }
  if (!password && !passwordHash) password = generatePassword(settings.passwordRequiredCharacters);
  const encryptedPassword = passwordHash || (await hashPassword(password!));

  const id = params.string('id');
  if (id && !UUID.test(id)) throw badRequest('validation_failed', 'ID must conform to the uuid v4 format');
  if (id === NIL_UUID) throw badRequest('validation_failed', 'ID cannot be a nil uuid');
  const seconds = banSeconds(params);
  const appMetaData = params.object('app_metadata');
  const userMetaData = params.object('user_metadata') ?? {};

  const user = await transaction(api.pool, async (tx) => {
    const user = await createUser(tx, {
      id: id || undefined,
      aud,
      role: params.string('role') || settings.defaultRole,
      email,
      phone,
      encryptedPassword,
      userMetaData,
      appMetaData: { provider: providers[0], providers },
    });
    const identities: Identity[] = [];
    if (user.email) identities.push(await createIdentity(tx, user.id, 'email', providerClaims({ sub: user.id, email: user.email })));
    if (user.phone) identities.push(await createIdentity(tx, user.id, 'phone', providerClaims({ sub: user.id, phone: user.phone })));
    user.identities = identities;
    await auditLog(tx, clientIp(c), actor, 'user_signedup', { user_id: user.id, user_email: user.email, user_phone: user.phone });
    if (appMetaData) await updateAppMetaData(tx, user, appMetaData);
    if (params.bool('email_confirm')) await confirm(tx, user);
    if (params.bool('phone_confirm')) await confirmPhone(tx, user);
    if (seconds !== undefined) await ban(tx, user, seconds);
    return user;
  }).catch((error: Error) => {
    api.log(`admin user create failed: ${error.message}`);
    throw internal('Database error creating new user');
  });
  return c.json(userJSON(user));
}

/** PUT /admin/users/:user_id (adminUserUpdate). */
export async function adminUserUpdate(api: Api, c: Ctx): Promise<Response> {
  const { actor } = await requireAdmin(api, c);
  const user = await loadUser(api, c);
  const params = await readParams(c, 'AdminUserParams');
  const email = params.string('email') ? validateEmail(params.string('email')) : '';
  const phone = params.string('phone') ? validatePhone(params.string('phone')) : '';
  const seconds = banSeconds(params);
  const password = params.optionalString('password');
  let encryptedPassword: string | null | undefined;
  if (password !== undefined) {
    checkPasswordStrength(api.settings, password);
    encryptedPassword = password ? await hashPassword(password) : null;
  }
  const emailConfirm = params.bool('email_confirm');
  const phoneConfirm = params.bool('phone_confirm');
  const role = params.string('role');
  const appMetaData = params.object('app_metadata');
  const userMetaData = params.object('user_metadata');

  try {
    await transaction(api.pool, async (tx) => {
      if (role) {
        user.role = role.trim();
        await saveUser(tx, user, 'role');
      }
      if (emailConfirm) await confirm(tx, user);
      if (phoneConfirm) await confirmPhone(tx, user);
      if (encryptedPassword !== undefined) {
        user.encryptedPassword = encryptedPassword;
        await updatePassword(tx, user);
      }
      if (email) {
        await upsertIdentity(tx, user, 'email', { email, email_verified: emailConfirm });
        if (user.isAnonymous && emailConfirm) {
          user.isAnonymous = false;
          await saveUser(tx, user, 'isAnonymous');
        }
        user.email = email;
        await saveUser(tx, user, 'email');
      }
      if (phone) {
        await upsertIdentity(tx, user, 'phone', { phone, phone_verified: phoneConfirm });
        if (user.isAnonymous && phoneConfirm) {
          user.isAnonymous = false;
          await saveUser(tx, user, 'isAnonymous');
        }
        user.phone = phone;
        await saveUser(tx, user, 'phone');
      }
      if (appMetaData) await updateAppMetaData(tx, user, appMetaData);
      if (userMetaData) await updateUserMetaData(tx, user, userMetaData);
      if (seconds !== undefined) await ban(tx, user, seconds);
      await auditLog(tx, clientIp(c), actor, 'user_modified', { user_id: user.id, user_email: user.email, user_phone: user.phone });
    });
  } catch (error) {
    api.log(`admin user update failed: ${(error as Error).message}`);
    throw internal('Error updating user');
  }
  user.identities = await findIdentitiesByUserId(api.pool, user.id);
  return c.json(userJSON(user));
}

/** A new identity for the address, or the existing one updated to it. */
async function upsertIdentity(db: Queryable, user: User, provider: 'email' | 'phone', data: Record<string, unknown>) {
  const identity = await findIdentityByIdAndProvider(db, user.id, provider);
  if (identity) return updateIdentityData(db, identity, data);
  const claims =
    provider === 'email'
      ? providerClaims({ sub: user.id, email: String(data.email), emailVerified: !!data.email_verified })
      : providerClaims({ sub: user.id, phone: String(data.phone), phoneVerified: !!data.phone_verified });
  await createIdentity(db, user.id, provider, claims);
}

/** DELETE /admin/users/:user_id, hard or (should_soft_delete) soft (adminUserDelete). */
export async function adminUserDelete(api: Api, c: Ctx): Promise<Response> {
  const { actor } = await requireAdmin(api, c);
  const user = await loadUser(api, c);
  const params = await readOptionalParams(c, 'adminUserDeleteParams');
  const soft = params.bool('should_soft_delete');
  await transaction(api.pool, async (tx) => {
    await auditLog(tx, clientIp(c), actor, 'user_deleted', { user_id: user.id, user_email: user.email, user_phone: user.phone });
    if (soft) {
      if (!user.deletedAt) await softDeleteUser(tx, user);
    } else {
      await deleteUser(tx, user);
    }
  });
  return c.json({});
}

/** POST /invite: creates the user if new and emails them an invitation (Invite). */
export async function invite(api: Api, c: Ctx): Promise<Response> {
  const { actor } = await requireAdmin(api, c);
  const params = await readParams(c, 'InviteParams');
  const email = validateEmail(params.string('email'));
  const data = params.object('data') ?? {};
  const aud = requestAud(api, c);
  const existing = await findUserByEmailAndAudience(api.pool, email, aud);
  const user = await transaction(api.pool, async (tx) => {
    let user = existing;
    if (user) {
      if (isConfirmed(user)) throw unprocessable('email_exists', DUPLICATE_EMAIL_MESSAGE);
    } else {
      user = await signupNewUser(api, tx, { email, encryptedPassword: '', userMetaData: data, provider: 'email', aud });
      user.identities = [await createIdentity(tx, user.id, 'email', providerClaims({ sub: user.id, email: user.email }))];
    }
    await auditLog(tx, clientIp(c), actor, 'user_invited', { user_id: user.id, user_email: user.email });
    await sendInvite(api, tx, user, getReferrer(api.settings, c.req));
    return user;
  });
  return c.json(userJSON(user));
}
