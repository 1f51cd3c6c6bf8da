/**
 * Who may do what through /rest/v1: RLS by role and by auth.uid(), the claims the database sees, tokens
 * PostgREST refuses, keys the gateway refuses, and errors that must reach the client untouched.
 * Users are tokens signed as Auth signs them; no auth.users rows are needed (the fixture has no FK).
 */
import { randomUUID } from 'node:crypto';
import type { SupabaseClient } from '@supabase/supabase-js';
import { beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_PUBLISHABLE_KEY, LOCAL_SECRET_KEY } from '../src/keys.ts';
import { REST_URL, USER_A, USER_B, rest, userClient, waitForRestFixtures } from './rest-support.ts';
import { ANON_KEY, anonClient, clientWithToken, serviceClient, signToken, unique } from './support.ts';

const SEEDED_B_NOTE = { id: 3, owner_id: USER_B, title: 'B private', body: 'only B reads this', is_public: false };
const SEEDED_PUBLIC_NOTE = { id: 2, owner_id: USER_A, title: 'A public', body: 'anyone reads this', is_public: true };
const SEEDED_B_PUBLIC_NOTE = { id: 4, owner_id: USER_B, title: 'B public', body: 'anyone reads this too', is_public: true };

let anon: SupabaseClient;
let service: SupabaseClient;
let userA: SupabaseClient;
let userB: SupabaseClient;

beforeAll(async () => {
  await waitForRestFixtures();
  anon = anonClient();
  service = serviceClient();
  userA = await userClient(USER_A);
  userB = await userClient(USER_B);
});

async function noteAsService(id: number) {
  const { data, error } = await service.from('stack_test_notes').select('*').eq('id', id).maybeSingle();
  expect(error).toBeNull();
  return data;
}

async function notesTitled(title: string) {
  const { data, error } = await service.from('stack_test_notes').select('*').eq('title', title);
  expect(error).toBeNull();
  return data;
}

