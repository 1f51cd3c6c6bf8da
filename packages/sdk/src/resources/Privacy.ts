import { NotFoundError } from '../lib/errors.ts';
import type { RequestOptions, Transport } from '../lib/Transport.ts';
import type { DataExport, PersonRecord } from '../privacy.types.ts';
import { idSchema } from '../schemas/common.ts';

/**
 * Privacy (PDPA 2010): the subject-access export of everything held about the signed-in user and their
 * dependents, and, for staff, a person's whole record through the audited read. Both are logged in the
 * audit log by the database.
 */
export class Privacy {
  private readonly transport: Transport;

  constructor(transport: Transport) {
    this.transport = transport;
  }

  /**
   * Everything held about the signed-in account and each of its dependents: the account, first sign-in,
   * persons (identity masked) with their declarations, status history, exposures (case number only),
   * monitoring, test results and cases; the staff record of staff; devices, notifications and feedback.
   * Logged in the audit log (a retry after a lost response is logged again). Throws AuthError.
   *
   * @example
   * ```ts
   * const data = await sejahtera.privacy.exportMyData();
   * download('my-data.json', JSON.stringify(data, null, 2));
   * ```
   */
  async exportMyData(options: RequestOptions = {}): Promise<DataExport> {
    await this.transport.userId();
    const data = await this.transport.request('safe', (signal) => this.transport.supabase.rpc('export_my_data').abortSignal(signal), options);
    if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new NotFoundError('The export returned nothing');
    return data as unknown as DataExport;
  }

  /**
   * A person's whole record, as staff open it: the person (identity masked), status history, latest 30
   * declarations, exposures, monitoring, test results and cases. Every staff read is logged in the audit
   * log (who, when, which person). Members of the public may open only their own and their dependents'.
   * Throws PermissionError (not a person the caller may see: outside the jurisdiction, or an analyst or
   * call-centre agent), ValidationError, AuthError.
   *
   * @example
   * ```ts
   * const record = await sejahtera.privacy.personDetail(personId);
   * record.status; record.monitoring[0]?.state;
   * ```
   */
  async personDetail(personId: string, options: RequestOptions = {}): Promise<PersonRecord> {
    const person_id = this.transport.parse(idSchema, personId);
    await this.transport.userId();
    const data = await this.transport.request(
      'safe',
      (signal) => this.transport.supabase.rpc('person_detail', { person_id }).abortSignal(signal),
      options,
    );
    if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new NotFoundError('person_id: no such person', { details: { person_id } });
    return data as unknown as PersonRecord;
  }
}
