/**
 * Helpers for the Auth tests. Each client gets its own client address (X-Forwarded-For), so that the
 * per-address rate limits of config.toml (30 sign-ins per 5 minutes) never trip across tests; the
 * tests that want a 429 use an address of their own.
 */
import { randomInt } from 'node:crypto';
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import { ANON_KEY, API_URL, SERVICE_ROLE_KEY, latestMessage, uniqueEmail, uniquePhone } from './support.ts';

export const AUTH_URL = `${API_URL}/auth/v1`;
export const API_VERSION = { 'X-Supabase-Api-Version': '2024-01-01' };
export const PASSWORD = 'Sejahtera2020';

/** A documentation-range address (RFC 5737) nobody else uses in this run. */
export function randomIp(): string {
  return `198.51.${randomInt(256)}.${randomInt(1, 255)}`;
}

const authOptions = { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false };

export function authClient(ip = randomIp(), options: { flowType?: 'implicit' | 'pkce' } = {}): SupabaseClient {
  return createClient(API_URL, ANON_KEY, {
    auth: { ...authOptions, ...options },
    global: { headers: { 'x-forwarded-for': ip } },
  });
}

export function adminClient(): SupabaseClient {
  return createClient(API_URL, SERVICE_ROLE_KEY, { auth: authOptions, global: { headers: { 'x-forwarded-for': randomIp() } } });
}

/** A raw request to /auth/v1, for what supabase-js does not expose (status codes, headers, bodies). */
export function authFetch(
  path: string,
  init: { method?: string; body?: unknown; token?: string; headers?: Record<string, string>; raw?: string; ip?: string } = {},
): Promise<Response> {
  const headers: Record<string, string> = {
    apikey: ANON_KEY,
    'x-forwarded-for': init.ip ?? randomIp(),
    ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
    ...(init.body !== undefined || init.raw !== undefined ? { 'content-type': 'application/json' } : {}),
    ...init.headers,
  };
  return fetch(`${AUTH_URL}${path}`, {
    method: init.method ?? (init.body !== undefined || init.raw !== undefined ? 'POST' : 'GET'),
    headers,
    body: init.raw ?? (init.body !== undefined ? JSON.stringify(init.body) : undefined),
    redirect: 'manual',
  });
}

/** A confirmed email user signed in through supabase-js, with their client. */
export async function signedUpUser(data: Record<string, unknown> = {}) {
  const email = uniqueEmail('auth');
  const client = authClient();
  const { data: result, error } = await client.auth.signUp({ email, password: PASSWORD, options: { data } });
  if (error) throw error;
  if (!result.session || !result.user) throw new Error('sign-up returned no session');
  return { email, client, session: result.session, user: result.user };
}

/** A user created by the admin API with a confirmed phone (no SMS sent). */
export async function phoneUser() {
  const phone = uniquePhone();
  const { data, error } = await adminClient().auth.admin.createUser({ phone, password: PASSWORD, phone_confirm: true });
  if (error) throw error;
  return { phone, user: data.user };
}

/** The newest code sent to an address, of a kind. */
export async function codeSentTo(to: string, kind?: string): Promise<string> {
  const message = await latestMessage(to, kind);
  if (!message.code) throw new Error(`message to ${to} carries no code`);
  return message.code;
}

/** The parameters of a redirect Location: query and fragment. */
export function redirectParams(location: string) {
  const url = new URL(location);
  return {
    url,
    query: Object.fromEntries(url.searchParams),
    fragment: Object.fromEntries(new URLSearchParams(url.hash.slice(1))),
  };
}

export function decodeJwt(token: string): Record<string, any> {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));
}
