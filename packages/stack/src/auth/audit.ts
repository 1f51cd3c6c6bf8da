/**
 * auth.audit_log_entries (models/audit_log_entry.go): what GoTrue records about each sign-in,
 * sign-up, refresh and change, with the same payload keys, so the Supabase dashboard's audit view
 * and queries written for it read these rows.
 */
import { randomUUID } from 'node:crypto';
import { NIL_UUID, type Queryable } from './db.ts';

export type AuditAction =
  | 'login'
  | 'logout'
  | 'invite_accepted'
  | 'user_signedup'
  | 'user_invited'
  | 'user_deleted'
  | 'user_modified'
  | 'user_recovery_requested'
  | 'user_reauthenticate_requested'
  | 'user_confirmation_requested'
  | 'user_repeated_signup'
  | 'user_updated_password'
  | 'token_revoked'
  | 'token_refreshed';

const LOG_TYPES: Record<AuditAction, string> = {
  login: 'account',
  logout: 'account',
  invite_accepted: 'account',
  user_signedup: 'team',
  user_invited: 'team',
  user_deleted: 'team',
  token_revoked: 'token',
  token_refreshed: 'token',
  user_modified: 'user',
  user_recovery_requested: 'user',
  user_reauthenticate_requested: 'user',
  user_confirmation_requested: 'user',
  user_repeated_signup: 'user',
  user_updated_password: 'user',
};

/** Who did it: a user, or an admin known only by the role in its token (GoTrue's admin actor). */
export interface AuditActor {
  id: string;
  email: string;
  phone: string;
  isSsoUser?: boolean;
  userMetaData?: Record<string, unknown>;
}

export function adminActor(role: string): AuditActor {
  return { id: NIL_UUID, email: role, phone: '' };
}

export async function auditLog(
  db: Queryable,
  ip: string,
  actor: AuditActor,
  action: AuditAction,
  traits?: Record<string, unknown>,
): Promise<void> {
  const payload: Record<string, unknown> = {
    actor_id: actor.id,
    actor_via_sso: actor.isSsoUser ?? false,
    actor_username: actor.phone || actor.email,
    action,
    log_type: LOG_TYPES[action],
  };
  const name = actor.userMetaData?.full_name;
  if (name !== undefined) payload.actor_name = name;
  if (traits) payload.traits = traits;
  await db.query(
    `insert into auth.audit_log_entries (instance_id, id, payload, created_at, ip_address) values ($1, $2, $3, now(), $4)`,
    [NIL_UUID, randomUUID(), JSON.stringify(payload), ip.slice(0, 64)],
  );
}
