/** What the REST tests share: the fixture's users, raw requests through the gateway, and a wait for the fixture. */
import { randomUUID } from 'node:crypto';
import type { SupabaseClient } from '@supabase/supabase-js';
import { ANON_KEY, API_URL, SERVICE_ROLE_KEY, clientWithToken, signToken } from './support.ts';

export const REST_URL = `${API_URL}/rest/v1`;

/** The owners of the seeded notes in fixtures/rest.sql. */
export const USER_A = '00000000-0000-4000-8000-00000000000a';
export const USER_B = '00000000-0000-4000-8000-00000000000b';

/** A client signed in as `sub`, with a token as Auth would issue it. */
export async function userClient(sub: string = randomUUID()): Promise<SupabaseClient> {
  return clientWithToken(await signToken({ sub, role: 'authenticated', email: `${sub}@example.test` }));
}

/** A request to /rest/v1 through the gateway, as the anon key unless headers say otherwise. */
export function rest(path: string, init: RequestInit & { headers?: Record<string, string> } = {}): Promise<Response> {
  return fetch(`${REST_URL}${path}`, { ...init, headers: { apikey: ANON_KEY, ...init.headers } });
}

/**
 * PostgREST reloads its schema cache asynchronously after the fixture's DDL: wait until the fixture's
 * tables, relationships and functions answer, so the first test does not race the reload.
 */
export async function waitForRestFixtures(timeoutMs = 10_000): Promise<void> {
  const probes = [
    '/stack_test_people?select=id,birth:stack_test_cities!stack_test_people_birth_city_fkey(id)&limit=1',
    '/stack_test_cities?select=id,stack_test_countries(id)&limit=1',
    '/stack_test_notes?select=id&limit=1',
    '/stack_test_items?select=id&limit=1',
    '/stack_test_bookings?select=id&limit=1',
    '/rpc/stack_test_whoami',
    '/rpc/stack_test_jwt_exp',
    '/rpc/stack_test_cities_in?country_code=MY',
    '/rpc/stack_test_city_count?country_code=MY',
  ];
  const headers = { apikey: SERVICE_ROLE_KEY, authorization: `Bearer ${SERVICE_ROLE_KEY}` };
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    const results = await Promise.all(
      probes.map((path) =>
        fetch(`${REST_URL}${path}`, { headers }).then(
          async (res) => (res.ok ? '' : `${path}: ${res.status} ${await res.text()}`),
          (error: Error) => `${path}: ${error.message}`,
        ),
      ),
    );
    last = results.filter(Boolean).join('\n');
    if (!last) return;
    if (Date.now() > deadline) throw new Error(`The REST fixtures did not become available:\n${last}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