describe('row level security', () => {
  it('anon reads only public notes', async () => {
    const { data, error } = await anon.from('stack_test_notes').select('id, title').order('id');
    expect(error).toBeNull();
    expect(data).toEqual([
      { id: 2, title: 'A public' },
      { id: 4, title: 'B public' },
    ]);
  });

  it("a user reads their own notes, private ones included, and others' public notes only", async () => {
    const a = await userA.from('stack_test_notes').select('id, title').order('id');
    expect(a.error).toBeNull();
    expect(a.data).toEqual([
      { id: 1, title: 'A private' },
      { id: 2, title: 'A public' },
      { id: 4, title: 'B public' },
    ]);
    const b = await userB.from('stack_test_notes').select('id, title').order('id');
    expect(b.data).toEqual([
      { id: 2, title: 'A public' },
      { id: 3, title: 'B private' },
      { id: 4, title: 'B public' },
    ]);
  });

  it("a user asking for another user's private note by id gets nothing", async () => {
    const { data, error, status } = await userA.from('stack_test_notes').select('*').eq('id', 3);
    expect(error).toBeNull();
    expect(status).toBe(200);
    expect(data).toEqual([]);
  });

  it('a user without notes reads and counts no private notes', async () => {
    const stranger = await userClient();
    const { data, error, count } = await stranger.from('stack_test_notes').select('id', { count: 'exact' }).eq('is_public', false);
    expect(error).toBeNull();
    expect(data).toEqual([]);
    expect(count).toBe(0);
  });

  it('the service role bypasses RLS and reads every note', async () => {
    const { data, error } = await service.from('stack_test_notes').select('id, owner_id').lt('id', 100).order('id');
    expect(error).toBeNull();
    expect(data).toEqual([
      { id: 1, owner_id: USER_A },
      { id: 2, owner_id: USER_A },
      { id: 3, owner_id: USER_B },
      { id: 4, owner_id: USER_B },
    ]);
  });

  it("a user's update of another user's public note, which they can read, affects 0 rows and leaves it unchanged", async () => {
    const { data, error, status, count } = await userA
      .from('stack_test_notes')
      .update({ title: 'taken over', body: 'by A' }, { count: 'exact' })
      .eq('id', 4)
      .select();
    expect(error).toBeNull();
    expect(status).toBe(200);
    expect(data).toEqual([]);
    expect(count).toBe(0);
    expect(await noteAsService(4)).toEqual(SEEDED_B_PUBLIC_NOTE);
  });

  it("a user's update of another user's private note affects 0 rows and leaves it unchanged", async () => {
    const { data, error, count } = await userA
      .from('stack_test_notes')
      .update({ title: 'taken over' }, { count: 'exact' })
      .eq('id', 3)
      .select();
    expect(error).toBeNull();
    expect(data).toEqual([]);
    expect(count).toBe(0);
    expect(await noteAsService(3)).toEqual(SEEDED_B_NOTE);
  });

  it("a user's delete of another user's notes, public or private, affects 0 rows and the notes remain", async () => {
    const { data, error, count } = await userA.from('stack_test_notes').delete({ count: 'exact' }).in('id', [3, 4]).select();
    expect(error).toBeNull();
    expect(data).toEqual([]);
    expect(count).toBe(0);
    expect(await noteAsService(3)).toEqual(SEEDED_B_NOTE);
    expect(await noteAsService(4)).toEqual(SEEDED_B_PUBLIC_NOTE);
  });

  it("an unfiltered update by a user touches only that user's rows", async () => {
    const owner = randomUUID();
    const client = await userClient(owner);
    const title = `mine-${unique()}`;
    await client.from('stack_test_notes').insert({ owner_id: owner, title }).throwOnError();
    const { data, error } = await client.from('stack_test_notes').update({ body: 'edited' }).neq('id', 0).select('owner_id, title, body');
    expect(error).toBeNull();
    expect(data).toEqual([{ owner_id: owner, title, body: 'edited' }]);
    expect(await noteAsService(2)).toEqual(SEEDED_PUBLIC_NOTE);
    expect(await noteAsService(4)).toEqual(SEEDED_B_PUBLIC_NOTE);
  });

  it('a user cannot insert a note owned by someone else: 403 with 42501, nothing written', async () => {
    const title = `forged-${unique()}`;
    const { data, error, status } = await userA.from('stack_test_notes').insert({ owner_id: USER_B, title });
    expect(data).toBeNull();
    expect(status).toBe(403);
    expect(error).toEqual({
      code: '42501',
      message: 'new row violates row-level security policy for table "stack_test_notes"',
      details: null,
      hint: null,
    });
    expect(await notesTitled(title)).toEqual([]);
  });

  it('anon cannot insert a note: 401 with 42501, nothing written', async () => {
    const title = `anon-${unique()}`;
    const { error, status } = await anon.from('stack_test_notes').insert({ owner_id: USER_A, title, is_public: true });
    expect(status).toBe(401);
    expect(error?.code).toBe('42501');
    expect(await notesTitled(title)).toEqual([]);
  });

  it('anon can read a public note but not update or delete it', async () => {
    const updated = await anon.from('stack_test_notes').update({ title: 'defaced' }).eq('id', 2).select();
    expect(updated.error).toBeNull();
    expect(updated.data).toEqual([]);
    const deleted = await anon.from('stack_test_notes').delete().eq('id', 2).select();
    expect(deleted.error).toBeNull();
    expect(deleted.data).toEqual([]);
    expect(await noteAsService(2)).toEqual(SEEDED_PUBLIC_NOTE);
  });

  it('a user creates, changes and deletes their own note', async () => {
    const owner = randomUUID();
    const client = await userClient(owner);
    const title = `own-${unique()}`;
    const inserted = await client.from('stack_test_notes').insert({ owner_id: owner, title }).select().single();
    expect(inserted.error).toBeNull();
    expect(inserted.data).toEqual({ id: expect.any(Number), owner_id: owner, title, body: '', is_public: false });
    const id = inserted.data.id;

    const updated = await client.from('stack_test_notes').update({ body: 'changed' }).eq('id', id).select('body').single();
    expect(updated.error).toBeNull();
    expect(updated.data).toEqual({ body: 'changed' });

    const deleted = await client.from('stack_test_notes').delete().eq('id', id).select('id');
    expect(deleted.error).toBeNull();
    expect(deleted.data).toEqual([{ id }]);
    expect(await noteAsService(id)).toBeNull();
  });

  it("a user cannot hand their note to someone else: the update's check fails and the row is unchanged", async () => {
    const owner = randomUUID();
    const client = await userClient(owner);
    const title = `keep-${unique()}`;
    const { data: note } = await client.from('stack_test_notes').insert({ owner_id: owner, title }).select().single().throwOnError();
    const { data, error, status } = await client.from('stack_test_notes').update({ owner_id: USER_B }).eq('id', note.id).select();
    expect(data).toBeNull();
    expect(status).toBe(403);
    expect(error?.code).toBe('42501');
    expect(await noteAsService(note.id)).toEqual(note);
  });
});

