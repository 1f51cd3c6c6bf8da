import * as z from 'zod/mini';
import { rowIdFor, sameAsAsked } from '../lib/createOnce.ts';
import type { RequestOptions, SubmitOptions, Transport } from '../lib/Transport.ts';
import { idSchema } from '../schemas/common.ts';
import { type EnterLabResultInput, enterLabResultSchema } from '../schemas/labs.ts';
import type { LabResult } from '../tracing.types.ts';

const listSchema = z.object({
  person_id: z.optional(idSchema),
  limit: z.optional(z.int().check(z.minimum(1), z.maximum(1000))),
});

/** COVID-19 test results (PCR, antigen), entered by officers; a positive one makes the person a confirmed case. */
export class Labs {
  private readonly transport: Transport;

  constructor(transport: Transport) {
    this.transport = transport;
  }

  /**
   * Enters a test result for a person the officer traces. A positive result makes them a confirmed
   * case (handled by the officer), whose contacts can then be traced; any result is told to the person.
   * Carries an idempotency key (a uuid, which becomes the result's id; generated unless given), so a
   * retry stores it once. Throws ValidationError (per field: `sampled_on` in the future...),
   * PermissionError (not a person the caller traces, or not an officer, supervisor or administrator),
   * ConflictError (a reused key), AuthError.
   *
   * @example
   * ```ts
   * await sejahtera.labs.enter({ person_id, test_type: 'pcr', result: 'positive', sampled_on: '2026-11-26', laboratory: 'Makmal Kesihatan Awam Sungai Buloh' });
   * ```
   */
  async enter(input: EnterLabResultInput, options: SubmitOptions = {}): Promise<LabResult> {
    const row = this.transport.parse(enterLabResultSchema, input);
    const id = rowIdFor(this.transport, options);
    await this.transport.userId();
    const supabase = this.transport.supabase;
    const created = await this.transport.request(
      'safe',
      (signal) => supabase.from('lab_results').upsert({ id, ...row }, { onConflict: 'id', ignoreDuplicates: true }).select('*').abortSignal(signal),
      options,
    );
    if (created?.[0]) return created[0];
    const found = await this.transport.request(
      'safe',
      (signal) => supabase.from('lab_results').select('*').eq('id', id).abortSignal(signal).maybeSingle(),
      options,
    );
    return sameAsAsked(found, { id, ...row, laboratory: row.laboratory ?? null });
  }

  /**
   * A person's test results, latest sample first (default: the signed-in user's own; at most `limit`,
   * default 50). Results of a person the caller may not see come back empty.
   * Throws ValidationError, NotFoundError (no profile yet, when `person_id` is left out), AuthError.
   *
   * @example
   * ```ts
   * const [latest] = await sejahtera.labs.list({ person_id });
   * ```
   */
  async list(params: { person_id?: string; limit?: number } = {}, options: RequestOptions = {}): Promise<LabResult[]> {
    const { person_id, limit = 50 } = this.transport.parse(listSchema, params);
    const person = await this.transport.personId(person_id, options);
    const rows = await this.transport.request(
      'safe',
      (signal) =>
        this.transport.supabase
          .from('lab_results')
          .select('*')
          .eq('person_id', person)
          .order('sampled_on', { ascending: false })
          .order('created_at', { ascending: false })
          .limit(limit)
          .abortSignal(signal),
      options,
    );
    return rows ?? [];
  }
}
