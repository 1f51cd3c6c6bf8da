/**
 * Writing through /rest/v1 with supabase-js: insert, upsert, update, delete, and calling SQL functions
 * by POST and GET. Every test writes rows under its own unique sku or label, so runs never collide.
 */
import type { SupabaseClient } from '@supabase/supabase-js';
import { createClient } from '@supabase/supabase-js';
import { beforeAll, describe, expect, it } from 'vitest';
import { rest, waitForRestFixtures } from './rest-support.ts';
import { ANON_KEY, API_URL, serviceClient, unique } from './support.ts';

let supabase: SupabaseClient;

beforeAll(async () => {
  await waitForRestFixtures();
  supabase = serviceClient();
});

/** A sku no other test or run uses. */
const sku = (name: string) => `${name}-${unique()}`;

async function itemsBySku(...skus: string[]) {
  const { data, error } = await supabase.from('stack_test_items').select('sku, name, qty, status, tags').in('sku', skus).order('sku');
  expect(error).toBeNull();
  return data;
}

describe('insert', () => {
  it('inserts one row and returns it with its defaults when asked to', async () => {
    const s = sku('one');
    const { data, error, status } = await supabase.from('stack_test_items').insert({ sku: s, name: 'Mask' }).select().single();
    expect(error).toBeNull();
    expect(status).toBe(201);
    expect(data).toEqual({ id: expect.any(Number), sku: s, name: 'Mask', qty: 0, status: 'new', tags: [] });
  });

  it('inserts without returning a body by default', async () => {
    const s = sku('minimal');
    const { data, error, status } = await supabase.from('stack_test_items').insert({ sku: s, name: 'Gloves', qty: 4 });
    expect(error).toBeNull();
    expect(status).toBe(201);
    expect(data).toBeNull();
    expect(await itemsBySku(s)).toEqual([{ sku: s, name: 'Gloves', qty: 4, status: 'new', tags: [] }]);
  });

  it('bulk-inserts rows and returns them in order', async () => {
    const [a, b, c] = [sku('bulk-a'), sku('bulk-b'), sku('bulk-c')];
    const { data, error } = await supabase
      .from('stack_test_items')
      .insert([
        { sku: a, name: 'A', qty: 1, tags: ['x'] },
        { sku: b, name: 'B', qty: 2, tags: [] },
        { sku: c, name: 'C', qty: 3, tags: ['y', 'z'] },
      ])
      .select('sku, qty, tags');
    expect(error).toBeNull();
    expect(data).toEqual([
      { sku: a, qty: 1, tags: ['x'] },
      { sku: b, qty: 2, tags: [] },
      { sku: c, qty: 3, tags: ['y', 'z'] },
    ]);
  });

  it('fills columns missing from some rows of a bulk insert with their defaults when defaultToNull is false', async () => {
    const [a, b] = [sku('default-a'), sku('default-b')];
    const { data, error } = await supabase
      .from('stack_test_items')
      .insert([{ sku: a, name: 'A', qty: 7, status: 'held' }, { sku: b, name: 'B' }], { defaultToNull: false })
      .select('sku, qty, status');
    expect(error).toBeNull();
    expect(data).toEqual([
      { sku: a, qty: 7, status: 'held' },
      { sku: b, qty: 0, status: 'new' },
    ]);
  });

  it('sends null for columns missing from some rows of a bulk insert by default, so a not-null column fails', async () => {
    const [a, b] = [sku('null-a'), sku('null-b')];
    const { data, error, status } = await supabase.from('stack_test_items').insert([{ sku: a, name: 'A', qty: 7 }, { sku: b, name: 'B' }]);
    expect(data).toBeNull();
    expect(status).toBe(400);
    expect(error?.code).toBe('23502');
    expect(error?.message).toBe('null value in column "qty" of relation "stack_test_items" violates not-null constraint');
    expect(await itemsBySku(a, b)).toEqual([]);
  });

  it('returns a count of inserted rows when asked to', async () => {
    const { count, error } = await supabase
      .from('stack_test_items')
      .insert([{ sku: sku('count-a'), name: 'A' }, { sku: sku('count-b'), name: 'B' }], { count: 'exact' });
    expect(error).toBeNull();
    expect(count).toBe(2);
  });

  it('rejects a duplicate key with 409 and the database error untouched', async () => {
    const s = sku('dup');
    await supabase.from('stack_test_items').insert({ sku: s, name: 'First' }).throwOnError();
    const { data, error, status } = await supabase.from('stack_test_items').insert({ sku: s, name: 'Second' });
    expect(data).toBeNull();
    expect(status).toBe(409);
    expect(error).toEqual({
      code: '23505',
      message: 'duplicate key value violates unique constraint "stack_test_items_sku_key"',
      details: `Key (sku)=(${s}) already exists.`,
      hint: null,
    });
    expect(await itemsBySku(s)).toEqual([{ sku: s, name: 'First', qty: 0, status: 'new', tags: [] }]);
  });
});

