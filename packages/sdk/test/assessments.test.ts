/** sejahtera.assessments: the questionnaire, and declarations judged by the database through submit_assessment. */
import { describe, expect, it } from 'vitest';
import { randomInt, randomUUID } from 'node:crypto';
import { AuthError, NotFoundError, PermissionError, ValidationError } from '../src/index.ts';
import { answers, demo, registered, sdk, signedIn } from './support.ts';

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

  it('a published version by its id (the one an assessment answered), in either language; a draft or unknown id is not found', async () => {
    const { client } = await registered();
    const current = await client.assessments.questionnaire({ language: 'en' });
    const assessment = await client.assessments.submit({ answers: await answers(client) });
    expect(assessment.questionnaire_id).toBe(current.id);
    expect(await client.assessments.questionnaire({ id: assessment.questionnaire_id, language: 'en' })).toEqual(current);
    const ms = await client.assessments.questionnaire({ id: current.id, language: 'ms' });
    expect(ms).toMatchObject({ id: current.id, version: current.version, language: 'ms' });
    expect(ms.questions.map((q) => q.code)).toEqual(current.questions.map((q) => q.code));
    expect(ms.title).not.toBe(current.title);

    // An administrator's draft (unpublished, so no one's current questionnaire) is not found by its id either.
    const admin = await demo('admin@sejahtera.test');
    const { data: draft, error } = await admin.supabase
      .from('questionnaires')
      .insert({ version: 100_000 + randomInt(1_000_000), title: { ms: 'Draf ujian', en: 'Test draft' } })
      .select('id')
      .single();
    expect(error).toBeNull();
    try {
      await expect(client.assessments.questionnaire({ id: draft!.id })).rejects.toBeInstanceOf(NotFoundError);
    } finally {
      await admin.supabase.from('questionnaires').delete().eq('id', draft!.id);
    }
    await expect(client.assessments.questionnaire({ id: randomUUID() })).rejects.toMatchObject({ code: 'not_found', status: 404 });
    const bad = await client.assessments.questionnaire({ id: 'version-1' }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(ValidationError);
    expect((bad as ValidationError).issues).toEqual([{ field: 'id', code: 'invalid_id', message: 'must be an id (a uuid)' }]);
    await expect(sdk().assessments.questionnaire({ id: current.id })).rejects.toBeInstanceOf(AuthError);
  });

  it('due: oneself first, then each dependent, whose declaration is still to be made today, and when the last was', async () => {
    const { client, person } = await registered('Guardian Due');
    const { person: zara } = await client.dependents.add({ full_name: 'Zara Due', relationship: 'child' });
    const { person: abu } = await client.dependents.add({ full_name: 'Abu Due', relationship: 'parent' });
    const fresh = { kind: 'day0', due: true, declared_today: false, last_declared_at: null };
    expect(await client.assessments.due()).toEqual([
      { person_id: person.id, full_name: 'Guardian Due', relationship: null, ...fresh },
      { person_id: abu.id, full_name: 'Abu Due', relationship: 'parent', ...fresh },
      { person_id: zara.id, full_name: 'Zara Due', relationship: 'child', ...fresh },
    ]);

    await client.assessments.submit({ answers: await answers(client) });
    await client.assessments.submit({ person_id: zara.id, answers: await answers(client) });
    // Abu's, held offline since 30 hours ago: always yesterday's or earlier, so today's is still due.
    const earlier = new Date(Date.now() - 30 * 3600_000).toISOString();
    await client.assessments.submit({ person_id: abu.id, answers: await answers(client), declared_at: earlier });
    const due = await client.assessments.due();
    expect(due.map((p) => [p.full_name, p.kind, p.due, p.declared_today])).toEqual([
      ['Guardian Due', 'daily', false, true],
      ['Abu Due', 'daily', true, false],
      ['Zara Due', 'daily', false, true],
    ]);
    expect(Date.parse(due[1].last_declared_at!)).toBe(Date.parse(earlier));

    // Nobody else's, and nothing signed out or before a profile.
    const stranger = await registered('Stranger Due');
    expect((await stranger.client.assessments.due()).map((p) => p.person_id)).toEqual([stranger.person.id]);
    expect(await (await signedIn()).client.assessments.due()).toEqual([]);
    await expect(sdk().assessments.due()).rejects.toMatchObject({ code: 'not_signed_in' });
  });
});

