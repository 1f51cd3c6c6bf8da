import type { Report, ReportSubscription, ReportSummary } from '../analytics.types.ts';
import { rowIdFor } from '../lib/createOnce.ts';
import { NotFoundError } from '../lib/errors.ts';
import { insertOnce } from '../lib/insertOnce.ts';
import type { RequestOptions, SubmitOptions, Transport } from '../lib/Transport.ts';
import {
  type CreateReportSubscriptionInput,
  type ReportSection,
  type ReportsQuery,
  type UpdateReportSubscriptionInput,
  createReportSubscriptionSchema,
  reportsQuerySchema,
  updateReportSubscriptionSchema,
} from '../schemas/analytics.ts';
import { idSchema } from '../schemas/common.ts';

const SUBSCRIPTION_COLUMNS = 'id, staff_id, states, districts, sections, email, language, active, created_at, updated_at';
const SUMMARY_COLUMNS =
  'id, subscription_id, staff_id, report_date, language, sections, personal_data, status, error, generated_at, delivered_at, email_to, emailed_at, email_error';

type SubscriptionRow = Omit<ReportSubscription, 'sections' | 'language'> & { sections: string[]; language: string };

function toSubscription(row: SubscriptionRow): ReportSubscription {
  // The database admits only these sections and languages (report_subscriptions' trigger and checks).
  return { ...row, sections: row.sections as ReportSection[], language: row.language as ReportSubscription['language'] };
}

function toSummary(row: Omit<ReportSummary, 'status'> & { status: string }): ReportSummary {
  return { ...row, status: row.status as ReportSummary['status'] };
}

function noSubscription(id: string): NotFoundError {
  return new NotFoundError('No report subscription of yours with this id', { details: { id } });
}

function noReport(id: string): NotFoundError {
  return new NotFoundError('No report you may read with this id', { details: { id } });
}

function sameList(a: readonly string[] | undefined, b: readonly string[]): boolean {
  return a === undefined || [...new Set(a)].sort().join() === [...b].sort().join();
}

/**
 * Daily reports (`sejahtera.analytics.reports`): each subscribed officer, supervisor, analyst or
 * administrator gets, every morning, a report of the day before for the areas and sections they chose:
 * the day's figures and the high-risk summary, stored, downloadable as CSV and as a printable document
 * with charts, emailed, and announced by push (`report_ready`). Analysts' reports hold aggregates only;
 * the others name the people behind the high-risk figures, as their jurisdiction lets them see them.
 * Everyone sees their own subscriptions and reports; administrators see everyone's.
 */
export class Reports {
  private readonly transport: Transport;

  constructor(transport: Transport) {
    this.transport = transport;
  }

  /**
   * Subscribes the signed-in staff member to a daily report: areas within their jurisdiction (none: all
   * of it), sections (both by default), an email address (none: console and push only), a language. With
   * an `idempotencyKey` (a uuid: it becomes the subscription's id) a retried call subscribes once.
   * Throws ValidationError (per field: an unknown area, no section), PermissionError (an area outside
   * the jurisdiction; call-centre agents and the public), ConflictError, AuthError.
   *
   * @example
   * ```ts
   * const subscription = await sejahtera.analytics.reports.subscribe({ districts: ['MY-10-07'], sections: ['high_risk'], email: 'officer@moh.gov.my', language: 'ms' });
   * ```
   */
  async subscribe(input: CreateReportSubscriptionInput = {}, options: SubmitOptions = {}): Promise<ReportSubscription> {
    const fields = this.transport.parse(createReportSubscriptionSchema, input);
    const id = rowIdFor(this.transport, options);
    await this.transport.userId();
    const supabase = this.transport.supabase;
    const row = await insertOnce(
      () =>
        this.transport.requestOne(
          'safe',
          (signal) => supabase.from('report_subscriptions').insert({ id, ...fields }).select(SUBSCRIPTION_COLUMNS).abortSignal(signal).single(),
          options,
          () => noSubscription(id),
        ),
      () => this.transport.request('safe', (signal) => supabase.from('report_subscriptions').select(SUBSCRIPTION_COLUMNS).eq('id', id).abortSignal(signal).maybeSingle(), options),
      (stored) =>
        sameList(fields.sections, stored.sections) &&
        (fields.email === undefined || (fields.email?.toLowerCase() ?? null) === stored.email) &&
        (fields.language === undefined || fields.language === stored.language),
    );
    return toSubscription(row);
  }

  /**
   * The signed-in staff member's subscriptions (an administrator's: everyone's), oldest first.
   * Throws AuthError.
   *
   * @example
   * ```ts
   * for (const s of await sejahtera.analytics.reports.subscriptions()) console.log(s.sections, s.email);
   * ```
   */
  async subscriptions(options: RequestOptions = {}): Promise<ReportSubscription[]> {
    await this.transport.userId();
    const rows = await this.transport.request(
      'safe',
      (signal) => this.transport.supabase.from('report_subscriptions').select(SUBSCRIPTION_COLUMNS).order('created_at').order('id').abortSignal(signal),
      options,
    );
    return (rows ?? []).map(toSubscription);
  }

