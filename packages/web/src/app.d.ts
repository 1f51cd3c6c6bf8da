import type { Session, SupabaseClient, User } from '@supabase/supabase-js';
import type { Database } from '@sejahtera/sdk';
import type { Locale } from '$lib/i18n';

declare global {
  namespace App {
    interface Locals {
      /** This request's Supabase client: its session lives in this request's cookies. */
      supabase: SupabaseClient<Database>;
      /** The session and its user, validated with Auth (getUser), or nulls. */
      safeGetSession: () => Promise<{ session: Session | null; user: User | null }>;
      /** The user, validated, when signed in (set by the auth guard). */
      user: User | null;
      /** The language of this request's pages: the cookie's, else Accept-Language's. */
      locale: Locale;
    }
    interface PageData {
      locale: Locale;
    }
  }
}

export {};
