/**
 * The console's one supabase-js client, and the SDK's staff client around it: ra-supabase's data and
 * auth providers and the SDK share one session, so a sign-in is seen by both.
 */
import { createClient } from '@supabase/supabase-js';
import { createSejahteraStaff } from '@sejahtera/sdk/staff';
import { SUPABASE_ANON_KEY, SUPABASE_URL } from './config.ts';

export const supabase = createClient(SUPABASE_URL, SUPABASE_ANON_KEY, {
  auth: { persistSession: true, autoRefreshToken: true, storageKey: 'sejahtera-console-auth' },
});

export const staff = createSejahteraStaff({ client: supabase });
