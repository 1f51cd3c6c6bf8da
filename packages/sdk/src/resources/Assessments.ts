import * as z from 'zod/mini';
import { NotFoundError } from '../lib/errors.ts';
import { newIdempotencyKey } from '../lib/idempotency.ts';
import { localize } from '../lib/localize.ts';
import type { RequestOptions, SubmitOptions, Transport } from '../lib/Transport.ts';
import { type SubmitAssessmentInput, idempotencyKeySchema, submitAssessmentSchema } from '../schemas/assessments.ts';
import { idSchema, languageSchema } from '../schemas/common.ts';
import type { Assessment, DeclarationDue, DeclarationState, Language, Questionnaire } from '../types.ts';

/** Health declarations: the day-0 declaration and the daily self-assessment, judged by the database. */
export class Assessments {
  private readonly transport: Transport;

  constructor(transport: Transport) {
    this.transport = transport;
  }

  /**
   * A questionnaire, its questions in order, in a language (default: the client's; a missing translation
   * falls back to English): the current one, or the published version `id` names (an assessment's
   * `questionnaire_id`, to show the questions an older declaration answered). Throws ValidationError
   * (`id` not a uuid), NotFoundError (none published, or no published version with that id),
   * AuthError `not_signed_in`.
   *
   * @example
   * ```ts
   * const { id, questions } = await sejahtera.assessments.questionnaire({ language: 'en' });
   * questions[0].text; // "Do you have a cough?"
   * const [last] = await sejahtera.assessments.list({ limit: 1 });
   * const answered = await sejahtera.assessments.questionnaire({ id: last.questionnaire_id, language: 'en' });
   * ```
   */
  async questionnaire(params: { id?: string; language?: Language } = {}, options: RequestOptions = {}): Promise<Questionnaire> {
    const { id, language = this.transport.language } = this.transport.parse(z.object({ id: z.optional(idSchema), language: z.optional(languageSchema) }), params);
    const row = await this.transport.requestOne(
      'safe',
      (signal) => {
        const published = this.transport.supabase
          .from('questionnaires')
          .select('id, version, title, questions(code, position, kind, symptom_group, text)')
          .not('published_at', 'is', null);
        return (id === undefined ? published.order('version', { ascending: false }).limit(1) : published.eq('id', id)).abortSignal(signal).maybeSingle();
      },
      options,
      () => new NotFoundError('No such questionnaire is published', { details: { id } }),
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
   * Whether a declaration is due today (Malaysia's date) for the signed-in user and for each of their
   * dependents: the day-0 declaration not yet made, or no daily one yet today; and when the last one was.
   * Oneself first, then dependents by name. Empty before a profile is registered. Throws AuthError.
   *
   * @example
   * ```ts
   * const waiting = (await sejahtera.assessments.due()).filter((person) => person.due);
   * if (waiting.length > 0) showBanner(`Still to declare today: ${waiting.map((p) => p.full_name).join(', ')}`);
   * ```
   */
  async due(options: RequestOptions = {}): Promise<DeclarationDue[]> {
    await this.transport.userId();
    const rows = await this.transport.request(
      'safe',
      (signal) =>
        this.transport.supabase
          .from('person_status')
          .select('person_id, full_name, relationship, declaration')
          .order('full_name')
          .abortSignal(signal),
      options,
    );
    // Oneself first (a stable sort keeps the names' order).
    return (rows ?? [])
      .map(({ declaration, ...person }) => ({ ...(person as Omit<DeclarationDue, keyof DeclarationState>), ...(declaration as unknown as DeclarationState) }))
      .sort((a, b) => Number(a.relationship !== null) - Number(b.relationship !== null));
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
