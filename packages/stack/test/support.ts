/** What every stack test needs: the URLs and keys of the test stack, clients, the inbox, the database. */
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import { SignJWT } from 'jose';
import pg from 'pg';
import { ANON_KEY, API_URL, INBOX_URL, JWT_SECRET, SERVICE_ROLE_KEY, databaseUrlFor } from './env.ts';

export { ANON_KEY, API_URL, INBOX_URL, JWT_SECRET, SERVICE_ROLE_KEY };

const clientOptions = { auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false } };

export function anonClient(): SupabaseClient {
  return createClient(API_URL, ANON_KEY, clientOptions);
}

export function serviceClient(): SupabaseClient {
  return createClient(API_URL, SERVICE_ROLE_KEY, clientOptions);
}

/** A client that sends `accessToken` as the user's bearer token. */
export function clientWithToken(accessToken: string): SupabaseClient {
  return createClient(API_URL, ANON_KEY, {
    ...clientOptions,
    global: { headers: { Authorization: `Bearer ${accessToken}` } },
  });
}

/** An access token as Auth would sign it, for tests that need a user without signing one up. */
export async function signToken(
  claims: Record<string, unknown>,
  options: { secret?: string; expiresIn?: string | number } = {},
): Promise<string> {
  const jwt = new SignJWT({ aud: 'authenticated', role: 'authenticated', ...claims })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt();
  jwt.setExpirationTime(options.expiresIn ?? '1h');
  return jwt.sign(new TextEncoder().encode(options.secret ?? JWT_SECRET));
}

export interface InboxMessage {
  id: string;
  channel: 'email' | 'sms';
  to: string;
  subject: string;
  text: string;
  code?: string;
  link?: string;
  kind: string;
  createdAt: string;
}

export async function messagesTo(to: string): Promise<InboxMessage[]> {
  const res = await fetch(`${INBOX_URL}/api/messages?to=${encodeURIComponent(to)}`);
  return (await res.json()) as InboxMessage[];
}

/** The newest message to `to`, waiting briefly for it to arrive. */
export async function latestMessage(to: string, kind?: string): Promise<InboxMessage> {
  for (let i = 0; i < 50; i++) {
    const found = (await messagesTo(to)).find((m) => !kind || m.kind === kind);
    if (found) return found;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`No message to ${to}${kind ? ` of kind ${kind}` : ''} arrived in the inbox`);
}

/** A connected pg client as `role` (default postgres); close it with `end()`. */
export async function db(role = 'postgres'): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: databaseUrlFor(role) });
  await client.connect();
  return client;
}

/** A unique suffix, so tests can re-run against a database that keeps its rows. */
export function unique(): string {
  return `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}

/** A Malaysian mobile number in E.164 that no other test uses. */
export function uniquePhone(): string {
  return `+6011${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
}

export function uniqueEmail(prefix = 'user'): string {
  return `${prefix}-${unique()}@example.test`;
}
