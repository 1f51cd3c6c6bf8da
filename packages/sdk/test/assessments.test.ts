/** sejahtera.assessments: the questionnaire, and declarations judged by the database through submit_assessment. */
import { describe, expect, it } from 'vitest';
import { AuthError, NotFoundError, PermissionError, ValidationError } from '../src/index.ts';
import { answers, registered, sdk, signedIn } from './support.ts';

describe('assessments', () => {
  it('the current questionnaire in Malay and in English, questions in order', async () => {
    const { client } = await signedIn();
    const ms = await client.assessments.questionnaire({ language: 'ms' });
    const en = await client.assessments.questionnaire({ language: 'en' });
    expect(ms.id).toBe(en.id);
    expect(en.title).toBe('Health assessment');
    expect(ms.title).toBe('Penilaian kesihatan');
    expect(en.questions.map((q) => q.position)).toEqual([...en.questions.map((q) => q.position)].sort((a, b) => a - b));
    expect(en.questions.find((q) => q.code === 'cough')).toMatchObject({ kind: 'symptom', symptom_group: 1, text: 'Do you have a cough?' });
    expect(ms.questions.find((q) => q.code === 'cough')?.text).toBe('Adakah anda batuk?');
    expect(en.questions.find((q) => q.code === 'close_contact')).toMatchObject({ kind: 'exposure', symptom_group: null });
    // No Chinese text yet: English stands in.
    expect((await client.assessments.questionnaire({ language: 'zh' })).title).toBe('Health assessment');
  });

  it('submits the day-0 declaration, then daily ones; a retry with the same idempotency key stores nothing twice', async () => {
    const { client, person } = await registered();
    const day0 = await client.assessments.submit({ answers: await answers(client) }, { idempotencyKey: `test-${person.id}` });
    expect(day0).toMatchObject({ person_id: person.id, kind: 'day0', symptomatic: false, exposed: false, classification: 'low_risk' });

    const retried = await client.assessments.submit({ answers: await answers(client) }, { idempotencyKey: `test-${person.id}` });
    expect(retried).toEqual(day0);
    // The same key with other answers is another declaration: refused, not answered with the first.
    await expect(client.assessments.submit({ answers: await answers(client, ['cough']) }, { idempotencyKey: `test-${person.id}` })).rejects.toMatchObject({
      name: 'ConflictError',
      message: expect.stringMatching(/^idempotency_key: already used/),
    });

    const daily = await client.assessments.submit({ answers: await answers(client, ['fever']) });
    expect(daily).toMatchObject({ kind: 'daily', symptomatic: false, classification: 'low_risk' });
    expect(daily.idempotency_key).toMatch(/^[0-9a-f-]{36}$/);
    const listed = await client.assessments.list();
    expect(listed.map((a) => a.id)).toEqual([daily.id, day0.id]);
    expect((await client.assessments.list({ limit: 1 })).map((a) => a.id)).toEqual([daily.id]);
  });

  it('symptoms and a declared exposure make a PUI, judged by the database', async () => {
    const { client } = await registered();
    const assessment = await client.assessments.submit({ answers: await answers(client, ['cough', 'close_contact']) });
    expect(assessment).toMatchObject({ symptomatic: true, exposed: true, classification: 'pui' });
  });

  it('submits for a dependent, not for anyone else', async () => {
    const guardian = await registered('Guardian');
    const { person: child } = await guardian.client.dependents.add({ full_name: 'Declared Child', relationship: 'child' });
    const forChild = await guardian.client.assessments.submit({ person_id: child.id, answers: await answers(guardian.client) });
    expect(forChild).toMatchObject({ person_id: child.id, kind: 'day0', submitted_by: guardian.userId });
    expect((await guardian.client.assessments.list({ person_id: child.id })).map((a) => a.id)).toEqual([forChild.id]);

    const stranger = await registered('Stranger');
    const denied = await stranger.client.assessments.submit({ person_id: child.id, answers: await answers(stranger.client) }).catch((e: unknown) => e);
    expect(denied).toBeInstanceOf(PermissionError);
    expect(denied).toMatchObject({ status: 403, details: { field: 'person_id' } });
    expect(await stranger.client.assessments.list({ person_id: child.id })).toEqual([]);
    const denied2 = await stranger.client.assessments.submit({ person_id: guardian.person.id, answers: await answers(stranger.client) }).catch((e: unknown) => e);
    expect(denied2).toBeInstanceOf(PermissionError);
  });

  it('answers the questionnaire does not hold, or lacks, are ValidationError on answers (from the database)', async () => {
    const { client } = await registered();
    const all = await answers(client);
    const unknown = await client.assessments.submit({ answers: { ...all, sneezing: true } }).catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(ValidationError);
    expect((unknown as ValidationError).fields.answers?.[0]).toMatch(/"sneezing" is not a question/);
    const { cough: _, ...missing } = all;
    const lacking = await client.assessments.submit({ answers: missing }).catch((e: unknown) => e);
    expect((lacking as ValidationError).fields).toEqual({ answers: ['no answer to "cough"'] });
    const shape = await client.assessments
      // @ts-expect-error: answers are true or false
      .submit({ answers: { cough: 'yes' } }, { idempotencyKey: 'short' })
      .catch((e: unknown) => e);
    expect((shape as ValidationError).fields).toEqual({ 'answers.cough': ['must be true or false'] });
    await expect(client.assessments.submit({ answers: all }, { idempotencyKey: 'short' })).rejects.toMatchObject({
      fields: { _: ['must have at least 8 characters'] },
    });
  });

  it('without a profile, declaring for oneself is NotFoundError; anon gets AuthError', async () => {
    const { client } = await signedIn();
    const error = await client.assessments.submit({ answers: await answers(client) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ details: { reason: 'no_profile' } });

    const anon = sdk();
    await expect(anon.assessments.questionnaire()).rejects.toBeInstanceOf(AuthError);
    await expect(anon.assessments.submit({ answers: { cough: false } })).rejects.toMatchObject({ code: 'not_signed_in' });
    await expect(anon.assessments.list()).rejects.toMatchObject({ code: 'not_signed_in' });
  });
});
