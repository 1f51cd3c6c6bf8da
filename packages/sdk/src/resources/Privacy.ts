import { NotFoundError } from '../lib/errors.ts';
import type { RequestOptions, Transport } from '../lib/Transport.ts';
import type { DataExport } from '../privacy.types.ts';

/**
 * Privacy (PDPA 2010): the subject-access export of everything held about the signed-in user and their
 * dependents, logged in the audit log by the database. Staff open a person's whole record through
 * `StaffPrivacy` (`@sejahtera/sdk/staff`).
 */
export class Privacy {
  /** @internal How requests are sent; shared with the staff subclass. */
  protected readonly transport: Transport;

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
}
