/**
 * Sign-in for staff only, on ra-supabase's auth provider. A member of the public has a valid account
 * but no row in public.staff: they are signed out again and told why. getPermissions returns the
 * staff member's role and jurisdiction (see roles.ts); canAccess answers from the same table.
 */
import type { AuthProvider, UserIdentity } from 'react-admin';
import { supabaseAuthProvider } from 'ra-supabase';
import type { SupabaseClient } from '@supabase/supabase-js';
import { type Permissions, roleCan, type StaffRole } from '../roles.ts';

/** Message keys the login form translates (src/i18n). */
export const NOT_STAFF = 'sejahtera.auth.not_staff';
export const INVALID_CREDENTIALS = 'sejahtera.auth.invalid_credentials';

interface StaffMember extends Permissions {
  userId: string;
  fullName: string;
}

/** The signed-in account's staff row and districts, or null for the public and inactive staff. */
async function loadStaffMember(client: SupabaseClient, userId: string): Promise<StaffMember | null> {
  const { data: member, error } = await client
    .from('staff')
    .select('role, full_name, state_code, active')
    .eq('user_id', userId)
    .maybeSingle();
  if (error) throw new Error(error.message);
  if (!member || !member.active) return null;
  const { data: districts, error: districtsError } = await client
    .from('staff_districts')
    .select('district_code')
    .eq('staff_id', userId);
  if (districtsError) throw new Error(districtsError.message);
  return {
    userId,
    role: member.role as StaffRole,
    fullName: member.full_name,
    stateCode: member.state_code,
    districts: (districts ?? []).map((d) => d.district_code as string),
  };
}

export function createAuthProvider(client: SupabaseClient): AuthProvider {
  // One lookup per account; forgotten on sign-out and whenever another account signs in.
  let cached: Promise<StaffMember | null> | null = null;
  let cachedFor: string | null = null;

  const currentMember = async (): Promise<StaffMember | null> => {
    const { data } = await client.auth.getSession();
    const userId = data.session?.user.id ?? null;
    if (!userId) return null;
    if (cachedFor !== userId || !cached) {
      cachedFor = userId;
      cached = loadStaffMember(client, userId).catch((error) => {
        cached = null;
        throw error;
      });
    }
    return cached;
  };

  const forget = () => {
    cached = null;
    cachedFor = null;
  };

  const base = supabaseAuthProvider(client, {
    getIdentity: async (): Promise<UserIdentity> => {
      const member = await currentMember();
      if (!member) throw new Error(NOT_STAFF);
      return { id: member.userId, fullName: member.fullName };
    },
    getPermissions: async (): Promise<Permissions | undefined> => {
      const member = await currentMember();
      if (!member) return undefined;
      return { role: member.role, stateCode: member.stateCode, districts: member.districts };
    },
  });

  return {
    ...base,
    async login(params) {
      forget();
      try {
        await base.login(params);
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (code === 'invalid_credentials' || (error as { status?: number }).status === 400) throw new Error(INVALID_CREDENTIALS);
        throw error;
      }
      const member = await currentMember();
      if (!member) {
        await client.auth.signOut({ scope: 'local' });
        forget();
        throw new Error(NOT_STAFF);
      }
    },
    async logout(params) {
      forget();
      await base.logout(params);
    },
    async checkAuth(params) {
      await base.checkAuth(params);
      // A session of a public account (e.g. left by another app on this origin) does not open the console.
      if (!(await currentMember())) {
        await client.auth.signOut({ scope: 'local' });
        forget();
        throw { message: NOT_STAFF };
      }
    },
    // Only a lost session signs out: a 403 is the database refusing one thing (a person outside the
    // officer's districts), which the page reports, not a reason to end the session.
    async checkError(error) {
      const status = (error as { status?: number }).status;
      if (status === 401 || (error as { name?: string }).name === 'AuthSessionMissingError') {
        forget();
        throw error;
      }
    },
    async canAccess({ resource, action }) {
      const member = await currentMember();
      return roleCan(member?.role, resource, action);
    },
  };
}
