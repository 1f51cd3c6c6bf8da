import { ConflictError, NotFoundError, PermissionError, ValidationError, isConflictError, isPermissionError, isValidationError } from '../lib/errors.ts';
import { rowIdFor, sameAsAsked } from '../lib/createOnce.ts';
import type { RequestOptions, SubmitOptions, Transport } from '../lib/Transport.ts';
import { idSchema } from '../schemas/common.ts';
import {
  type AddContactInput,
  type CloseCaseInput,
  type ContactImportRowInput,
  type ContactMatchQuery,
  type CreateCaseInput,
  type LineList,
  type LineListQuery,
  type ListCasesQuery,
  addContactByDetailsSchema,
  addContactByPersonSchema,
  closeCaseSchema,
  closeMonitoringReasonSchema,
  contactImportRowsSchema,
  contactMatchQuerySchema,
  createCaseSchema,
  lineListQuerySchema,
  lineListSchema,
  listCasesSchema,
} from '../schemas/tracing.ts';
import type {
  AddedContact,
  Case,
  CaseContact,
  ContactImportPreview,
  ContactImportReport,
  ContactMatch,
  LineListCounts,
  LineListEntry,
  LineListPage,
  Monitoring,
  Outbreak,
} from '../tracing.types.ts';

const CASE_CONTACT_COLUMNS =
  '*, person:persons(id, full_name, identity_masked, phone, district_code, status, symptomatic), monitoring(id, state, starts_on, ends_on, last_report_at, reviewed_at, contact_attempts)' as const;

/** A row import_contacts rejected, as a ValidationError on the fields its reason names ("phone or identity_number: ..."). */
function rejectedRow(reason: string): ValidationError {
  const colon = reason.indexOf(': ');
  const fields = colon < 0 ? [] : reason.slice(0, colon).split(/, | or /).filter((field) => /^[a-z_]+$/.test(field) && field !== 'row');
  const why = colon < 0 ? reason : reason.slice(colon + 2);
  return new ValidationError(reason, Object.fromEntries(fields.map((field) => [field, [why]])));
}

function caseNotFound(id: string): NotFoundError {
  return new NotFoundError('case_id: no such case among those you may see', { details: { case_id: id } });
}

/** The database's words for a monitoring period the caller may not act on (as close_monitoring says it). */
function monitoringOutOfReach(id: string): PermissionError {
  return new PermissionError('monitoring_id: no such monitoring period in your jurisdiction', { details: { monitoring_id: id } });
}

/**
 * Contact tracing, for health officers and supervisors: confirmed cases, their contacts (one by one or
 * from a file), the monitoring line lists and what officers do on them. Row-level security keeps each
 * officer to their jurisdiction and the contacts of cases they handle; analysts, call-centre agents and
 * the public see none of it.
 */
export class Tracing {
  private readonly transport: Transport;

  constructor(transport: Transport) {
    this.transport = transport;
  }

  /**
   * Records a confirmed case of a person the officer traces; the person becomes `confirmed` and any
   * monitoring of theirs closes as `became_case`. Carries an idempotency key (a uuid, which becomes the
   * case's id; generated unless given), so a retry stores it once. Throws ValidationError (per field),
   * ConflictError (`case_number` taken, `person_id` already has an active case, a reused key),
   * PermissionError (not a person the caller traces), AuthError.
   *
   * @example
   * ```ts
   * const kase = await sejahtera.tracing.createCase({ person_id, case_number: 'SEL-2026-0042', diagnosis_date: '2026-11-20', source: 'local' });
   * ```
   */
  async createCase(input: CreateCaseInput, options: SubmitOptions = {}): Promise<Case> {
    const row = this.transport.parse(createCaseSchema, input);
    const id = rowIdFor(this.transport, options);
    await this.transport.userId();
    const supabase = this.transport.supabase;
    let created: Case[] | null;
    try {
      created = await this.transport.request(
        'safe',
        (signal) => supabase.from('cases').upsert({ id, ...row }, { onConflict: 'id', ignoreDuplicates: true }).select('*').abortSignal(signal),
        options,
      );
    } catch (error) {
      if (isConflictError(error)) {
        // Postgres leaves the key out of the details when the role may not read every column: the
        // constraint's name says which field clashes.
        if (error.field === 'person_id' || /cases_one_active_per_person/.test(error.message)) {
          throw new ConflictError('person_id: this person already has an active case', { field: 'person_id', details: error.details });
        }
        if (error.field === 'case_number' || /cases_case_number_key/.test(error.message)) {
          throw new ConflictError('case_number: is already taken', { field: 'case_number', details: error.details });
        }
      }
      throw error;
    }
    if (created?.[0]) return created[0];
    const { district_code: _, ...asked } = row;
    return sameAsAsked(await this.findCase(id, options), { id, ...asked });
  }

