/**
 * Where the Supabase API is: SUPABASE_URL and SUPABASE_ANON_KEY at run time (a deployed project's),
 * defaulting to the local stack's well-known values so that `npm run dev` works after `npm start`.
 */
import { env } from '$env/dynamic/private';

const LOCAL_ANON_KEY =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6ImFub24iLCJleHAiOjE5ODM4MTI5OTZ9.CRXP1A7WOeoJeXxjNni43kdQwgnWNReilDMblYTn_I0';

export function supabaseConfig(): { url: string; anonKey: string } {
  return { url: env.SUPABASE_URL || 'http://127.0.0.1:54321', anonKey: env.SUPABASE_ANON_KEY || LOCAL_ANON_KEY };
}

/** The local stack's inbox, shown on the registration page in development only. */
export function inboxUrl(): string {
  return env.SEJAHTERA_INBOX_URL || 'http://127.0.0.1:54324';
}
