/** sejahtera.dependents: the people a guardian acts for, through add_dependent and row-level security. */
import { describe, expect, it } from 'vitest';
import { AuthError, NotFoundError, PermissionError, ValidationError, newIdempotencyKey } from '../src/index.ts';
import { demo, registered, sdk, signedIn, uniqueMykad } from './support.ts';

describe('dependents', () => {
  it('adding with the same idempotency key twice (a retry, a double click) adds one dependent', async () => {
    const { client } = await registered('Guardian');
    const key = newIdempotencyKey();
    const first = await client.dependents.add({ full_name: 'Anak Sekali', relationship: 'child' }, { idempotencyKey: key });
    const again = await client.dependents.add({ full_name: 'Anak Sekali', relationship: 'child' }, { idempotencyKey: key });
    expect(again.person.id).toBe(first.person.id);
    expect(first.person.id).toBe(key);
    expect((await client.dependents.list()).map((d) => d.person.id)).toEqual([key]);
    await expect(client.dependents.add({ full_name: 'Anak', relationship: 'child' }, { idempotencyKey: 'not-a-uuid' })).rejects.toBeInstanceOf(ValidationError);
  });

  it('add, list, get, update and remove a dependent', async () => {
    const { client } = await registered('Guardian');
    expect(await client.dependents.list()).toEqual([]);
    const mykad = uniqueMykad();
    const added = await client.dependents.add({
      full_name: 'Anak Guardian',
      relationship: 'child',
      identity_type: 'mykad',
      identity_number: mykad.number,
      district_code: 'MY-10-07',
    });
    expect(added.relationship).toBe('child');
    expect(added.person).toMatchObject({ full_name: 'Anak Guardian', account_id: null, date_of_birth: mykad.date_of_birth, status: 'pending_assessment' });
    expect(added.person).not.toHaveProperty('identity_number');

    const listed = await client.dependents.list();
    expect(listed.map((d) => [d.relationship, d.person.id])).toEqual([['child', added.person.id]]);
    expect((await client.dependents.get(added.person.id)).person.full_name).toBe('Anak Guardian');

    const updated = await client.dependents.update(added.person.id, { full_name: 'Anak Guardian Renamed', relationship: 'ward' });
    expect(updated).toMatchObject({ relationship: 'ward', person: { id: added.person.id, full_name: 'Anak Guardian Renamed' } });
    expect((await client.dependents.update(added.person.id, { relationship: 'relative' })).relationship).toBe('relative');

    expect(await client.dependents.remove(added.person.id)).toBe('deleted');
    expect(await client.dependents.list()).toEqual([]);
    await expect(client.dependents.get(added.person.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('update: null clears an optional detail, a field left out stays; a move to another state\'s district moves the state', async () => {
    const { client } = await registered('Guardian');
    const { person } = await client.dependents.add({
      full_name: 'Anak Jelas',
      relationship: 'child',
      date_of_birth: '2016-05-09',
      gender: 'female',
      district_code: 'MY-10-07',
    });
    expect(person).toMatchObject({ date_of_birth: '2016-05-09', gender: 'female', district_code: 'MY-10-07', state_code: 'MY-10' });

    const cleared = await client.dependents.update(person.id, { gender: null, date_of_birth: null });
    expect(cleared.person).toMatchObject({ full_name: 'Anak Jelas', gender: null, date_of_birth: null, district_code: 'MY-10-07', state_code: 'MY-10' });
    expect(cleared.relationship).toBe('child');

    // Johor Bahru is in Johor: the person's state follows, or the database would refuse a district outside it.
    const moved = await client.dependents.update(person.id, { district_code: 'MY-01-02', gender: undefined });
    expect(moved.person).toMatchObject({ district_code: 'MY-01-02', state_code: 'MY-01', gender: null });
    expect((await client.dependents.update(person.id, { district_code: null })).person).toMatchObject({ district_code: null, state_code: null });

    // What cannot be emptied says so, and nothing changes.
    for (const [field, code] of [['full_name', 'invalid_type'], ['relationship', 'invalid_choice'], ['nationality', 'invalid_type'], ['identity_number', 'invalid_type']] as const) {
      const refused = await client.dependents.update(person.id, { [field]: null } as never).catch((e: unknown) => e);
      expect(refused, field).toBeInstanceOf(ValidationError);
      expect((refused as ValidationError).issues, field).toMatchObject([{ field, code }]);
    }
    expect((await client.dependents.get(person.id)).person).toMatchObject({ full_name: 'Anak Jelas', nationality: 'MY', district_code: null });
  });

  it('a dependent officers hold tracing records about is only unlinked, and the records stay', async () => {
    const { client } = await registered('Guardian');
    const { person } = await client.dependents.add({ full_name: 'Traced Child', relationship: 'child', district_code: 'MY-10-07' });
    // The Petaling officer enters the child as a close contact of one of their cases.
    const officer = await demo('officer@sejahtera.test');
    const { data: kase } = await officer.supabase.from('cases').select('id').eq('status', 'active').limit(1).single();
    const today = new Date().toISOString().slice(0, 10);
    const { error } = await officer.supabase
      .from('contacts')
      .insert({ case_id: kase!.id, person_id: person.id, proximity: 'close', setting: 'household', last_exposure_date: today });
    expect(error).toBeNull();

    expect(await client.dependents.remove(person.id)).toBe('unlinked');
    expect(await client.dependents.list()).toEqual([]);
    const { data: still } = await officer.supabase.from('contacts').select('person_id').eq('person_id', person.id);
    expect(still).toEqual([{ person_id: person.id }]);
  });

  it('the demo guardian lists her daughter and her mother', async () => {
    const aminah = await demo('aminah@sejahtera.test');
    const dependents = await aminah.dependents.list();
    expect(dependents.map((d) => [d.relationship, d.person.full_name]).sort()).toEqual([
      ['child', 'Nur Aisyah binti Hakim'],
      ['parent', 'Fatimah binti Osman'],
    ]);
    expect(dependents[0].person.identity_masked).toMatch(/^\*{6}-\*{2}-\d{4}$/);
  });

  it('bad input is ValidationError per field', async () => {
    const { client } = await registered();
    const error = await client.dependents
      // @ts-expect-error: 'cousin' is not a relationship the database knows
      .add({ full_name: 'Dependent', relationship: 'cousin', date_of_birth: '2999-12-31' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(Object.keys((error as ValidationError).fields).sort()).toEqual(['date_of_birth', 'relationship']);
    await expect(client.dependents.update('not-a-uuid', { full_name: 'Whoever' })).rejects.toMatchObject({ fields: { _: ['must be an id (a uuid)'] } });
    const { person } = await client.dependents.add({ full_name: 'Dependent', relationship: 'child' });
    await expect(client.dependents.update(person.id, {})).rejects.toMatchObject({ code: 'validation_failed' });
  });

  it('another user cannot see, change or remove someone else\'s dependent; anon cannot reach dependents', async () => {
    const guardian = await registered('Guardian');
    const { person } = await guardian.client.dependents.add({ full_name: 'Protected Child', relationship: 'child' });
    const other = await registered('Other');
    expect(await other.client.dependents.list()).toEqual([]);
    await expect(other.client.dependents.get(person.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(other.client.dependents.update(person.id, { full_name: 'Hijacked' })).rejects.toBeInstanceOf(NotFoundError);
    await expect(other.client.dependents.remove(person.id)).rejects.toBeInstanceOf(NotFoundError);
    expect((await guardian.client.dependents.get(person.id)).person.full_name).toBe('Protected Child');

    const anon = sdk();
    for (const call of [() => anon.dependents.list(), () => anon.dependents.add({ full_name: 'Anon Child', relationship: 'child' })]) {
      await expect(call()).rejects.toMatchObject({ name: 'AuthError', code: 'not_signed_in' });
    }
    // Not through the SDK either: the anon role may not call add_dependent at all.
    const { error } = await anon.supabase.rpc('add_dependent', { full_name: 'Anon Child', relationship: 'child' });
    expect(error).not.toBeNull();
  });

  it('a staff account registers no dependents (PermissionError)', async () => {
    const officer = await demo('officer@sejahtera.test');
    const error = await officer.dependents.add({ full_name: 'Officer Child', relationship: 'child' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermissionError);
  });

  it('a signed-in user without a profile may still add a dependent', async () => {
    const { client } = await signedIn();
    const { person } = await client.dependents.add({ full_name: 'Early Dependent', relationship: 'parent' });
    expect((await client.dependents.list()).map((d) => d.person.id)).toEqual([person.id]);
  });

  it('errors carry no personal data', async () => {
    const { client } = await registered();
    const mykad = uniqueMykad();
    await client.dependents.add({ full_name: 'First', relationship: 'child', identity_type: 'mykad', identity_number: mykad.number });
    const error = await client.dependents
      .add({ full_name: 'Second', relationship: 'child', identity_type: 'mykad', identity_number: mykad.number })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'conflict', field: 'identity_number' });
    expect(JSON.stringify(error)).not.toMatch(new RegExp(mykad.number.replace(/-/g, '-?')));
    expect(error).not.toBeInstanceOf(AuthError);
  });
});
