/**
 * Questionnaires and rule sets are versioned data: everyone signed in reads the published versions,
 * only administrators write drafts, and a published version never changes. Also who sees first sign-ins.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { inTransaction } from './support/db.ts';
import { changedBy, visibleTo } from './support/matrix.ts';
import { buildWorld, createUser } from './support/world.ts';

const V1 = '00000000-0000-4000-8000-000000000001';
const RULES_V1 = '00000000-0000-4000-8000-000000000101';

describe('versioned questionnaires and rule sets', () => {
  it('version 1 asks the 13 questions of the 2020 declaration in Malay and English', async () => {
    await inTransaction(async (tx) => {
      const rows = await tx.query<{ code: string; kind: string; symptom_group: number | null; ms: string; en: string }>(
        `select code, kind::text, symptom_group, text ->> 'ms' as ms, text ->> 'en' as en from public.questions where questionnaire_id = $1 order by position`,
        [V1],
      );
      expect(rows.map((r) => r.code)).toEqual([
        'cough', 'breathing_difficulty', 'loss_of_smell_or_taste', 'fever', 'chills', 'body_aches', 'headache', 'sore_throat', 'diarrhoea',
        'close_contact', 'travelled_abroad', 'cluster_gathering', 'home_surveillance_order',
      ]);
      expect(rows.filter((r) => r.symptom_group === 1)).toHaveLength(3);
      expect(rows.filter((r) => r.symptom_group === 2)).toHaveLength(6);
      expect(rows.every((r) => r.ms.length > 0 && r.en.length > 0)).toBe(true);
    });
  });

  it('a published version is frozen; a new version can be drafted, filled and published, and then judges new assessments', async () => {
    await inTransaction(async (tx) => {
      const w = await buildWorld(tx);
      await tx.as(w.actors.admin);
      expect((await tx.fails(`update public.questions set text = '{"ms": "x", "en": "y"}' where questionnaire_id = $1 and code = 'cough'`, [V1])).message).toBe(
        'questions: the questionnaire is published; create a new version',
      );
      expect((await tx.fails(`update public.rule_sets set group2_threshold = 3 where id = $1`, [RULES_V1])).message).toBe(
        'version 1: a published version cannot be changed; create a new version',
      );
      expect((await tx.fails(`delete from public.questionnaires where id = $1`, [V1])).message).toBe('version 1: a published version cannot be deleted');
      // A stricter rule set: three group-2 symptoms make someone symptomatic.
      await tx.query(`insert into public.rule_sets (version, group2_threshold, published_at) values (2, 3, now())`);
      await tx.as(w.actors.aminah);
      const answers = Object.fromEntries(
        ['cough', 'breathing_difficulty', 'loss_of_smell_or_taste', 'fever', 'chills', 'body_aches', 'headache', 'sore_throat', 'diarrhoea',
         'close_contact', 'travelled_abroad', 'cluster_gathering', 'home_surveillance_order'].map((c) => [c, ['fever', 'chills'].includes(c)]),
      );
      const [judged] = await tx.query<{ symptomatic: boolean; rule_set_id: string }>(`select * from public.submit_assessment($1, $2, $3)`, [
        w.persons.aminah,
        JSON.stringify(answers),
        randomUUID(),
      ]);
      expect(judged.symptomatic).toBe(false);
      expect(judged.rule_set_id).not.toBe(RULES_V1);
    });
  });

  it('a questionnaire is published only with questions, and then judges declarations by its own', async () => {
    await inTransaction(async (tx) => {
      const w = await buildWorld(tx);
      await tx.as(w.actors.admin);
      const version = 200_000 + Math.floor(Math.random() * 1_000_000);
      const [draft] = await tx.query<{ id: string }>(`insert into public.questionnaires (version, title) values ($1, '{"ms": "Ringkas", "en": "Short"}') returning id`, [version]);
      expect((await tx.fails(`update public.questionnaires set published_at = now() where id = $1`, [draft.id])).message).toBe(
        'published_at: a questionnaire is published once its questions are in',
      );
      await tx.query(
        `insert into public.questions (questionnaire_id, code, position, kind, symptom_group, text) values
           ($1, 'cough', 1, 'symptom', 1, '{"ms": "Batuk?", "en": "Cough?"}'),
           ($1, 'rash', 2, 'symptom', 2, '{"ms": "Ruam?", "en": "Rash?"}'),
           ($1, 'close_contact', 3, 'exposure', null, '{"ms": "Kontak rapat?", "en": "Close contact?"}')`,
        [draft.id],
      );
      await tx.query(`update public.questionnaires set published_at = now() where id = $1`, [draft.id]);
      await tx.as(w.actors.aminah);
      const submit = (answers: Record<string, unknown>) =>
        tx.query<{ symptomatic: boolean; exposed: boolean; questionnaire_id: string }>(`select * from public.submit_assessment($1, $2, $3, $4)`, [
          w.persons.aminah,
          JSON.stringify(answers),
          randomUUID(),
          draft.id,
        ]);
      const [judged] = await submit({ cough: true, rash: false, close_contact: true });
      expect(judged).toMatchObject({ symptomatic: true, exposed: true, questionnaire_id: draft.id });
      expect((await tx.fails(`select public.submit_assessment($1, $2, $3, $4)`, [w.persons.aminah, JSON.stringify({ cough: false, rash: false, close_contact: false, fever: true }), randomUUID(), draft.id])).message).toBe(
        `answers: "fever" is not a question of questionnaire version ${version}`,
      );
      expect((await tx.fails(`select public.submit_assessment($1, $2, $3, $4)`, [w.persons.aminah, JSON.stringify({ cough: 'yes', rash: 1, close_contact: false }), randomUUID(), draft.id])).message).toBe(
        'answers: the answer to "cough" must be true or false',
      );
      expect((await tx.fails(`select public.submit_assessment($1, $2, $3, $4)`, [w.persons.aminah, JSON.stringify({ cough: false }), randomUUID(), draft.id])).message).toBe(
        'answers: no answer to "rash", "close_contact"',
      );
      // The new version is the current one: without a version, declarations are judged by it, all no included.
      const [none] = await tx.query(`select * from public.submit_assessment($1, $2, $3)`, [
        w.persons.aminah, JSON.stringify({ cough: false, rash: false, close_contact: false }), randomUUID()]);
      expect(none).toMatchObject({ symptomatic: false, exposed: false, questionnaire_id: draft.id });
      // A device still holding version 1 declares by version 1.
      const v1 = ['cough', 'breathing_difficulty', 'loss_of_smell_or_taste', 'fever', 'chills', 'body_aches', 'headache', 'sore_throat', 'diarrhoea',
        'close_contact', 'travelled_abroad', 'cluster_gathering', 'home_surveillance_order'];
      const [held] = await tx.query(`select * from public.submit_assessment($1, $2, $3, $4)`, [
        w.persons.aminah, JSON.stringify(Object.fromEntries(v1.map((c) => [c, c === 'breathing_difficulty']))), randomUUID(), V1]);
      expect(held).toMatchObject({ symptomatic: true, exposed: false, questionnaire_id: V1 });
    });
  });

  it('refuses a question without both translations, or a symptom without a group', async () => {
    await inTransaction(async (tx) => {
      const w = await buildWorld(tx);
      await tx.as(w.actors.admin);
      const [draft] = await tx.query<{ id: string }>(`insert into public.questionnaires (version, title) values (2, '{"ms": "Draf", "en": "Draft"}') returning id`);
      const missing = await tx.fails(`insert into public.questions (questionnaire_id, code, position, kind, symptom_group, text) values ($1, 'rash', 1, 'symptom', 2, '{"ms": "Ruam?"}')`, [draft.id]);
      expect(missing.constraint).toBe('questions_text_translated');
      const ungrouped = await tx.fails(`insert into public.questions (questionnaire_id, code, position, kind, text) values ($1, 'rash', 1, 'symptom', '{"ms": "Ruam?", "en": "Rash?"}')`, [draft.id]);
      expect(ungrouped.constraint).toBe('questions_symptom_group');
    });
  });

  it('RLS: the signed-in read published versions, administrators everything; only administrators write', async () => {
    await inTransaction(async (tx) => {
      const w = await buildWorld(tx);
      await tx.asOwner();
      const [draft] = await tx.query<{ id: string }>(`insert into public.questionnaires (version, title) values (99, '{"ms": "Draf", "en": "Draft"}') returning id`);
      const rows = { published: V1, draft: draft.id };
      const seen: Record<string, unknown> = {};
      const changed: Record<string, unknown> = {};
      for (const [name, actor] of Object.entries(w.actors)) {
        seen[name] = await visibleTo(tx, actor, 'public.questionnaires', rows);
        changed[name] = await changedBy(tx, actor, 'public.questionnaires', `update public.questionnaires set title = '{"ms": "Baru", "en": "New"}' where id = $1::uuid`, { draft: draft.id });
      }
      const expectedSeen = Object.fromEntries(Object.keys(w.actors).map((n) => [n, n === 'anon' ? 'denied' : ['admin', 'service_role'].includes(n) ? ['draft', 'published'] : ['published']]));
      const expectedChanged = Object.fromEntries(Object.keys(w.actors).map((n) => [n, n === 'anon' ? 'denied' : ['admin', 'service_role'].includes(n) ? ['draft'] : []]));
      expect(seen).toEqual(expectedSeen);
      expect(changed).toEqual(expectedChanged);
    });
  });
});

describe('first sign-ins', () => {
  it('RLS: an account sees its own; administrators see all; nobody writes them', async () => {
    await inTransaction(async (tx) => {
      const w = await buildWorld(tx);
      await tx.query(`update auth.users set last_sign_in_at = now() where id in ($1, $2)`, [w.users.aminah, w.users.badrul]);
      const rows = { aminah: w.users.aminah, badrul: w.users.badrul };
      const seen: Record<string, unknown> = {};
      for (const [name, actor] of Object.entries(w.actors)) seen[name] = await visibleTo(tx, actor, 'public.first_sign_ins', rows, 'user_id');
      expect(seen).toEqual({
        anon: 'denied', service_role: ['aminah', 'badrul'], aminah: ['aminah'], badrul: ['badrul'], guardian: [], officer: [],
        officerElsewhere: [], supervisor: [], analyst: [], agent: [], admin: ['aminah', 'badrul'],
      });
      const other = await createUser(tx);
      await tx.as(w.actors.aminah);
      expect((await tx.fails(`insert into public.first_sign_ins (user_id, signed_in_at) values ($1, now())`, [other])).code).toBe('42501');
    });
  });
});
