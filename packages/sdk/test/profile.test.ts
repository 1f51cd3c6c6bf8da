/** sejahtera.profile: the signed-in user's own person, through register_profile and the persons table. */
import { describe, expect, it } from 'vitest';
import { AuthError, ConflictError, NotFoundError, ValidationError } from '../src/index.ts';
import { registered, sdk, signedIn, uniqueMykad } from './support.ts';

describe('profile', () => {
  it('is null before registering; register validates the MyKad, keeps it masked, and derives date of birth and gender', async () => {
    const { client, userId } = await signedIn();
    expect(await client.profile.get()).toBeNull();
    const mykad = uniqueMykad();
    const person = await client.profile.register({
      full_name: '  Siti binti Ahmad ',
      identity_type: 'mykad',
      identity_number: mykad.number,
      phone: '012-888 7766',
      district_code: 'MY-10-07',
      preferred_language: 'en',
    });
    expect(person).toMatchObject({
      account_id: userId,
      full_name: 'Siti binti Ahmad',
      identity_type: 'mykad',
      identity_masked: `******-**-${mykad.number.slice(-4)}`,
      date_of_birth: mykad.date_of_birth,
      gender: Number(mykad.number.slice(-1)) % 2 === 1 ? 'male' : 'female',
      phone: '+60128887766',
      state_code: 'MY-10',
      status: 'pending_assessment',
    });
    expect(person).not.toHaveProperty('identity_number');
    expect(await client.profile.get()).toEqual(person);
  });

  it('update changes only the fields given', async () => {
    const { client, person } = await registered();
    const updated = await client.profile.update({ preferred_language: 'ms', reminder_time: '20:30' });
    expect(updated).toMatchObject({ id: person.id, preferred_language: 'ms', reminder_time: '20:30:00', full_name: person.full_name });
    await expect(client.profile.update({})).rejects.toMatchObject({ code: 'validation_failed', fields: { _: ['say what to change'] } });
  });

  it('update: null clears an optional field (address, postcode, email, phone, gender, district), a field left out stays', async () => {
    const { client, person } = await registered();
    const filled = await client.profile.update({ address: '12 Jalan Ampang', postcode: '50450', email: 'clear.me@example.test', phone: '012-345 6789', gender: 'male' });
    expect(filled).toMatchObject({ address: '12 Jalan Ampang', postcode: '50450', phone: '+60123456789', district_code: 'MY-10-07' });
    const cleared = await client.profile.update({ address: null, postcode: null, email: null, phone: null, gender: null, reminder_time: undefined });
    expect(cleared).toMatchObject({ id: person.id, address: null, postcode: null, email: null, phone: null, gender: null, full_name: person.full_name, district_code: 'MY-10-07' });
    const moved = await client.profile.update({ district_code: 'MY-14-01' });
    expect(moved).toMatchObject({ district_code: 'MY-14-01', state_code: 'MY-14' });
    await expect(client.profile.update({ full_name: null } as never)).rejects.toMatchObject({ code: 'validation_failed', issues: [{ field: 'full_name' }] });
    await expect(client.profile.update({ reminder_time: null } as never)).rejects.toMatchObject({ issues: [{ field: 'reminder_time' }] });
    expect((await client.profile.get())?.full_name).toBe(person.full_name);
  });

  it('registering twice, or with a document someone else holds, is ConflictError on that field', async () => {
    const { client } = await registered();
    const twice = await client.profile.register({ full_name: 'Again' }).catch((e: unknown) => e);
    expect(twice).toBeInstanceOf(ConflictError);
    expect(twice).toMatchObject({ field: 'account_id', status: 409 });

    const mykad = uniqueMykad();
    const first = await signedIn();
    await first.client.profile.register({ full_name: 'First Holder', identity_type: 'mykad', identity_number: mykad.number });
    const second = await signedIn();
    const taken = await second.client.profile
      .register({ full_name: 'Second Holder', identity_type: 'mykad', identity_number: mykad.number })
      .catch((e: unknown) => e);
    expect(taken).toBeInstanceOf(ConflictError);
    expect(taken).toMatchObject({ field: 'identity_number', details: { sqlstate: '23505' } });
    expect(JSON.stringify(taken)).not.toContain(mykad.number.slice(0, 6));
  });

  it('bad input is ValidationError per field: client-side before any request, and the database\'s own checks', async () => {
    const { client } = await signedIn();
    const local = await client.profile
      .register({ full_name: 'X', identity_type: 'mykad', identity_number: '861332-14-5022', postcode: '4600', date_of_birth: '2999-01-01' })
      .catch((e: unknown) => e);
    expect(local).toBeInstanceOf(ValidationError);
    expect((local as ValidationError).fields).toEqual({
      full_name: ['must have at least 2 characters'],
      identity_number: ['the first six digits of a MyKad number are a date of birth (YYMMDD), and these are not a real date'],
      postcode: ['must be a 5-digit postcode'],
      date_of_birth: ['cannot be in the future'],
    });
    const wrongBirth = await client.profile
      .register({ full_name: 'Valid Name', identity_type: 'mykad', identity_number: '860314-14-5022', date_of_birth: '1986-03-15' })
      .catch((e: unknown) => e);
    expect((wrongBirth as ValidationError).fields).toEqual({ date_of_birth: ['does not match the date of birth in the MyKad number'] });
    const badPlace = await client.profile.register({ full_name: 'Valid Name', identity_type: 'mykad', identity_number: '860314-00-5022' }).catch((e: unknown) => e);
    expect((badPlace as ValidationError).fields.identity_number?.[0]).toMatch(/00 is not one/);

    // Only the database knows its districts.
    const server = await client.profile.register({ full_name: 'Valid Name', district_code: 'MY-99-99' }).catch((e: unknown) => e);
    expect(server).toBeInstanceOf(ValidationError);
    expect(server).toMatchObject({ fields: { district_code: ['no such district (MY-99-99)'] }, details: { sqlstate: '23514' } });
    expect(await client.profile.get()).toBeNull();
  });

  it('update before registering is NotFoundError; anon gets AuthError not_signed_in', async () => {
    const { client } = await signedIn();
    await expect(client.profile.update({ full_name: 'Nobody Yet' })).rejects.toBeInstanceOf(NotFoundError);
    const anon = sdk();
    for (const call of [() => anon.profile.get(), () => anon.profile.register({ full_name: 'Anon Person' }), () => anon.profile.update({ full_name: 'Anon' })]) {
      const error = await call().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AuthError);
      expect(error).toMatchObject({ code: 'not_signed_in' });
    }
  });

  it('a user never reads or changes another user\'s profile', async () => {
    const a = await registered('Person A');
    const b = await registered('Person B');
    expect((await b.client.profile.get())?.id).toBe(b.person.id);
    await b.client.profile.update({ full_name: 'Renamed B' });
    expect((await a.client.profile.get())?.full_name).toBe('Person A');
    // Reaching another person through the client underneath: row-level security hides them.
    const { data } = await b.client.supabase.from('persons').select('id').eq('id', a.person.id);
    expect(data).toEqual([]);
  });
});
