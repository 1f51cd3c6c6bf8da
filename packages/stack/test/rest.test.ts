/**
 * Reading through /rest/v1 with supabase-js, as apps do: embedding, every filter, ordering, paging and
 * counts, single rows, CSV, the OpenAPI document, and react-admin's getList. Fixtures: fixtures/rest.sql.
 */
import type { SupabaseClient } from '@supabase/supabase-js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { projectDir } from './env.ts';
import { rest, waitForRestFixtures } from './rest-support.ts';
import { anonClient } from './support.ts';

let supabase: SupabaseClient;

beforeAll(async () => {
  await waitForRestFixtures();
  supabase = anonClient();
});

const idQuery = (table: string) => supabase.from(table).select('id').order('id');
type Query = ReturnType<typeof idQuery>;

/** The ids of the rows of `table` that the filters in `build` keep, in id order. */
async function ids(table: string, build: (query: Query) => Query): Promise<number[]> {
  const { data, error } = await build(idQuery(table));
  expect(error).toBeNull();
  return (data as { id: number }[]).map((row) => row.id);
}

const cityIds = (build: (query: Query) => Query) => ids('stack_test_cities', build);

describe('embedded resources', () => {
  it('embeds the one side of a many-to-one as an object and renames columns', async () => {
    const { data, error } = await supabase
      .from('stack_test_cities')
      .select('city:name, country:stack_test_countries(code, name)')
      .in('id', [1, 6])
      .order('id');
    expect(error).toBeNull();
    expect(data).toEqual([
      { city: 'Kuala Lumpur', country: { code: 'MY', name: 'Malaysia' } },
      { city: 'Paris', country: { code: 'FR', name: 'France' } },
    ]);
  });

  it('embeds the many side of a one-to-many as an array, ordered and limited on the referenced table', async () => {
    const { data, error } = await supabase
      .from('stack_test_countries')
      .select('code, stack_test_cities(name)')
      .in('code', ['MY', 'AQ'])
      .order('id')
      .order('name', { referencedTable: 'stack_test_cities', ascending: false })
      .limit(2, { referencedTable: 'stack_test_cities' });
    expect(error).toBeNull();
    expect(data).toEqual([
      { code: 'MY', stack_test_cities: [{ name: 'Kuching' }, { name: 'Kuala Lumpur' }] },
      { code: 'AQ', stack_test_cities: [] },
    ]);
  });

  it('refuses an ambiguous embed (two foreign keys to one table) with PGRST201 and the hints', async () => {
    const { data, error, status } = await supabase.from('stack_test_people').select('name, stack_test_cities(name)');
    expect(data).toBeNull();
    expect(status).toBe(300);
    expect(error?.code).toBe('PGRST201');
    expect(error?.message).toBe(
      "Could not embed because more than one relationship was found for 'stack_test_people' and 'stack_test_cities'",
    );
    expect(error?.hint).toContain("'stack_test_cities!stack_test_people_birth_city_fkey'");
    expect(error?.hint).toContain("'stack_test_cities!stack_test_people_home_city_fkey'");
  });

  it('disambiguates two foreign keys to one table with aliases and foreign key hints', async () => {
    const { data, error } = await supabase
      .from('stack_test_people')
      .select(
        'name, birth:stack_test_cities!stack_test_people_birth_city_fkey(name), home:stack_test_cities!stack_test_people_home_city_fkey(name)',
      )
      .in('id', [1, 2])
      .order('id');
    expect(error).toBeNull();
    expect(data).toEqual([
      { name: 'Aminah', birth: { name: 'George Town' }, home: { name: 'Kuala Lumpur' } },
      { name: 'Budi', birth: { name: 'Jakarta' }, home: { name: 'Singapore' } },
    ]);
  });

  it('accepts a column name as the hint and nests embeds two levels deep', async () => {
    const { data, error } = await supabase
      .from('stack_test_people')
      .select('name, birth:stack_test_cities!birth_city_id(name, country:stack_test_countries(code))')
      .eq('id', 5)
      .single();
    expect(error).toBeNull();
    expect(data).toEqual({ name: 'Émile', birth: { name: 'Paris', country: { code: 'FR' } } });
  });

  it('filters parents by an embedded column with !inner, and only the embed without it', async () => {
    const inner = await supabase
      .from('stack_test_cities')
      .select('name, stack_test_countries!inner(code)')
      .eq('stack_test_countries.code', 'FR')
      .order('id');
    expect(inner.error).toBeNull();
    expect(inner.data).toEqual([
      { name: 'Paris', stack_test_countries: { code: 'FR' } },
      { name: 'Lyon', stack_test_countries: { code: 'FR' } },
    ]);

    const outer = await supabase
      .from('stack_test_cities')
      .select('name, stack_test_countries(code)')
      .eq('stack_test_countries.code', 'FR')
      .order('id');
    expect(outer.error).toBeNull();
    expect(outer.data).toHaveLength(7);
    expect(outer.data?.[0]).toEqual({ name: 'Kuala Lumpur', stack_test_countries: null });
  });

  it('filters a one-to-many with !inner so parents without a match disappear', async () => {
    const { data, error } = await supabase
      .from('stack_test_countries')
      .select('code, stack_test_cities!inner(name)')
      .eq('stack_test_cities.district', 'Penang');
    expect(error).toBeNull();
    expect(data).toEqual([{ code: 'MY', stack_test_cities: [{ name: 'George Town' }] }]);
  });

  it('filters through an aliased !inner embed by its alias', async () => {
    const { data, error } = await supabase
      .from('stack_test_people')
      .select('name, home:stack_test_cities!stack_test_people_home_city_fkey!inner(name)')
      .eq('home.name', 'Kuala Lumpur')
      .order('id');
    expect(error).toBeNull();
    expect(data).toEqual([
      { name: 'Aminah', home: { name: 'Kuala Lumpur' } },
      { name: 'Chen Wei', home: { name: 'Kuala Lumpur' } },
    ]);
  });

  it('keeps only parents without children when the embed is filtered with is null', async () => {
    const { data, error } = await supabase.from('stack_test_countries').select('name, stack_test_cities()').is('stack_test_cities', null);
    expect(error).toBeNull();
    expect(data).toEqual([{ name: 'Antarctica' }]);
  });

  it('spreads a to-one embed into the parent row', async () => {
    const { data, error } = await supabase
      .from('stack_test_cities')
      .select('name, ...stack_test_countries(country_code:code)')
      .lt('id', 3)
      .order('id');
    expect(error).toBeNull();
    expect(data).toEqual([
      { name: 'Kuala Lumpur', country_code: 'MY' },
      { name: 'George Town', country_code: 'MY' },
    ]);
  });

  it('applies or() to the referenced table only', async () => {
    const { data, error } = await supabase
      .from('stack_test_countries')
      .select('code, stack_test_cities(name)')
      .or('name.eq.Kuching,population.gt.2000000', { referencedTable: 'stack_test_cities' })
      .order('id')
      .order('id', { referencedTable: 'stack_test_cities' });
    expect(error).toBeNull();
    expect(data).toEqual([
      { code: 'MY', stack_test_cities: [{ name: 'Kuching' }] },
      { code: 'SG', stack_test_cities: [{ name: 'Singapore' }] },
      { code: 'ID', stack_test_cities: [{ name: 'Jakarta' }] },
      { code: 'FR', stack_test_cities: [{ name: 'Paris' }] },
      { code: 'AQ', stack_test_cities: [] },
    ]);
  });

  it('selects json paths and casts columns', async () => {
    const { data, error } = await supabase
      .from('stack_test_people')
      .select('name, doses:profile->doses, vaccinated:profile->>vaccinated, age_text:age::text')
      .eq('id', 1)
      .single();
    expect(error).toBeNull();
    expect(data).toEqual({ name: 'Aminah', doses: 3, vaccinated: 'true', age_text: '34' });
  });
});