describe('upsert', () => {
  it('updates the row that conflicts on onConflict and inserts the new one', async () => {
    const [kept, added] = [sku('up-kept'), sku('up-added')];
    await supabase.from('stack_test_items').insert({ sku: kept, name: 'Old', qty: 1, status: 'held' }).throwOnError();
    const { data, error } = await supabase
      .from('stack_test_items')
      .upsert(
        [
          { sku: kept, name: 'New', qty: 10, status: 'held' },
          { sku: added, name: 'Added', qty: 2, status: 'new' },
        ],
        { onConflict: 'sku' },
      )
      .select('sku, name, qty');
    expect(error).toBeNull();
    expect(data).toEqual([
      { sku: kept, name: 'New', qty: 10 },
      { sku: added, name: 'Added', qty: 2 },
    ]);
    expect(await itemsBySku(kept, added)).toEqual([
      { sku: added, name: 'Added', qty: 2, status: 'new', tags: [] },
      { sku: kept, name: 'New', qty: 10, status: 'held', tags: [] },
    ]);
  });

  it('leaves conflicting rows alone with ignoreDuplicates and returns only the inserted ones', async () => {
    const [kept, added] = [sku('ign-kept'), sku('ign-added')];
    await supabase.from('stack_test_items').insert({ sku: kept, name: 'Old', qty: 1 }).throwOnError();
    const { data, error } = await supabase
      .from('stack_test_items')
      .upsert(
        [
          { sku: kept, name: 'New', qty: 10 },
          { sku: added, name: 'Added', qty: 2 },
        ],
        { onConflict: 'sku', ignoreDuplicates: true },
      )
      .select('sku, name, qty');
    expect(error).toBeNull();
    expect(data).toEqual([{ sku: added, name: 'Added', qty: 2 }]);
    expect(await itemsBySku(kept)).toEqual([{ sku: kept, name: 'Old', qty: 1, status: 'new', tags: [] }]);
  });

  it('upserts on the primary key when no onConflict is given', async () => {
    const s = sku('pk');
    const { data: inserted } = await supabase.from('stack_test_items').insert({ sku: s, name: 'Before' }).select('id').single().throwOnError();
    const { data, error } = await supabase
      .from('stack_test_items')
      .upsert({ id: inserted.id, sku: s, name: 'After', qty: 5 })
      .select('id, name, qty')
      .single();
    expect(error).toBeNull();
    expect(data).toEqual({ id: inserted.id, name: 'After', qty: 5 });
  });
});

describe('update and delete', () => {
  it('updates the matching rows and returns them', async () => {
    const [a, b, other] = [sku('upd-a'), sku('upd-b'), sku('upd-other')];
    await supabase
      .from('stack_test_items')
      .insert([
        { sku: a, name: 'A', status: 'new' },
        { sku: b, name: 'B', status: 'new' },
        { sku: other, name: 'Other', status: 'new' },
      ])
      .throwOnError();
    const { data, error, count } = await supabase
      .from('stack_test_items')
      .update({ status: 'shipped', qty: 9 }, { count: 'exact' })
      .in('sku', [a, b])
      .select('sku, status, qty')
      .order('sku');
    expect(error).toBeNull();
    expect(count).toBe(2);
    expect(data).toEqual([
      { sku: a, status: 'shipped', qty: 9 },
      { sku: b, status: 'shipped', qty: 9 },
    ]);
    expect(await itemsBySku(other)).toEqual([{ sku: other, name: 'Other', qty: 0, status: 'new', tags: [] }]);
  });

  it('an update that matches nothing returns no rows and no error', async () => {
    const { data, error, status } = await supabase.from('stack_test_items').update({ qty: 1 }).eq('sku', sku('absent')).select();
    expect(error).toBeNull();
    expect(status).toBe(200);
    expect(data).toEqual([]);
  });

  it('an update breaking a constraint fails with the database error and changes nothing', async () => {
    const s = sku('upd-null');
    await supabase.from('stack_test_items').insert({ sku: s, name: 'Keep' }).throwOnError();
    const { error, status } = await supabase.from('stack_test_items').update({ name: null }).eq('sku', s);
    expect(status).toBe(400);
    expect(error?.code).toBe('23502');
    expect(await itemsBySku(s)).toEqual([{ sku: s, name: 'Keep', qty: 0, status: 'new', tags: [] }]);
  });

  it('deletes the matching rows and returns them', async () => {
    const [a, b] = [sku('del-a'), sku('del-b')];
    await supabase.from('stack_test_items').insert([{ sku: a, name: 'A' }, { sku: b, name: 'B' }]).throwOnError();
    const { data, error } = await supabase.from('stack_test_items').delete().eq('sku', a).select('sku, name');
    expect(error).toBeNull();
    expect(data).toEqual([{ sku: a, name: 'A' }]);
    expect(await itemsBySku(a, b)).toEqual([{ sku: b, name: 'B', qty: 0, status: 'new', tags: [] }]);
  });

  it('a delete with count: exact reports how many rows it removed and leaves the rest', async () => {
    const [a, b, c] = [sku('cnt-a'), sku('cnt-b'), sku('cnt-c')];
    await supabase.from('stack_test_items').insert([{ sku: a, name: 'A' }, { sku: b, name: 'B' }, { sku: c, name: 'C' }]).throwOnError();
    const { data, error, count } = await supabase.from('stack_test_items').delete({ count: 'exact' }).in('sku', [a, b]);
    expect(error).toBeNull();
    expect(data).toBeNull();
    expect(count).toBe(2);
    expect(await itemsBySku(a, b, c)).toEqual([{ sku: c, name: 'C', qty: 0, status: 'new', tags: [] }]);
  });
});

