/** sejahtera.geography: Malaysia's states and districts, public reference data read once per client. */
import { describe, expect, it } from 'vitest';
import { NetworkError, ValidationError } from '../src/index.ts';
import { sdk } from './support.ts';

/** A fetch that counts the requests it passes on, per path, and fails the first `failing` of them with no response. */
function countingFetch(failing = 0) {
  const paths: string[] = [];
  const fetchImpl: typeof fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    paths.push(url.pathname);
    if (paths.length <= failing) throw new TypeError('fetch failed');
    return fetch(input, init);
  };
  return { fetchImpl, paths };
}

describe('geography', () => {
  it('the 13 states and 3 federal territories by name in Malay or English, signed out', async () => {
    const client = sdk();
    const ms = await client.geography.states({ language: 'ms' });
    const en = await client.geography.states({ language: 'en' });
    expect(ms).toHaveLength(16);
    expect(ms.filter((s) => s.kind === 'federal_territory').map((s) => s.code).sort()).toEqual(['MY-14', 'MY-15', 'MY-16']);
    expect(ms.find((s) => s.code === 'MY-07')).toEqual({ code: 'MY-07', name: 'Pulau Pinang', kind: 'state' });
    expect(en.find((s) => s.code === 'MY-07')?.name).toBe('Penang');
    for (const list of [ms, en]) expect(list.map((s) => s.name)).toEqual(list.map((s) => s.name).sort((a, b) => a.localeCompare(b)));
    // The client's language when the call does not say.
    expect((await sdk({ language: 'en' }).geography.states()).find((s) => s.code === 'MY-14')?.name).toBe('Federal Territory of Kuala Lumpur');
  });

  it('districts by name, all or a state\'s, with the codes persons hold', async () => {
    const client = sdk();
    const all = await client.geography.districts();
    expect(all.length).toBeGreaterThan(150);
    expect(all.map((d) => d.name)).toEqual(all.map((d) => d.name).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    const selangor = await client.geography.districts({ state_code: 'MY-10' });
    expect(selangor.find((d) => d.name === 'Petaling')).toEqual({ code: 'MY-10-07', name: 'Petaling', state_code: 'MY-10' });
    expect(selangor.every((d) => d.state_code === 'MY-10' && d.code.startsWith('MY-10-'))).toBe(true);
    expect(selangor.length).toBe(all.filter((d) => d.state_code === 'MY-10').length);
    expect(await client.geography.districts({ state_code: 'MY-99' })).toEqual([]);
  });

  it('reads each table once per client; a failed read is not kept, so the next call tries again', async () => {
    const { fetchImpl, paths } = countingFetch(1);
    const client = sdk({ fetch: fetchImpl, retry: false });
    await expect(client.geography.states()).rejects.toBeInstanceOf(NetworkError);
    await client.geography.states();
    await client.geography.states({ language: 'en' });
    await client.geography.districts();
    await client.geography.districts({ state_code: 'MY-01' });
    expect(paths).toEqual(['/rest/v1/states', '/rest/v1/states', '/rest/v1/districts']);
    // Another client reads for itself.
    const other = countingFetch();
    await sdk({ fetch: other.fetchImpl }).geography.districts();
    expect(other.paths).toEqual(['/rest/v1/districts']);
  });

  it('a state code or language that is not one is ValidationError before any request', async () => {
    const { fetchImpl, paths } = countingFetch();
    const client = sdk({ fetch: fetchImpl });
    const bad = await client.geography.districts({ state_code: 'Selangor' }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(ValidationError);
    expect((bad as ValidationError).issues).toEqual([{ field: 'state_code', code: 'invalid_state', message: 'must be a state code, e.g. MY-10' }]);
    // @ts-expect-error: not a language of the platform
    await expect(client.geography.states({ language: 'fr' })).rejects.toMatchObject({ code: 'validation_failed', issues: [{ field: 'language', code: 'invalid_choice' }] });
    expect(paths).toEqual([]);
  });
});