describe('filters', () => {
  it('eq keeps equal rows', async () => {
    expect(await cityIds((q) => q.eq('name', 'Paris'))).toEqual([6]);
  });

  it('neq keeps rows that differ', async () => {
    expect(await cityIds((q) => q.neq('country_id', 1))).toEqual([4, 5, 6, 7]);
  });

  it('gt and gte compare strictly and inclusively', async () => {
    expect(await cityIds((q) => q.gt('population', 2100000))).toEqual([4, 5]);
    expect(await cityIds((q) => q.gte('population', 2100000))).toEqual([4, 5, 6]);
  });

  it('lt and lte compare strictly and inclusively', async () => {
    expect(await cityIds((q) => q.lt('population', 1982000))).toEqual([2]);
    expect(await cityIds((q) => q.lte('population', 1982000))).toEqual([1, 2]);
  });

  it('like is case-sensitive and ilike is not', async () => {
    expect(await cityIds((q) => q.like('name', 'K%'))).toEqual([1, 3]);
    expect(await cityIds((q) => q.like('name', 'k%'))).toEqual([]);
    expect(await cityIds((q) => q.ilike('name', 'k%'))).toEqual([1, 3]);
  });

  it('likeAllOf, likeAnyOf, ilikeAllOf and ilikeAnyOf combine patterns', async () => {
    expect(await cityIds((q) => q.likeAllOf('name', ['%a%', '%u%']))).toEqual([1]);
    expect(await cityIds((q) => q.likeAnyOf('name', ['Ku%', '%is']))).toEqual([1, 3, 6]);
    expect(await cityIds((q) => q.ilikeAllOf('name', ['%A%', '%R%']))).toEqual([1, 4, 5, 6]);
    expect(await cityIds((q) => q.ilikeAnyOf('name', ['l%', '%TOWN']))).toEqual([2, 7]);
  });

  it('regexMatch is case-sensitive and regexIMatch is not', async () => {
    expect(await cityIds((q) => q.regexMatch('name', '^[KL]'))).toEqual([1, 3, 7]);
    expect(await cityIds((q) => q.regexMatch('name', '^[kl]'))).toEqual([]);
    expect(await cityIds((q) => q.regexIMatch('name', '^[kl]'))).toEqual([1, 3, 7]);
  });

  it('is null and is not null', async () => {
    expect(await cityIds((q) => q.is('district', null))).toEqual([4, 5, 7]);
    expect(await cityIds((q) => q.not('district', 'is', null))).toEqual([1, 2, 3, 6]);
  });

  it('is true and is false match booleans, and not is true keeps nulls', async () => {
    expect(await cityIds((q) => q.is('coastal', true))).toEqual([2, 4, 5]);
    expect(await cityIds((q) => q.is('coastal', false))).toEqual([1, 3, 6]);
    expect(await cityIds((q) => q.not('coastal', 'is', true))).toEqual([1, 3, 6, 7]);
  });

  it('eq compares json booleans at a path', async () => {
    expect(await ids('stack_test_people', (q) => q.eq('profile->vaccinated', true))).toEqual([1, 2, 5]);
    expect(await ids('stack_test_people', (q) => q.eq('profile->vaccinated', false))).toEqual([3]);
  });

  it('isDistinct treats null as a value', async () => {
    expect(await cityIds((q) => q.isDistinct('district', 'Penang'))).toEqual([1, 3, 4, 5, 6, 7]);
    expect(await cityIds((q) => q.neq('district', 'Penang'))).toEqual([1, 3, 6]);
  });

  it('in and not in keep or drop listed values, quoting values with spaces', async () => {
    expect(await cityIds((q) => q.in('name', ['Kuala Lumpur', 'Lyon', 'Atlantis']))).toEqual([1, 7]);
    expect(await cityIds((q) => q.not('id', 'in', '(1,2,3)'))).toEqual([4, 5, 6, 7]);
    expect(await cityIds((q) => q.notIn('id', [1, 2, 3, 4]))).toEqual([5, 6, 7]);
  });

  it('contains and containedBy on arrays', async () => {
    expect(await cityIds((q) => q.contains('tags', ['capital', 'island']))).toEqual([4]);
    expect(await cityIds((q) => q.containedBy('tags', ['capital', 'metropolis']))).toEqual([1, 5, 6, 7]);
  });

  it('contains and containedBy on jsonb', async () => {
    expect(await ids('stack_test_people', (q) => q.contains('profile', { vaccinated: true }))).toEqual([1, 2, 5]);
    expect(await ids('stack_test_countries', (q) => q.containedBy('meta', { region: 'asia', currency: 'SGD' }))).toEqual([2, 5]);
  });

  it('filters on json paths as text and as json', async () => {
    expect(await ids('stack_test_people', (q) => q.eq('profile->>doses', '3'))).toEqual([1]);
    expect(await ids('stack_test_people', (q) => q.gte('profile->doses', 2))).toEqual([1, 2]);
    expect(await ids('stack_test_countries', (q) => q.eq('meta->>region', 'europe'))).toEqual([4]);
  });

  it('overlaps on arrays and on ranges', async () => {
    expect(await cityIds((q) => q.overlaps('tags', ['island', 'river']))).toEqual([2, 3, 4]);
    expect(await ids('stack_test_bookings', (q) => q.overlaps('during', '[5,7)'))).toEqual([2, 3, 4]);
  });

  it('contains and containedBy on ranges', async () => {
    expect(await ids('stack_test_bookings', (q) => q.contains('during', '[4,5)'))).toEqual([2, 4]);
    expect(await ids('stack_test_bookings', (q) => q.containedBy('during', '[0,7)'))).toEqual([1, 2]);
  });

  it('rangeGt keeps ranges strictly right of the given one', async () => {
    expect(await ids('stack_test_bookings', (q) => q.rangeGt('during', '[2,4)'))).toEqual([3, 5]);
  });

  it('rangeGte keeps ranges that do not extend left of the given one', async () => {
    expect(await ids('stack_test_bookings', (q) => q.rangeGte('during', '[3,5)'))).toEqual([2, 3, 5]);
  });

  it('rangeLt keeps ranges strictly left of the given one', async () => {
    expect(await ids('stack_test_bookings', (q) => q.rangeLt('during', '[5,7)'))).toEqual([1]);
  });

  it('rangeLte keeps ranges that do not extend right of the given one', async () => {
    expect(await ids('stack_test_bookings', (q) => q.rangeLte('during', '[3,6)'))).toEqual([1, 2]);
  });

  it('rangeAdjacent keeps ranges that touch the given one', async () => {
    expect(await ids('stack_test_bookings', (q) => q.rangeAdjacent('during', '[10,20)'))).toEqual([3, 5]);
  });

  it('textSearch with tsquery, plain, phrase and websearch types', async () => {
    expect(await cityIds((q) => q.textSearch('fts', 'capital', { config: 'english' }))).toEqual([1, 5, 6]);
    expect(await cityIds((q) => q.textSearch('fts', "'river' & 'city'", { config: 'english' }))).toEqual([3]);
    expect(await cityIds((q) => q.textSearch('fts', 'river city', { config: 'english', type: 'plain' }))).toEqual([3]);
    expect(await cityIds((q) => q.textSearch('fts', 'island city', { config: 'english', type: 'phrase' }))).toEqual([4]);
    expect(await cityIds((q) => q.textSearch('fts', 'capital -france', { config: 'english', type: 'websearch' }))).toEqual([1, 5]);
    expect(await cityIds((q) => q.textSearch('fts', 'food or cats', { config: 'english', type: 'websearch' }))).toEqual([2, 3, 7]);
  });

  it('textSearch on a text column converts it with the given config', async () => {
    expect(await cityIds((q) => q.textSearch('description', 'markets', { config: 'english', type: 'plain' }))).toEqual([1]);
  });

  it('match requires every column to equal its value', async () => {
    expect(await cityIds((q) => q.match({ country_id: 1, district: 'Penang' }))).toEqual([2]);
    expect(await cityIds((q) => q.match({ country_id: 2, district: 'Penang' }))).toEqual([]);
  });

  it('filter passes a raw operator, negated ones included', async () => {
    expect(await cityIds((q) => q.filter('population', 'gt', 5000000))).toEqual([4, 5]);
    expect(await cityIds((q) => q.filter('tags', 'cs', '{river}'))).toEqual([3]);
    expect(await cityIds((q) => q.filter('name', 'not.ilike', '*o*'))).toEqual([1, 3, 5, 6]);
  });

  it('not negates any operator', async () => {
    expect(await cityIds((q) => q.not('tags', 'cs', '{capital}'))).toEqual([2, 3, 7]);
    expect(await cityIds((q) => q.not('population', 'gte', 2000000))).toEqual([1, 2]);
  });

  it('or keeps rows matching either condition', async () => {
    expect(await ids('stack_test_people', (q) => q.or('age.gt.50,nickname.is.null'))).toEqual([2, 4, 5]);
  });

  it('or nests and() and not.and()', async () => {
    expect(await ids('stack_test_people', (q) => q.or('age.gt.50,and(age.lt.30,nickname.is.null)'))).toEqual([2, 5]);
    expect(await ids('stack_test_people', (q) => q.or('age.is.null,not.and(age.gte.30,age.lte.50)'))).toEqual([2, 4, 5]);
  });

  it('chained filters combine with and, including an or group', async () => {
    expect(await ids('stack_test_people', (q) => q.not('nickname', 'is', null).or('age.lt.40,age.gt.50'))).toEqual([1, 5]);
  });

  it('an unknown column is a 400 with the database error code', async () => {
    const { data, error, status } = await supabase.from('stack_test_cities').select('id').eq('nope', 1);
    expect(data).toBeNull();
    expect(status).toBe(400);
    expect(error).toMatchObject({ code: '42703', message: 'column stack_test_cities.nope does not exist' });
  });
});

