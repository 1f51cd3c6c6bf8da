/**
 * Questionnaire versions: a new version is written as a draft (the questionnaire, then its questions),
 * and published when asked, by setting published_at (the database then derives its symptom groups
 * and exposures, and freezes it). Row-level security lets only administrators write, and only drafts.
 * If any step fails, the draft written so far is removed: nothing half-written is left behind.
 */
import type { CreateParams, CreateResult, RaRecord } from 'react-admin';
import type { SupabaseClient } from '@supabase/supabase-js';
import type { ResourceOverrides } from './dataProvider.ts';
import { toHttpError } from './errors.ts';

interface QuestionInput {
  code: string;
  kind: 'symptom' | 'exposure';
  symptom_group?: number | null;
  text: { ms: string; en: string };
}

export function questionnairesOverrides(client: SupabaseClient): ResourceOverrides {
  return {
    async create<R extends RaRecord>(_resource: string, params: CreateParams): Promise<CreateResult<R>> {
      const { version, title, questions = [], publish } = params.data as { version: number; title: { ms: string; en: string }; questions?: QuestionInput[]; publish?: boolean };
      const { data: draft, error } = await client.from('questionnaires').insert({ version, title }).select('*').single();
      if (error) throw toHttpError(error.code === '23505' ? { ...error, message: `version: version ${version} exists already` } : error);
      try {
        const rows = questions.map((q, i) => ({
          questionnaire_id: draft.id,
          code: q.code,
          position: i + 1,
          kind: q.kind,
          symptom_group: q.kind === 'symptom' ? (q.symptom_group ?? null) : null,
          text: q.text,
        }));
        if (rows.length) {
          const { error: questionsError } = await client.from('questions').insert(rows);
          if (questionsError) throw toHttpError(questionsError);
        }
        if (!publish) return { data: draft as R };
        const { data: published, error: publishError } = await client
          .from('questionnaires')
          .update({ published_at: new Date().toISOString() })
          .eq('id', draft.id)
          .select('*')
          .single();
        if (publishError) throw toHttpError(publishError);
        return { data: published as R };
      } catch (failure) {
        await client.from('questionnaires').delete().eq('id', draft.id).is('published_at', null);
        throw failure;
      }
    },
  };
}
