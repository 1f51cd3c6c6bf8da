import * as z from 'zod/mini';
import { NotFoundError } from '../lib/errors.ts';
import { newIdempotencyKey } from '../lib/idempotency.ts';
import { localize } from '../lib/localize.ts';
import type { RequestOptions, SubmitOptions, Transport } from '../lib/Transport.ts';
import { type SubmitAssessmentInput, idempotencyKeySchema, submitAssessmentSchema } from '../schemas/assessments.ts';
import { idSchema, languageSchema } from '../schemas/common.ts';
import type { Assessment, Language, Questionnaire } from '../types.ts';

/** Health declarations: the day-0 declaration and the daily self-assessment, judged by the database. */
export class Assessments {
  private readonly transport: Transport;

  constructor(transport: Transport) {
    this.transport = transport;
  }

  /**
   * The current questionnaire, its questions in order, in a language (default: the client's; a missing
   * translation falls back to English). Throws AuthError `not_signed_in`, NotFoundError (none published).
   *
   * @example
   * ```ts
   * const { id, questions } = await sejahtera.assessments.questionnaire({ language: 'en' });
   * questions[0].text; // "Do you have a cough?"
   * ```
   */
  async questionnaire(params: { language?: Language } = {}, options: RequestOptions = {}): Promise<Questionnaire> {
    const language = this.transport.parse(z.optional(languageSchema), params.language) ?? this.transport.language;
    const row = await this.transport.requestOne(
      'safe',
      (signal) =>
        this.transport.supabase
          .from('questionnaires')
          .select('id, version, title, questions(code, position, kind, symptom_group, text)')
          .not('published_at', 'is', null)
          .order('version', { ascending: false })
          .limit(1)
          .abortSignal(signal)
          .maybeSingle(),
      options,
      () => new NotFoundError('No questionnaire is published'),
    );
    return {
      id: row.id,
      version: row.version,
      language,
      title: localize(row.title, language),
      questions: [...row.questions]
        .sort((a, b) => a.position - b.position)
        .map((q) => ({ code: q.code, position: q.position, kind: q.kind, symptom_group: q.symptom_group, text: localize(q.text, language) })),
    };
  }

  /**
   * Submits a declaration for the signed-in user (or a dependent, by `person_id`) and returns it as the
   * database judged it: `kind` (day0 first, then daily), `symptomatic`, `exposed`, `classification`.
   * Carries an idempotency key (generated unless given): a retry with the same key returns the first
   * submission and stores nothing twice, so failed attempts are retried safely.
   * Throws ValidationError (`answers`: unknown question, missing answer), PermissionError (`person_id`
   * is neither yours nor your dependent's), NotFoundError (no profile yet), AuthError.
   *
   * @example
   * ```ts
   * const { questions } = await sejahtera.assessments.questionnaire();
   * const answers = Object.fromEntries(questions.map((q) => [q.code, false]));
   * const assessment = await sejahtera.assessments.submit({ answers }, { idempotencyKey: crypto.randomUUID() });
   * assessment.classification; // "low_risk"
   * ```
   */
  async submit(input: SubmitAssessmentInput, options: SubmitOptions = {}): Promise<Assessment> {
    const { person_id, answers, questionnaire_id, declared_at } = this.transport.parse(submitAssessmentSchema, input);
    const idempotency_key = options.idempotencyKey === undefined ? newIdempotencyKey() : this.transport.parse(idempotencyKeySchema, options.idempotencyKey);
    const person = await this.transport.personId(person_id, options);
    return this.transport.requestOne(
      'safe',
      (signal) =>
        this.transport.supabase.rpc('submit_assessment', { person_id: person, answers, idempotency_key, questionnaire_id, declared_at }).abortSignal(signal),
      options,
      () => new NotFoundError('The declaration was not stored'),
    );
  }

  /**
   * A person's declarations, newest first (default: the signed-in user's own; at most `limit`, default 30).
   * Another person's come back empty: they are not yours to see. Throws AuthError, NotFoundError (no profile yet).
   *
   * @example
   * ```ts
   * const [latest] = await sejahtera.assessments.list({ limit: 1 });
   * ```
   */
  async list(params: { person_id?: string; limit?: number } = {}, options: RequestOptions = {}): Promise<Assessment[]> {
    const personId = params.person_id === undefined ? undefined : this.transport.parse(idSchema, params.person_id);
    const limit = Math.min(Math.max(1, Math.trunc(params.limit ?? 30)), 1000);
    const person = await this.transport.personId(personId, options);
    const rows = await this.transport.request(
      'safe',
      (signal) =>
        this.transport.supabase
          .from('assessments')
          .select('*')
          .eq('person_id', person)
          // By when each was made (a declaration held offline arrives late), then by arrival.
          .order('submitted_at', { ascending: false })
          .order('seq', { ascending: false })
          .limit(limit)
          .abortSignal(signal),
      options,
    );
    return rows ?? [];
  }
}
