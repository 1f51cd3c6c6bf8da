import * as z from 'zod/mini';
import { statusAdvice } from '../lib/advice.ts';
import { NotFoundError } from '../lib/errors.ts';
import { monitoringOf } from '../lib/personStatus.ts';
import type { RequestOptions, Transport } from '../lib/Transport.ts';
import { idSchema, languageSchema } from '../schemas/common.ts';
import type { Database } from '../database.types.ts';
import type { CurrentStatus, DeclarationState, Language, PersonStatus, RiskStatus, StatusAdvice, StatusChange } from '../types.ts';

type StatusRow = Pick<
  Database['public']['Views']['person_status']['Row'],
  'person_id' | 'status' | 'status_since' | 'symptomatic' | 'preferred_language' | 'declaration' | 'monitoring'
>;

const STATUS_COLUMNS = 'person_id, status, status_since, symptomatic, preferred_language, declaration, monitoring';

/** A person's risk status (set only by the database), its history, and what to do. */
export class Status {
  private readonly transport: Transport;

  constructor(transport: Transport) {
    this.transport = transport;
  }

  /**
   * The current status of the signed-in user (or of a dependent, by `person_id`), with its label and
   * advice in `language` (default: the person's preferred language where the SDK has it, else the
   * client's); whether today's declaration is due; and, for a contact, the monitoring period with its
   * days left and the outbreak of the case, so that apps need not work out dates themselves.
   * Throws NotFoundError (no such person of yours, or no profile yet), AuthError.
   *
   * @example
   * ```ts
   * const { status, label, advice, declaration, monitoring } = await sejahtera.status.current({ language: 'en' });
   * if (declaration.due) showBanner(declaration.kind === 'day0' ? 'Make your day-0 declaration' : 'Declare today');
   * if (monitoring?.state === 'active') console.log(`${monitoring.days_left} days of monitoring left, until ${monitoring.ends_on}`);
   * ```
   */
  async current(params: { person_id?: string; language?: Language } = {}, options: RequestOptions = {}): Promise<CurrentStatus> {
    const personId = params.person_id === undefined ? undefined : this.transport.parse(idSchema, params.person_id);
    const chosen = this.transport.parse(z.optional(languageSchema), params.language);
    const person = await this.transport.personId(personId, options);
    const row = await this.transport.requestOne(
      'safe',
      (signal) =>
        this.transport.supabase
          .from('person_status')
          .select(STATUS_COLUMNS)
          .eq('person_id', person)
          .abortSignal(signal)
          .maybeSingle(),
      options,
      () => new NotFoundError('No such person of yours', { details: { person_id: person } }),
    );
    return this.toStatus({ ...row, person_id: person }, chosen);
  }

  /**
   * The current status of everyone the signed-in user acts for, in one request: oneself first (when a
   * profile is registered), then each dependent by name, each with `full_name` and `relationship` (null
   * for oneself) besides what `current` gives. Empty before a profile or a dependent is registered.
   * Throws ValidationError (`language`), AuthError.
   *
   * @example
   * ```ts
   * for (const { full_name, label, declaration } of await sejahtera.status.list({ language: 'en' })) {
   *   console.log(full_name, label, declaration.due ? 'declaration due' : 'declared');
   * }
   * ```
   */
  async list(params: { language?: Language } = {}, options: RequestOptions = {}): Promise<PersonStatus[]> {
    const chosen = this.transport.parse(z.optional(languageSchema), params.language);
    await this.transport.userId();
    const rows = await this.transport.request(
      'safe',
      (signal) =>
        this.transport.supabase.from('person_status').select(`${STATUS_COLUMNS}, full_name, relationship`).order('full_name').abortSignal(signal),
      options,
    );
    // Oneself first (a stable sort keeps the names' order), as assessments.due lists them.
    return (rows ?? [])
      .sort((a, b) => Number(a.relationship !== null) - Number(b.relationship !== null))
      .map((row) => ({ ...this.toStatus(row, chosen), full_name: row.full_name!, relationship: row.relationship }));
  }

  /**
   * Every change of a person's status, newest first (default: the signed-in user's own; at most `limit`,
   * default 50). Another person's come back empty. Throws AuthError, NotFoundError (no profile yet).
   *
   * @example
   * ```ts
   * for (const change of await sejahtera.status.history()) console.log(change.changed_at, change.from_status, '->', change.to_status, change.reason);
   * ```
   */
  async history(params: { person_id?: string; limit?: number } = {}, options: RequestOptions = {}): Promise<StatusChange[]> {
    const personId = params.person_id === undefined ? undefined : this.transport.parse(idSchema, params.person_id);
    const limit = Math.min(Math.max(1, Math.trunc(params.limit ?? 50)), 1000);
    const person = await this.transport.personId(personId, options);
    const rows = await this.transport.request(
      'safe',
      (signal) =>
        this.transport.supabase
          .from('status_history')
          .select('*')
          .eq('person_id', person)
          .order('changed_at', { ascending: false })
          .order('id', { ascending: false })
          .limit(limit)
          .abortSignal(signal),
      options,
    );
    return rows ?? [];
  }

  /**
   * The label and advice for a status, without a request (zh and ta fall back to English).
   *
   * @example
   * ```ts
   * sejahtera.status.advice('pui', { language: 'en' }).advice; // "You have symptoms and may have been exposed. ..."
   * ```
   */
  advice(status: RiskStatus, params: { language?: Language; symptomatic?: boolean } = {}): StatusAdvice {
    return statusAdvice(status, params.language ?? this.transport.language, params.symptomatic ?? false);
  }

  /** A row of person_status as a CurrentStatus, in `chosen` (else the person's preferred language, else the client's). */
  private toStatus(row: StatusRow, chosen: Language | undefined): CurrentStatus {
    const language = chosen ?? (row.preferred_language === 'ms' || row.preferred_language === 'en' ? row.preferred_language : this.transport.language);
    // A view's columns are all nullable to the type generator; these are the person's own, never null.
    const symptomatic = row.symptomatic!;
    return {
      person_id: row.person_id!,
      since: row.status_since!,
      symptomatic,
      ...statusAdvice(row.status!, language, symptomatic),
      declaration: row.declaration as unknown as DeclarationState,
      monitoring: monitoringOf(row.monitoring, language),
    };
  }
}