describe('claims the database sees', () => {
  it('auth.uid(), auth.role() and auth.jwt() carry the signed-in user', async () => {
    const sub = randomUUID();
    const client = clientWithToken(await signToken({ sub, role: 'authenticated', email: 'aminah@example.test', session_id: 's1' }));
    const { data, error } = await client.rpc('stack_test_whoami');
    expect(error).toBeNull();
    expect(data).toMatchObject({ uid: sub, role: 'authenticated', current_user: 'authenticated' });
    expect(data.jwt).toMatchObject({ sub, role: 'authenticated', aud: 'authenticated', email: 'aminah@example.test', session_id: 's1' });
  });

  it('with the anon key the database runs as anon with no user', async () => {
    const { data, error } = await anon.rpc('stack_test_whoami');
    expect(error).toBeNull();
    expect(data).toEqual({ uid: null, role: 'anon', current_user: 'anon', jwt: { iss: 'supabase-demo', role: 'anon', exp: 1983812996 } });
  });

  it('with the service role key the database runs as service_role', async () => {
    const { data, error } = await service.rpc('stack_test_whoami');
    expect(error).toBeNull();
    expect(data).toMatchObject({ uid: null, role: 'service_role', current_user: 'service_role' });
  });

  it('the publishable key acts as anon and the secret key as service_role', async () => {
    const asPublishable = await rest('/rpc/stack_test_whoami', { headers: { apikey: LOCAL_PUBLISHABLE_KEY } });
    expect(asPublishable.status).toBe(200);
    expect(await asPublishable.json()).toMatchObject({ role: 'anon', current_user: 'anon' });

    const asSecret = await rest('/stack_test_notes?select=id&is_public=is.false&id=lt.100&order=id', { headers: { apikey: LOCAL_SECRET_KEY } });
    expect(asSecret.status).toBe(200);
    expect(await asSecret.json()).toEqual([{ id: 1 }, { id: 3 }]);
  });

  it('a user token sent with the publishable key still acts as that user', async () => {
    const token = await signToken({ sub: USER_B, role: 'authenticated' });
    const res = await rest('/stack_test_notes?select=id&is_public=is.false', {
      headers: { apikey: LOCAL_PUBLISHABLE_KEY, authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual([{ id: 3 }]);
  });
});

describe('tokens PostgREST refuses', () => {
  it('an expired token is a 401 with PGRST301 "JWT expired"', async () => {
    const token = await signToken({ sub: USER_A }, { expiresIn: Math.floor(Date.now() / 1000) - 60 });
    const { data, error, status } = await clientWithToken(token).from('stack_test_notes').select('id');
    expect(data).toBeNull();
    expect(status).toBe(401);
    expect(error).toEqual({ code: 'PGRST301', message: 'JWT expired', details: null, hint: null });
  });

  it('a token signed with another secret is a 401 with PGRST301 and an invalid_token challenge', async () => {
    const token = await signToken({ sub: USER_A }, { secret: 'not-the-project-secret-not-the-project-secret' });
    const res = await rest('/stack_test_notes?select=id', { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer error="invalid_token", error_description="JWSError JWSInvalidSignature"');
    expect(await res.json()).toEqual({ code: 'PGRST301', message: 'JWSError JWSInvalidSignature', details: null, hint: null });
  });

  it('a forged token with a tampered payload is a 401', async () => {
    const [header, , signature] = (await signToken({ sub: USER_A })).split('.');
    const payload = Buffer.from(JSON.stringify({ sub: USER_B, role: 'service_role', exp: 1983812996 })).toString('base64url');
    const res = await rest('/stack_test_notes?select=id', { headers: { authorization: `Bearer ${header}.${payload}.${signature}` } });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ code: 'PGRST301', message: 'JWSError JWSInvalidSignature' });
  });

  it('a bearer that is not a JWT is a 401 with PGRST301', async () => {
    const res = await rest('/stack_test_notes?select=id', { headers: { authorization: 'Bearer not-a-jwt' } });
    expect(res.status).toBe(401);
    const body = await res.json();
    expect(body.code).toBe('PGRST301');
    expect(body.message).toMatch(/^JWSError/);
  });

  it('a valid token for a role that does not exist is refused by the database', async () => {
    const token = await signToken({ sub: USER_A, role: 'superuser' });
    const res = await rest('/stack_test_notes?select=id', { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ code: '22023', message: 'role "superuser" does not exist', details: null, hint: null });
  });
});

describe('keys the gateway refuses', () => {
  it('an apikey that is not one of the project keys is a 401 from the gateway, not PostgREST', async () => {
    const res = await rest('/stack_test_countries', { headers: { apikey: 'sb_publishable_not-this-project' } });
    expect(res.status).toBe(401);
    expect(res.headers.get('server')).toBeNull();
    expect(await res.json()).toEqual({ message: 'Invalid authentication credentials' });
  });

  it('a validly signed user token is not an apikey', async () => {
    const token = await signToken({ sub: USER_A });
    const res = await rest('/stack_test_countries', { headers: { apikey: token, authorization: `Bearer ${token}` } });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ message: 'Invalid authentication credentials' });
  });

  it('a request without an apikey is a 401', async () => {
    const res = await fetch(`${REST_URL}/stack_test_countries`, { headers: { authorization: `Bearer ${ANON_KEY}` } });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ message: 'No API key found in request' });
  });

  it('the apikey may come as a query parameter, which PostgREST never sees as a filter', async () => {
    const res = await fetch(`${REST_URL}/stack_test_countries?select=code&id=eq.1&apikey=${ANON_KEY}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual([{ code: 'MY' }]);
  });
});

describe('errors reach the client untouched', () => {
  it('a custom SQLSTATE with message, detail and hint passes through the gateway as PostgREST sent it', async () => {
    const res = await rest('/rpc/stack_test_fail', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'custom' }),
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('server')).toMatch(/^postgrest\//);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await res.text()).toBe(
      '{"code":"SJ001","details":"No contact has the id given","hint":"Check the contact id","message":"Contact not found"}',
    );

    const { data, error, status } = await anon.rpc('stack_test_fail', { kind: 'custom' });
    expect(data).toBeNull();
    expect(status).toBe(400);
    expect(error).toEqual({ code: 'SJ001', message: 'Contact not found', details: 'No contact has the id given', hint: 'Check the contact id' });
  });

  it('a PTxyz SQLSTATE sets the HTTP status', async () => {
    const { error, status, statusText } = await anon.rpc('stack_test_fail', { kind: 'status' });
    expect(status).toBe(402);
    expect(statusText).toBe('Quota exceeded');
    expect(error).toEqual({ code: 'PT402', message: 'Quota exceeded', details: 'The monthly quota is used up', hint: 'Try again next month' });
  });

  it('a plain raise exception is a 400 with P0001', async () => {
    const { error, status } = await anon.rpc('stack_test_fail', { kind: 'other' });
    expect(status).toBe(400);
    expect(error).toEqual({ code: 'P0001', message: 'Unknown failure kind: other', details: null, hint: null });
  });
});