describe('rpc', () => {
  it('calls a volatile function by POST, and its writes are committed', async () => {
    const label = `visit-${unique()}`;
    const first = await supabase.rpc('stack_test_record_visit', { label });
    expect(first.error).toBeNull();
    expect(first.data).toBe(1);
    const second = await supabase.rpc('stack_test_record_visit', { label });
    expect(second.data).toBe(2);
    const { count } = await supabase.from('stack_test_visits').select('*', { count: 'exact', head: true }).eq('label', label);
    expect(count).toBe(2);
  });

  it('refuses a volatile function that writes by GET: 405 from the read-only transaction', async () => {
    const label = `visit-${unique()}`;
    const { data, error, status } = await supabase.rpc('stack_test_record_visit', { label }, { get: true });
    expect(data).toBeNull();
    expect(status).toBe(405);
    expect(error).toEqual({ code: '25006', message: 'cannot execute INSERT in a read-only transaction', details: null, hint: null });
    const { count } = await supabase.from('stack_test_visits').select('*', { count: 'exact', head: true }).eq('label', label);
    expect(count).toBe(0);
  });

  it('calls a stable function by GET with its arguments in the query string', async () => {
    const requests: { method: string; url: string }[] = [];
    const recording = createClient(API_URL, ANON_KEY, {
      auth: { persistSession: false, autoRefreshToken: false },
      global: {
        fetch: (input, init) => {
          requests.push({ method: init?.method ?? 'GET', url: String(input) });
          return fetch(input, init);
        },
      },
    });
    const { data, error } = await recording.rpc('stack_test_city_count', { country_code: 'MY' }, { get: true });
    expect(error).toBeNull();
    expect(data).toBe(3);
    expect(requests).toHaveLength(1);
    expect(requests[0].method).toBe('GET');
    expect(new URL(requests[0].url).searchParams.get('country_code')).toBe('MY');
  });

  it('filters, orders and selects the rows of a set-returning function called by POST', async () => {
    const { data, error } = await supabase
      .rpc('stack_test_cities_in', { country_code: 'MY' })
      .select('name, population')
      .not('population', 'is', null)
      .order('population', { ascending: false });
    expect(error).toBeNull();
    expect(data).toEqual([
      { name: 'Kuala Lumpur', population: 1982000 },
      { name: 'George Town', population: 794000 },
    ]);
  });

  it('filters and pages the rows of a set-returning function called by GET, with a count', async () => {
    const { data, error, count } = await supabase
      .rpc('stack_test_cities_in', { country_code: 'MY' }, { get: true, count: 'exact' })
      .select('name')
      .ilike('name', 'k%')
      .order('name')
      .range(0, 0);
    expect(error).toBeNull();
    expect(data).toEqual([{ name: 'Kuala Lumpur' }]);
    expect(count).toBe(2);
  });

  it('embeds related rows in the result of a set-returning function', async () => {
    const { data, error } = await supabase
      .rpc('stack_test_cities_in', { country_code: 'SG' })
      .select('name, stack_test_countries(name)');
    expect(error).toBeNull();
    expect(data).toEqual([{ name: 'Singapore', stack_test_countries: { name: 'Singapore' } }]);
  });

  it('counts the rows of a set-returning function with head: true', async () => {
    const { data, count, error } = await supabase.rpc('stack_test_cities_in', { country_code: 'FR' }, { head: true, count: 'exact' });
    expect(error).toBeNull();
    expect(data).toBeNull();
    expect(count).toBe(2);
  });

  it('an unknown function or argument is a 404 with PGRST202', async () => {
    const { data, error, status } = await supabase.rpc('stack_test_city_count', { country: 'MY' });
    expect(data).toBeNull();
    expect(status).toBe(404);
    expect(error?.code).toBe('PGRST202');
    expect(error?.message).toBe(
      'Could not find the function public.stack_test_city_count(country) in the schema cache',
    );
    expect(error?.hint).toBe('Perhaps you meant to call the function public.stack_test_city_count(country_code)');
  });

  it('calls a function by raw POST with a JSON body and a single-object Accept header', async () => {
    const res = await rest('/rpc/stack_test_cities_in?select=name', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/vnd.pgrst.object+json' },
      body: JSON.stringify({ country_code: 'SG' }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ name: 'Singapore' });
  });
});
