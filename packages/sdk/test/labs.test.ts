/** sejahtera.labs: test results entered by officers for persons they trace; a positive one makes a case. */
import { beforeAll, describe, expect, it } from 'vitest';
import { AuthError, ConflictError, type SejahteraStaffClient, ValidationError, malaysianToday, newIdempotencyKey } from '../src/staff.ts';
import { demoStaff, registered, staffSdk } from './support.ts';

let officer: SejahteraStaffClient;
let johor: SejahteraStaffClient;
let analyst: SejahteraStaffClient;
let agent: SejahteraStaffClient;

beforeAll(async () => {
  [officer, johor, analyst, agent] = await Promise.all(['officer', 'officer.johor', 'analyst', 'agent'].map((who) => demoStaff(`${who}@sejahtera.test`)));
});

describe('labs', () => {
  it('an officer enters results for a person in their district; the person reads their own', async () => {
    const { client, person } = await registered('Tested Person', staffSdk);
    const negative = await officer.labs.enter({ person_id: person.id, test_type: 'antigen', result: 'negative', sampled_on: malaysianToday(), laboratory: ' Klinik Kesihatan Kelana Jaya ' });
    expect(negative).toMatchObject({ person_id: person.id, test_type: 'antigen', result: 'negative', laboratory: 'Klinik Kesihatan Kelana Jaya' });
    const inconclusive = await officer.labs.enter({ person_id: person.id, test_type: 'pcr', result: 'inconclusive', sampled_on: malaysianToday() });
    expect(inconclusive.laboratory).toBeNull();

    const listed = await officer.labs.list({ person_id: person.id });
    expect(listed.map((r) => r.id).sort()).toEqual([negative.id, inconclusive.id].sort());
    expect((await client.labs.list()).map((r) => r.id).sort()).toEqual([negative.id, inconclusive.id].sort());
    expect(await client.labs.list({ limit: 1 })).toHaveLength(1);
    expect((await client.status.current()).status).not.toBe('confirmed');
  });

  it('a positive result makes the person a confirmed case, handled by the officer', async () => {
    const { client, person } = await registered('Positive Person', staffSdk);
    const result = await officer.labs.enter({ person_id: person.id, test_type: 'pcr', result: 'positive', sampled_on: malaysianToday() });
    expect((await client.status.current()).status).toBe('confirmed');
    const [kase] = await client.tracing.listCases();
    expect(kase).toMatchObject({ person_id: person.id, status: 'active', diagnosis_date: result.sampled_on, case_number: expect.stringMatching(/^LAB-/) });
    expect((await officer.tracing.getCase(kase.id)).id).toBe(kase.id);
  });

  it('a result is stored once per idempotency key; a key reused for another result is refused', async () => {
    const { person } = await registered('Test Person', staffSdk);
    const idempotencyKey = newIdempotencyKey();
    const input = { person_id: person.id, test_type: 'antigen', result: 'negative', sampled_on: malaysianToday() } as const;
    const first = await officer.labs.enter(input, { idempotencyKey });
    expect(await officer.labs.enter(input, { idempotencyKey })).toEqual(first);
    await expect(officer.labs.enter({ ...input, result: 'positive' }, { idempotencyKey })).rejects.toBeInstanceOf(ConflictError);
    expect(await officer.labs.list({ person_id: person.id })).toEqual([first]);
  });

  it('bad input is ValidationError per field, before any request', async () => {
    const { person } = await registered('Test Person', staffSdk);
    const error = await officer.labs
      // @ts-expect-error: not a test type
      .enter({ person_id: person.id, test_type: 'culture', result: 'positive', sampled_on: '2999-01-01' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(Object.keys((error as ValidationError).fields).sort()).toEqual(['sampled_on', 'test_type']);
    await expect(officer.labs.list({ person_id: 'someone' })).rejects.toBeInstanceOf(ValidationError);
  });

  it('only officers tracing the person enter results: not another district\'s, an analyst, an agent or the person', async () => {
    const { client, person } = await registered('Test Person', staffSdk);
    const input = { person_id: person.id, test_type: 'pcr', result: 'negative', sampled_on: malaysianToday() } as const;
    for (const who of [johor, analyst, agent, client]) {
      await expect(who.labs.enter(input)).rejects.toMatchObject({ name: 'PermissionError', status: 403 });
    }
    const entered = await officer.labs.enter(input);
    for (const who of [johor, analyst, agent, (await registered('Stranger', staffSdk)).client]) {
      expect(await who.labs.list({ person_id: person.id })).toEqual([]);
    }
    expect((await client.labs.list()).map((r) => r.id)).toEqual([entered.id]);
    await expect(staffSdk().labs.enter(input)).rejects.toBeInstanceOf(AuthError);
    await expect(staffSdk().labs.list({ person_id: person.id })).rejects.toBeInstanceOf(AuthError);
  });
});