  /**
   * Changes one of the signed-in staff member's subscriptions (only the fields given).
   * Throws ValidationError, PermissionError (an area outside the jurisdiction), NotFoundError (no such
   * subscription of theirs), AuthError.
   *
   * @example
   * ```ts
   * await sejahtera.analytics.reports.updateSubscription(subscription.id, { active: false });
   * ```
   */
  async updateSubscription(id: string, input: UpdateReportSubscriptionInput, options: RequestOptions = {}): Promise<ReportSubscription> {
    const subscriptionId = this.transport.parse(idSchema, id);
    const patch = this.transport.parse(updateReportSubscriptionSchema, input);
    const user = await this.transport.userId();
    // Setting the same values again changes nothing, so it is retried like a read.
    const row = await this.transport.requestOne(
      'safe',
      (signal) =>
        this.transport.supabase.from('report_subscriptions').update(patch).eq('id', subscriptionId).eq('staff_id', user).select(SUBSCRIPTION_COLUMNS).abortSignal(signal),
      options,
      () => noSubscription(subscriptionId),
    );
    return toSubscription(row[0]);
  }

  /**
   * Removes one of the signed-in staff member's subscriptions; the reports made for it are kept.
   * Removing one already gone is not an error. Throws ValidationError, AuthError.
   *
   * @example
   * ```ts
   * await sejahtera.analytics.reports.unsubscribe(subscription.id);
   * ```
   */
  async unsubscribe(id: string, options: RequestOptions = {}): Promise<void> {
    const subscriptionId = this.transport.parse(idSchema, id);
    const user = await this.transport.userId();
    await this.transport.request(
      'safe',
      (signal) => this.transport.supabase.from('report_subscriptions').delete().eq('id', subscriptionId).eq('staff_id', user).abortSignal(signal),
      options,
    );
  }

  /**
   * The signed-in staff member's reports (an administrator's: everyone's), newest first, without their
   * content: what each is and how its delivery went. Throws ValidationError, AuthError.
   *
   * @example
   * ```ts
   * const [latest] = await sejahtera.analytics.reports.list({ limit: 1 });
   * ```
   */
  async list(query: ReportsQuery = {}, options: RequestOptions = {}): Promise<ReportSummary[]> {
    const { from_date, to_date, limit = 30 } = this.transport.parse(reportsQuerySchema, query);
    await this.transport.userId();
    const rows = await this.transport.request(
      'safe',
      (signal) => {
        let request = this.transport.supabase.from('reports').select(SUMMARY_COLUMNS);
        if (from_date) request = request.gte('report_date', from_date);
        if (to_date) request = request.lte('report_date', to_date);
        return request.order('report_date', { ascending: false }).order('generated_at', { ascending: false }).limit(limit).abortSignal(signal);
      },
      options,
    );
    return (rows ?? []).map(toSummary);
  }

  /**
   * One report with its content (the figures and the high-risk summary as generated).
   * Throws ValidationError, NotFoundError (none the caller may read), AuthError.
   *
   * @example
   * ```ts
   * const report = await sejahtera.analytics.reports.retrieve(latest.id);
   * ```
   */
  async retrieve(id: string, options: RequestOptions = {}): Promise<Report> {
    const reportId = this.transport.parse(idSchema, id);
    await this.transport.userId();
    const row = await this.transport.requestOne(
      'safe',
      (signal) => this.transport.supabase.from('reports').select(`${SUMMARY_COLUMNS}, data`).eq('id', reportId).abortSignal(signal).maybeSingle(),
      options,
      () => noReport(reportId),
    );
    const { data, ...summary } = row;
    return { ...toSummary(summary), data: (data ?? null) as Record<string, unknown> | null };
  }

  /**
   * A report as CSV (RFC 4180, CRLF line ends, one row per figure and, in reports that name people, per
   * person on each high-risk list), for spreadsheets. Throws NotFoundError (none the caller may read, or
   * not yet rendered), ValidationError, AuthError.
   *
   * @example
   * ```ts
   * const csv = await sejahtera.analytics.reports.downloadCsv(latest.id);
   * const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
   * ```
   */
  async downloadCsv(id: string, options: RequestOptions = {}): Promise<string> {
    return this.rendered(id, 'csv', options);
  }

  /**
   * A report as a self-contained HTML document with charts (no script, no external resource), readable
   * in any browser and printable on A4. Throws NotFoundError (none the caller may read, or not yet
   * rendered), ValidationError, AuthError.
   *
   * @example
   * ```ts
   * const html = await sejahtera.analytics.reports.downloadDocument(latest.id);
   * window.open(URL.createObjectURL(new Blob([html], { type: 'text/html' })));
   * ```
   */
  async downloadDocument(id: string, options: RequestOptions = {}): Promise<string> {
    return this.rendered(id, 'document', options);
  }

  private async rendered(id: string, column: 'csv' | 'document', options: RequestOptions): Promise<string> {
    const reportId = this.transport.parse(idSchema, id);
    await this.transport.userId();
    const row = await this.transport.requestOne(
      'safe',
      (signal) => this.transport.supabase.from('reports').select(`id, ${column}`).eq('id', reportId).abortSignal(signal).maybeSingle(),
      options,
      () => noReport(reportId),
    );
    const text = (row as Record<string, unknown>)[column];
    if (typeof text !== 'string') {
      throw new NotFoundError('This report has not been rendered yet (or its generation failed)', { details: { id: reportId } });
    }
    return text;
  }
}