  /**
   * One case by its id. Throws NotFoundError (none the caller may see), ValidationError, AuthError.
   *
   * @example
   * ```ts
   * const { case_number, status } = await sejahtera.tracing.getCase(caseId);
   * ```
   */
  async getCase(caseId: string, options: RequestOptions = {}): Promise<Case> {
    const id = this.transport.parse(idSchema, caseId);
    await this.transport.userId();
    const found = await this.findCase(id, options);
    if (!found) throw caseNotFound(id);
    return found;
  }

  /**
   * Cases the caller may see (an officer: their districts' and those they handle; a supervisor: their
   * state's), newest diagnosis first, optionally by status; `limit` (default 50, at most 1000) from `offset`.
   * Throws ValidationError, AuthError.
   *
   * @example
   * ```ts
   * const active = await sejahtera.tracing.listCases({ status: 'active', limit: 20 });
   * ```
   */
  async listCases(query: ListCasesQuery = {}, options: RequestOptions = {}): Promise<Case[]> {
    const { status, limit = 50, offset = 0 } = this.transport.parse(listCasesSchema, query);
    await this.transport.userId();
    const rows = await this.transport.request(
      'safe',
      (signal) => {
        let request = this.transport.supabase.from('cases').select('*');
        if (status) request = request.eq('status', status);
        return request
          .order('diagnosis_date', { ascending: false })
          .order('id')
          .range(offset, offset + limit - 1)
          .abortSignal(signal);
      },
      options,
    );
    return rows ?? [];
  }

  /**
   * Closes an active case as recovered, deceased or closed, with the officer's reason if given (kept with
   * the case). Throws ConflictError (already closed),
   * NotFoundError (no case the caller may see), PermissionError (may see it but not change it),
   * ValidationError, AuthError.
   *
   * @example
   * ```ts
   * await sejahtera.tracing.closeCase(caseId, { status: 'closed', reason: 'Diagnosis withdrawn after a negative PCR' });
   * ```
   */
  async closeCase(caseId: string, input: CloseCaseInput, options: RequestOptions = {}): Promise<Case> {
    const id = this.transport.parse(idSchema, caseId);
    const { status, reason } = this.transport.parse(closeCaseSchema, input);
    await this.transport.userId();
    // public.close_case stamps the time itself and says why it refuses: already closed, a case the caller
    // may only see (PermissionError), or one hidden from them (not found).
    try {
      return await this.transport.requestOne(
        'unsafe',
        (signal) => this.transport.supabase.rpc('close_case', { case_id: id, status, ...(reason ? { reason } : {}) }).abortSignal(signal),
        options,
        () => caseNotFound(id),
      );
    } catch (error) {
      if (isPermissionError(error) && error.message.startsWith('case_id: no such case')) throw caseNotFound(id);
      if (isValidationError(error) && error.message.startsWith('case_id: this case is already closed')) {
        throw new ConflictError('status: the case is already closed', { field: 'status' });
      }
      throw error;
    }
  }

  /**
   * Adds one contact to a case the officer handles: a person they can already see (`person_id`), or
   * someone described by name and phone and/or identity document, who is matched to an existing person
   * by document or verified phone, else entered as a pending person and invited. Their monitoring starts
   * at once. Adding the same person again changes nothing (`already_listed`), so the call is safe to retry.
   * Throws ValidationError (per field, from the schema or the database), PermissionError (not a case the
   * caller handles, or a person they may not see), AuthError.
   *
   * @example
   * ```ts
   * const { outcome, contact } = await sejahtera.tracing.addContact(caseId, {
   *   full_name: 'Tan Ah Kow', phone: '012-345 6789', setting: 'workplace', last_exposure_date: '2026-11-25',
   * });
   * ```
   */
  async addContact(caseId: string, input: AddContactInput, options: RequestOptions = {}): Promise<AddedContact> {
    const case_id = this.transport.parse(idSchema, caseId);
    await this.transport.userId();
    if (typeof input === 'object' && input !== null && 'person_id' in input) {
      return this.addPerson(case_id, input, options);
    }
    const row = this.transport.parse(addContactByDetailsSchema, input);
    const report = await this.importContacts(case_id, [row], options);
    const result = report.rows[0];
    if (!result || result.outcome === 'rejected' || !result.contact_id) {
      throw rejectedRow(result?.reason ?? 'the contact was not added');
    }
    const contact_id = result.contact_id;
    const contact = await this.transport.requestOne(
      'safe',
      (signal) => this.transport.supabase.from('contacts').select('*').eq('id', contact_id).abortSignal(signal).maybeSingle(),
      options,
      () => new NotFoundError('The contact was not added'),
    );
    return { outcome: result.outcome, contact };
  }