describe('ordering', () => {
  it('orders ascending with nulls first, ties broken by a second column', async () => {
    const { data, error } = await supabase
      .from('stack_test_cities')
      .select('id')
      .order('population', { ascending: true, nullsFirst: true })
      .order('id');
    expect(error).toBeNull();
    expect(data?.map((r) => r.id)).toEqual([3, 7, 2, 1, 6, 4, 5]);
  });

  it('orders descending with nulls last', async () => {
    const { data, error } = await supabase
      .from('stack_test_cities')
      .select('id')
      .order('population', { ascending: false, nullsFirst: false })
      .order('id');
    expect(error).toBeNull();
    expect(data?.map((r) => r.id)).toEqual([5, 4, 6, 1, 2, 3, 7]);
  });

  it('orders descending with nulls first by default, as Postgres does', async () => {
    const { data, error } = await supabase.from('stack_test_cities').select('id').order('population', { ascending: false }).order('id');
    expect(error).toBeNull();
    expect(data?.map((r) => r.id)).toEqual([3, 7, 5, 4, 6, 1, 2]);
  });

  it('orders parents by a column of a to-one embed', async () => {
    const { data, error } = await supabase
      .from('stack_test_cities')
      .select('name, stack_test_countries(name)')
      .order('stack_test_countries(name)', { ascending: true })
      .order('name', { ascending: true });
    expect(error).toBeNull();
    expect(data?.map((r) => r.name)).toEqual(['Lyon', 'Paris', 'Jakarta', 'George Town', 'Kuala Lumpur', 'Kuching', 'Singapore']);
  });
});

