import { NotFoundError } from '../lib/errors.ts';
import type { RequestOptions } from '../lib/Transport.ts';
import type { PersonRecord } from '../privacy.types.ts';
import { idSchema } from '../schemas/common.ts';
import { Privacy } from './Privacy.ts';

/**
 * Privacy as staff work with it (`@sejahtera/sdk/staff`): one's own export, and a person's whole record
 * through the audited read, logged in the audit log by the database.
 */
export class StaffPrivacy extends Privacy {
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