  private async addPerson(case_id: string, input: unknown, options: RequestOptions): Promise<AddedContact> {
    const row = this.transport.parse(addContactByPersonSchema, input);
    const supabase = this.transport.supabase;
    // Unique per case and person: a second add (or a retry) inserts nothing, and the listed row is read back.
    const added = await this.transport.request(
      'safe',
      (signal) =>
        supabase
          .from('contacts')
          .upsert({ case_id, ...row }, { onConflict: 'case_id,person_id', ignoreDuplicates: true })
          .select('*')
          .abortSignal(signal),
      options,
    );
    if (added?.[0]) return { outcome: 'matched', contact: added[0] };
    const contact = await this.transport.requestOne(
      'safe',
      (signal) => supabase.from('contacts').select('*').eq('case_id', case_id).eq('person_id', row.person_id).abortSignal(signal).maybeSingle(),
      options,
      () => caseNotFound(case_id),
    );
    return { outcome: 'already_listed', contact };
  }

  /**
   * A case's contacts, with each person (as the caller may see them) and their monitoring, in the order
   * they were added. A case the caller may not see has none. Throws ValidationError, AuthError.
   *
   * @example
   * ```ts
   * for (const { person, monitoring } of await sejahtera.tracing.listContacts(caseId)) console.log(person?.full_name, monitoring?.state);
   * ```
   */
  async listContacts(caseId: string, options: RequestOptions = {}): Promise<CaseContact[]> {
    const id = this.transport.parse(idSchema, caseId);
    await this.transport.userId();
    const rows = await this.transport.request(
      'safe',
      (signal) =>
        this.transport.supabase.from('contacts').select(CASE_CONTACT_COLUMNS).eq('case_id', id).order('created_at').order('id').abortSignal(signal),
      options,
    );
    // One period per contact (monitoring.contact_id is unique): PostgREST embeds it as an object, the
    // generated types as a list; either way the SDK returns the period or null.
    return (rows ?? []).map(({ monitoring, ...contact }) => {
      const period: unknown = monitoring;
      return { ...contact, monitoring: (Array.isArray(period) ? period[0] : period) ?? null } as CaseContact;
    });
  }

  /**
   * Imports a case's contacts from a file's rows (as a CSV/XLSX parser gives them) in one call to
   * public.import_contacts: each row is judged by the database, matched to an existing person by
   * document or verified phone or entered as a pending person, and added with its monitoring. Bad rows
   * are reported with a reason and the good ones go in; importing the same rows again adds nothing (those
   * rows come back `already_listed`), so the call is safe to retry. Only the rows' shape is checked here.
   * Throws ValidationError (not rows of text fields, more than 20,000), PermissionError (not a case the
   * caller handles), AuthError.
   *
   * @example
   * ```ts
   * const report = await sejahtera.tracing.importContacts(caseId, rowsFromCsv);
   * for (const row of report.rows) if (row.outcome === 'rejected') console.log(row.row_number, row.reason);
   * ```
   */
  async importContacts(caseId: string, rows: ContactImportRowInput[], options: RequestOptions = {}): Promise<ContactImportReport> {
    const case_id = this.transport.parse(idSchema, caseId);
    const parsed = this.transport.parse(contactImportRowsSchema, rows);
    await this.transport.userId();
    const report = await this.transport.requestOne(
      'safe',
      (signal) => this.transport.supabase.rpc('import_contacts', { case_id, rows: parsed }).abortSignal(signal),
      options,
      () => new NotFoundError('The import returned no report'),
    );
    return report as unknown as ContactImportReport;
  }