describe('paging and counts', () => {
  it('limit returns the first rows', async () => {
    const { data, error } = await supabase.from('stack_test_cities').select('id').order('id').limit(2);
    expect(error).toBeNull();
    expect(data).toEqual([{ id: 1 }, { id: 2 }]);
  });

  it('range with an exact count returns the page, the total and 206', async () => {
    const { data, error, count, status } = await supabase
      .from('stack_test_cities')
      .select('id', { count: 'exact' })
      .order('id')
      .range(2, 4);
    expect(error).toBeNull();
    expect(data).toEqual([{ id: 3 }, { id: 4 }, { id: 5 }]);
    expect(count).toBe(7);
    expect(status).toBe(206);
  });

  it('a range past the end is a 416 with PGRST103', async () => {
    const { data, error, status } = await supabase.from('stack_test_cities').select('id', { count: 'exact' }).range(10, 12);
    expect(data).toBeNull();
    expect(status).toBe(416);
    expect(error?.code).toBe('PGRST103');
    expect(error?.message).toBe('Requested range not satisfiable');
  });

  it('sends Content-Range with offset, limit and count=exact', async () => {
    const res = await rest('/stack_test_cities?select=id&order=id&offset=2&limit=3', { headers: { Prefer: 'count=exact' } });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe('2-4/7');
    expect(res.headers.get('preference-applied')).toBe('count=exact');
    expect(await res.json()).toEqual([{ id: 3 }, { id: 4 }, { id: 5 }]);
  });

  it('sends Content-Range with a star total when no count is asked for', async () => {
    const res = await rest('/stack_test_cities?select=id&order=id&limit=3');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-range')).toBe('0-2/*');
  });

  it('counts without rows with head: true', async () => {
    const { data, error, count, status } = await supabase
      .from('stack_test_cities')
      .select('*', { count: 'exact', head: true })
      .eq('country_id', 1);
    expect(error).toBeNull();
    expect(status).toBe(200);
    expect(data).toBeNull();
    expect(count).toBe(3);
  });

  it('answers a HEAD with Prefer: count=exact with the total in Content-Range and no body', async () => {
    const res = await rest('/stack_test_cities?country_id=eq.4', { method: 'HEAD', headers: { Prefer: 'count=exact' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-range')).toBe('0-1/2');
    expect(await res.text()).toBe('');
  });

  it('caps every response at max_rows from config.toml and still counts every row', async () => {
    const maxRows = loadConfig(projectDir).api.maxRows;
    const { data, error, count } = await supabase.rpc('stack_test_numbers', { n: maxRows + 5 }, { get: true, count: 'exact' });
    expect(error).toBeNull();
    expect(data).toHaveLength(maxRows);
    expect((data as number[])[maxRows - 1]).toBe(maxRows);
    expect(count).toBe(maxRows + 5);
  });
});

describe('react-admin getList', () => {
  it('pages with Range-Unit and Range headers and exposes Content-Range to browsers', async () => {
    const res = await rest('/stack_test_cities?select=id,name&order=id.asc', {
      headers: { 'Range-Unit': 'items', Range: '0-4', Prefer: 'count=exact', Origin: 'http://localhost:5174' },
    });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe('0-4/7');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const exposed = (res.headers.get('access-control-expose-headers') ?? '').split(',').map((h) => h.trim().toLowerCase());
    expect(exposed).toContain('content-range');
    expect((await res.json()).map((r: { id: number }) => r.id)).toEqual([1, 2, 3, 4, 5]);
  });

  it('answers a first page larger than the list with every row, 200 and the total', async () => {
    const res = await rest('/stack_test_cities?select=id&order=id.asc', {
      headers: { 'Range-Unit': 'items', Range: '0-9', Prefer: 'count=exact', Origin: 'http://localhost:5174' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-range')).toBe('0-6/7');
    expect(await res.json()).toHaveLength(7);
  });

  it('pages with offset and limit as ra-data-postgrest sends them, the last page included', async () => {
    const res = await rest('/stack_test_cities?select=*&order=name.asc&offset=5&limit=5', {
      headers: { Prefer: 'count=exact', Origin: 'http://localhost:5174' },
    });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe('5-6/7');
    expect((await res.json()).map((r: { name: string }) => r.name)).toEqual(['Paris', 'Singapore']);
  });

  it('lets a browser send Range and Prefer: the preflight allows them', async () => {
    const res = await rest('/stack_test_cities', {
      method: 'OPTIONS',
      headers: {
        Origin: 'http://localhost:5174',
        'Access-Control-Request-Method': 'GET',
        'Access-Control-Request-Headers': 'apikey,authorization,prefer,range,range-unit',
      },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-methods')).toContain('GET');
    const allowed = (res.headers.get('access-control-allow-headers') ?? '').toLowerCase();
    for (const header of ['apikey', 'authorization', 'prefer', 'range', 'range-unit']) expect(allowed).toContain(header);
  });
});

describe('single rows', () => {
  it('single() returns the one row as an object', async () => {
    const { data, error } = await supabase.from('stack_test_countries').select('code, name').eq('code', 'SG').single();
    expect(error).toBeNull();
    expect(data).toEqual({ code: 'SG', name: 'Singapore' });
  });

  it('single() on no rows is a 406 with PGRST116', async () => {
    const { data, error, status } = await supabase.from('stack_test_countries').select('code').eq('code', 'XX').single();
    expect(data).toBeNull();
    expect(status).toBe(406);
    expect(error).toMatchObject({
      code: 'PGRST116',
      message: 'JSON object requested, multiple (or no) rows returned',
      details: 'The result contains 0 rows',
      hint: null,
    });
  });

  it('single() on many rows is a 406 with PGRST116', async () => {
    const { data, error, status } = await supabase.from('stack_test_countries').select('code').single();
    expect(data).toBeNull();
    expect(status).toBe(406);
    expect(error?.code).toBe('PGRST116');
    expect(error?.details).toBe('The result contains 5 rows');
  });

  it('maybeSingle() returns null without an error on no rows', async () => {
    const { data, error } = await supabase.from('stack_test_countries').select('code').eq('code', 'XX').maybeSingle();
    expect(error).toBeNull();
    expect(data).toBeNull();
  });

  it('maybeSingle() on many rows is PGRST116', async () => {
    const { data, error } = await supabase.from('stack_test_countries').select('code').maybeSingle();
    expect(data).toBeNull();
    expect(error?.code).toBe('PGRST116');
  });
});

describe('other formats', () => {
  it('csv() returns CSV with a header row, quoted text with spaces and empty nulls', async () => {
    const { data, error } = await supabase
      .from('stack_test_cities')
      .select('id, name, population, description')
      .eq('country_id', 1)
      .order('id')
      .csv();
    expect(error).toBeNull();
    expect(data).toBe(
      'id,name,population,description\n' +
        '1,"Kuala Lumpur",1982000,"The capital city of Malaysia, with twin towers and busy markets"\n' +
        '2,"George Town",794000,"A heritage city on an island, famous for its street food"\n' +
        '3,Kuching,,"A river city known for its cats"',
    );
  });

  it('the OpenAPI document at /rest/v1/ lists the fixture tables and functions and points at the gateway', async () => {
    const res = await rest('/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/openapi+json');
    const doc = (await res.json()) as {
      swagger: string;
      host: string;
      basePath: string;
      paths: Record<string, unknown>;
      definitions: Record<string, { properties: Record<string, { format: string }> }>;
    };
    expect(doc.swagger).toBe('2.0');
    expect(`http://${doc.host}${doc.basePath}`).toBe(new URL('/rest/v1', res.url).toString());
    for (const path of ['/stack_test_countries', '/stack_test_cities', '/stack_test_people', '/stack_test_notes', '/stack_test_items']) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
    expect(Object.keys(doc.paths)).toContain('/rpc/stack_test_cities_in');
    expect(doc.definitions.stack_test_cities.properties.country_id.format).toBe('integer');
  });
});
