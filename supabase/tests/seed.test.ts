/**
 * The demo data (supabase/seed.sql) as the test stack loads it on a fresh database: every demo account
 * signs in through the Auth API with the documented password, and there is enough of everything for the
 * dashboards and line lists to show something. Counts are floors: other suites add users to the same stack.
 */
import { randomInt } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANON_KEY, API_URL, databaseUrlFor } from '@sejahtera/stack/testing';

/** The development password of every demo account (README, "Demo accounts"). */
const PASSWORD = 'Sejahtera-dev-2026';

const STAFF = [
  ['admin@sejahtera.test', 'admin'],
  ['supervisor@sejahtera.test', 'supervisor'],
  ['officer@sejahtera.test', 'officer'],
  ['officer.johor@sejahtera.test', 'officer'],
  ['analyst@sejahtera.test', 'analyst'],
  ['agent@sejahtera.test', 'agent'],
] as const;

interface Session {
  access_token: string;
  user: { id: string; email?: string; phone?: string };
}

/** A password sign-in, each from its own client address so the per-address rate limit never trips. */
async function signIn(credentials: { email: string } | { phone: string }) {
  const res = await fetch(`${API_URL}/auth/v1/token?grant_type=password`, {
    method: 'POST',
    headers: {
      apikey: ANON_KEY,
      'content-type': 'application/json',
      'x-forwarded-for': `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`,
    },
    body: JSON.stringify({ ...credentials, password: PASSWORD }),
  });
  return { status: res.status, body: (await res.json()) as Session };
}

/** What the signed-in user may read of a table through PostgREST. */
async function select<T>(session: Session, path: string): Promise<T[]> {
  const res = await fetch(`${API_URL}/rest/v1/${path}`, {
    headers: { apikey: ANON_KEY, authorization: `Bearer ${session.access_token}` },
  });
  expect(res.status, path).toBe(200);
  return (await res.json()) as T[];
}

describe('demo accounts', () => {
  it.each(STAFF)('%s signs in with the development password and is %s', async (email, role) => {
    const { status, body } = await signIn({ email });
    expect(status).toBe(200);
    expect(body.user.email).toBe(email);
    const staff = await select<{ role: string }>(body, `staff?select=role&user_id=eq.${body.user.id}`);
    expect(staff).toEqual([{ role }]);
  });

  it('the public demo account signs in by email and sees its own person and two dependents', async () => {
    const { status, body } = await signIn({ email: 'aminah@sejahtera.test' });
    expect(status).toBe(200);
    const mine = await select<{ full_name: string }>(body, `persons?select=full_name&account_id=eq.${body.user.id}`);
    expect(mine).toEqual([{ full_name: 'Aminah binti Yusof' }]);
    expect(await select(body, 'dependents?select=person_id')).toHaveLength(2);
  });

  it('the phone demo account signs in with phone and password, and is a close contact under monitoring', async () => {
    const { status, body } = await signIn({ phone: '+601120000001' });
    expect(status).toBe(200);
    expect(body.user.phone).toBe('601120000001');
    const [person] = await select<{ status: string }>(body, `persons?select=status&account_id=eq.${body.user.id}`);
    expect(person.status).toBe('close_contact');
    expect(await select(body, 'monitoring?select=id&state=eq.active')).toHaveLength(1);
  });

  it('a wrong password is still refused', async () => {
    const res = await fetch(`${API_URL}/auth/v1/token?grant_type=password`, {
      method: 'POST',
      headers: { apikey: ANON_KEY, 'content-type': 'application/json', 'x-forwarded-for': `10.${randomInt(256)}.0.1` },
      body: JSON.stringify({ email: 'admin@sejahtera.test', password: `${PASSWORD}!` }),
    });
    expect(res.status).toBe(400);
  });
});

describe('demo data', () => {
  let db: pg.Client;
  const count = async (sql: string) => Number((await db.query<{ n: string }>(sql)).rows[0].n);

  beforeAll(async () => {
    db = new pg.Client({ connectionString: databaseUrlFor('postgres') });
    await db.connect();
  });
  afterAll(async () => {
    await db.end();
  });

  it('spreads people over at least five states, with dependents', async () => {
    expect(await count(`select count(distinct state_code) as n from public.persons where account_id is not null`)).toBeGreaterThanOrEqual(5);
    expect(await count(`select count(*) as n from public.dependents`)).toBeGreaterThanOrEqual(10);
  });

  it('has daily assessments over the last month', async () => {
    expect(await count(`select count(distinct (submitted_at at time zone 'Asia/Kuala_Lumpur')::date) as n from public.assessments`)).toBeGreaterThanOrEqual(25);
    expect(await count(`select count(*) as n from public.assessments where submitted_at > now()`)).toBe(0);
  });

  it('has active cases, contacts under monitoring, and people of every risk that tracing produces', async () => {
    expect(await count(`select count(*) as n from public.cases where status = 'active'`)).toBeGreaterThanOrEqual(3);
    expect(await count(`select count(*) as n from public.monitoring where state = 'active'`)).toBeGreaterThanOrEqual(10);
    expect(await count(`select count(*) as n from public.persons where status = 'pui'`)).toBeGreaterThanOrEqual(1);
    expect(await count(`select count(*) as n from public.persons where status = 'close_contact'`)).toBeGreaterThanOrEqual(1);
  });

  it('keeps no identity number, only masks and keyed hashes', async () => {
    expect(await count(`select count(*) as n from public.persons where identity_number is not null`)).toBe(0);
    expect(await count(`select count(*) as n from public.persons where identity_masked is not null`)).toBeGreaterThanOrEqual(40);
    expect(await count(`select count(*) as n from private.person_identities`)).toBeGreaterThanOrEqual(40);
  });
});