  /**
   * What `importContacts` would do with these rows, without doing it: the database runs the same import
   * (the same rules, matching and duplicate checks) and rolls it back, so an officer sees every row's
   * outcome before committing. Rows that would be inserted carry no ids. Throws ValidationError (not rows
   * of text fields, more than 20,000), PermissionError (not a case the caller handles), AuthError.
   *
   * @example
   * ```ts
   * const preview = await sejahtera.tracing.previewImport(caseId, rowsFromCsv);
   * if (preview.rejected === 0) await sejahtera.tracing.importContacts(caseId, rowsFromCsv);
   * ```
   */
  async previewImport(caseId: string, rows: ContactImportRowInput[], options: RequestOptions = {}): Promise<ContactImportPreview> {
    const case_id = this.transport.parse(idSchema, caseId);
    const parsed = this.transport.parse(contactImportRowsSchema, rows);
    await this.transport.userId();
    const report = await this.transport.requestOne(
      'safe',
      (signal) => this.transport.supabase.rpc('preview_contact_import', { case_id, rows: parsed }).abortSignal(signal),
      options,
      () => new NotFoundError('The preview returned no report'),
    );
    return report as unknown as ContactImportPreview;
  }

  /**
   * Whether a contact with this phone and/or identity document would match an existing person if added to
   * the case (the import's own rules: the document by its keyed hash, else a verified phone), for a form's
   * live preview. Nothing is written. The person is described only when the caller may see them.
   * Throws ValidationError, PermissionError (not a case the caller handles), AuthError.
   *
   * @example
   * ```ts
   * const { outcome, person } = await sejahtera.tracing.matchContact(caseId, { identity_type: 'mykad', identity_number: '900101-14-5678' });
   * if (outcome === 'matched' && person?.visible) console.log(person.full_name);
   * ```
   */
  async matchContact(caseId: string, query: ContactMatchQuery, options: RequestOptions = {}): Promise<ContactMatch> {
    const case_id = this.transport.parse(idSchema, caseId);
    const typed = this.transport.parse(contactMatchQuerySchema, query);
    await this.transport.userId();
    const match = await this.transport.requestOne(
      'safe',
      (signal) =>
        this.transport.supabase
          .rpc('match_contact', {
            case_id,
            phone: typed.phone ?? undefined,
            identity_type: typed.identity_type ?? undefined,
            identity_number: typed.identity_number ?? undefined,
            nationality: typed.nationality ?? undefined,
            full_name: typed.full_name ?? undefined,
          })
          .abortSignal(signal),
      options,
      () => new NotFoundError('The match returned nothing'),
    );
    return match as unknown as ContactMatch;
  }

  /**
   * A page of one of the caller's line lists: `symptomatic` (needs review), `non_reporting` (no report
   * within the rule set's hours), `asymptomatic`, `test_advised` (PUI awaiting a result) or `closed`,
   * oldest monitoring first; `limit` (default 50, at most 1000) rows from `offset`. Only staff who trace
   * people have rows. Throws ValidationError, AuthError.
   *
   * @example
   * ```ts
   * const { rows, hasMore } = await sejahtera.tracing.lineList({ list: 'non_reporting', limit: 25 });
   * ```
   */
  async lineList(query: LineListQuery, options: RequestOptions = {}): Promise<LineListPage> {
    const { list, limit = 50, offset = 0 } = this.transport.parse(lineListQuerySchema, query);
    await this.transport.userId();
    // One row more than asked, to tell whether another page follows without counting the whole list.
    const rows = await this.transport.request(
      'safe',
      (signal) =>
        this.transport.supabase
          .from('monitoring_summary')
          .select('*')
          .eq('line_list', list)
          .order('starts_on')
          .order('monitoring_id')
          .range(offset, offset + limit)
          .abortSignal(signal),
      options,
    );
    const found = (rows ?? []) as LineListEntry[];
    return { rows: found.slice(0, limit), hasMore: found.length > limit };
  }

  /**
   * How many monitoring periods the caller may see are on each line list (0 where none).
   * Throws AuthError.
   *
   * @example
   * ```ts
   * const { symptomatic, non_reporting } = await sejahtera.tracing.lineListCounts();
   * ```
   */
  async lineListCounts(options: RequestOptions = {}): Promise<LineListCounts> {
    await this.transport.userId();
    const rows = await this.transport.request(
      'safe',
      (signal) => this.transport.supabase.from('monitoring_list_counts').select('line_list, monitored').abortSignal(signal),
      options,
    );
    const counts = Object.fromEntries(lineListSchema.options.map((list) => [list, 0])) as LineListCounts;
    for (const row of rows ?? []) if (row.line_list && row.line_list in counts) counts[row.line_list as LineList] = row.monitored ?? 0;
    return counts;
  }

  /**
   * Closes a contact's monitoring early, with a reason; their status is judged again.
   * Throws ValidationError (`reason` missing), ConflictError (already closed), PermissionError (not a
   * period the caller traces), AuthError.
   *
   * @example
   * ```ts
   * await sejahtera.tracing.closeMonitoring(monitoringId, 'PCR negative; exposure was brief and masked');
   * ```
   */
  async closeMonitoring(monitoringId: string, reason: string, options: RequestOptions = {}): Promise<Monitoring> {
    const id = this.transport.parse(idSchema, monitoringId);
    const why = this.transport.parse(closeMonitoringReasonSchema, reason);
    await this.transport.userId();
    try {
      return await this.transport.requestOne(
        'unsafe',
        (signal) => this.transport.supabase.rpc('close_monitoring', { monitoring_id: id, reason: why }).abortSignal(signal),
        options,
        () => monitoringOutOfReach(id),
      );
    } catch (error) {
      // The database says "already closed" as a failed check on monitoring_id: the period's state clashes.
      if (isValidationError(error) && error.fields.monitoring_id) {
        throw new ConflictError(error.message, { field: 'monitoring_id', details: error.details });
      }
      throw error;
    }
  }

  /**
   * Marks a symptomatic contact's latest report as reviewed, which takes them off the symptomatic list
   * until they report again. Safe to retry. Throws PermissionError (not a period the caller traces),
   * ValidationError, AuthError.
   *
   * @example
   * ```ts
   * await sejahtera.tracing.markReviewed(monitoringId);
   * ```
   */
  async markReviewed(monitoringId: string, options: RequestOptions = {}): Promise<Monitoring> {
    return this.monitoringAction('safe', 'mark_monitoring_reviewed', monitoringId, options);
  }

  /**
   * Records that the officer tried to reach a (non-reporting) contact: `contact_attempts` goes up by one.
   * Sent once, never retried. Throws PermissionError (not a period the caller traces), ValidationError, AuthError.
   *
   * @example
   * ```ts
   * const { contact_attempts } = await sejahtera.tracing.recordContactAttempt(monitoringId);
   * ```
   */
  async recordContactAttempt(monitoringId: string, options: RequestOptions = {}): Promise<Monitoring> {
    return this.monitoringAction('unsafe', 'record_contact_attempt', monitoringId, options);
  }

  /**
   * The outbreaks traced, newest first, each with the days its cases' contacts are monitored.
   * Throws AuthError.
   *
   * @example
   * ```ts
   * const [covid] = await sejahtera.tracing.listOutbreaks();
   * covid.name.en; // "COVID-19"
   * ```
   */
  async listOutbreaks(options: RequestOptions = {}): Promise<Outbreak[]> {
    await this.transport.userId();
    const rows = await this.transport.request(
      'safe',
      (signal) => this.transport.supabase.from('outbreaks').select('*').order('started_on', { ascending: false }).order('code').abortSignal(signal),
      options,
    );
    // The database guarantees a Malay and an English name (outbreaks_name_translated).
    return (rows ?? []) as Outbreak[];
  }

  private async findCase(id: string, options: RequestOptions): Promise<Case | null> {
    return this.transport.request(
      'safe',
      (signal) => this.transport.supabase.from('cases').select('*').eq('id', id).abortSignal(signal).maybeSingle(),
      options,
    );
  }

  private async monitoringAction(
    safety: 'safe' | 'unsafe',
    fn: 'mark_monitoring_reviewed' | 'record_contact_attempt',
    monitoringId: string,
    options: RequestOptions,
  ): Promise<Monitoring> {
    const id = this.transport.parse(idSchema, monitoringId);
    await this.transport.userId();
    const row = await this.transport.request(safety, (signal) => this.transport.supabase.rpc(fn, { monitoring_id: id }).abortSignal(signal), options);
    // These functions update through row-level security: a period the caller may not change is left as it
    // is and comes back as a row of nulls, not an error.
    if (!row?.id) throw monitoringOutOfReach(id);
    return row;
  }
}
