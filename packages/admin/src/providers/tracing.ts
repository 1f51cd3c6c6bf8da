/**
 * Tracing's resources (cases, contacts, monitoring, lab_results): lists and single records read their
 * `*_summary` views (row-level security of the tables applies), writes go through the SDK, so the
 * console records a case, a contact or a result exactly as any other app would (idempotency keys,
 * the database's validation and its messages).
 */
import { type CreateParams, type CreateResult, type GetOneParams, type GetOneResult, HttpError, type RaRecord } from 'react-admin';
import type { SupabaseClient } from '@supabase/supabase-js';
import type { SejahteraStaffClient } from '@sejahtera/sdk/staff';
import type { ResourceOverrides } from './dataProvider.ts';
import { toHttpError } from './errors.ts';

/** A getOne that reads one row of `view` by `key`. */
function getOneFrom(client: SupabaseClient, view: string, key = 'id'): ResourceOverrides['getOne'] {
  return async <R extends RaRecord>(_resource: string, params: GetOneParams<R>): Promise<GetOneResult<R>> => {
    const { data, error } = await client.from(view).select('*').eq(key, String(params.id)).maybeSingle();
    if (error) throw toHttpError(error);
    if (!data) throw toHttpError({ message: 'ra.notification.item_doesnt_exist', status: 404 });
    return { data: { ...data, id: data[key] } as unknown as R };
  };
}

/** Drops the form's empty fields (react-admin sends '' or null for a blank input). */
function filled(data: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(data).filter(([, value]) => value !== '' && value !== null && value !== undefined));
}

/**
 * The SDK's field errors (ValidationError's `fields`, ConflictError's `field`) as react-admin's
 * server-side validation: `body.errors` puts each message beside its input.
 */
export function withFieldErrors(error: unknown): HttpError {
  const http = toHttpError(error);
  const e = error as { fields?: Record<string, string[]>; field?: string; message?: string };
  const errors: Record<string, string> = {};
  for (const [field, messages] of Object.entries(e.fields ?? {})) if (messages[0]) errors[field] = messages[0];
  if (e.field && e.message && !errors[e.field]) errors[e.field] = e.message.replace(/^[a-z_]+: /, '');
  if (Object.keys(errors).length === 0) return http;
  return new HttpError(http.message, http.status, { ...(http.body as object), errors });
}

async function created<R extends RaRecord>(write: () => Promise<{ id: string }>): Promise<CreateResult<R>> {
  try {
    const row = await write();
    return { data: row as unknown as R };
  } catch (error) {
    throw withFieldErrors(error);
  }
}

export function casesOverrides(client: SupabaseClient, staff: SejahteraStaffClient): ResourceOverrides {
  return {
    getOne: getOneFrom(client, 'cases_summary'),
    create: <R extends RaRecord>(_resource: string, params: CreateParams) =>
      created<R>(() => staff.tracing.createCase(filled(params.data) as Parameters<typeof staff.tracing.createCase>[0])),
  };
}

export function contactsOverrides(client: SupabaseClient, staff: SejahteraStaffClient): ResourceOverrides {
  return {
    getOne: getOneFrom(client, 'contacts_summary'),
    create: <R extends RaRecord>(_resource: string, params: CreateParams) =>
      created<R>(async () => {
        const { case_id, ...contact } = filled(params.data);
        const { outcome, contact: added } = await staff.tracing.addContact(String(case_id), contact as Parameters<typeof staff.tracing.addContact>[1]);
        return { ...added, outcome };
      }),
  };
}

export function monitoringOverrides(client: SupabaseClient): ResourceOverrides {
  return { getOne: getOneFrom(client, 'monitoring_summary', 'monitoring_id') };
}

export function labResultsOverrides(client: SupabaseClient, staff: SejahteraStaffClient): ResourceOverrides {
  return {
    getOne: getOneFrom(client, 'lab_results_summary'),
    create: <R extends RaRecord>(_resource: string, params: CreateParams) =>
      created<R>(() => staff.labs.enter(filled(params.data) as Parameters<typeof staff.labs.enter>[0])),
  };
}

/** The data provider's tracing methods beyond CRUD (see SejahteraMethods), each one SDK call. */
export function tracingMethods(staff: SejahteraStaffClient) {
  const call = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      throw toHttpError(error);
    }
  };
  return {
    closeCase: (caseId: string, status: 'recovered' | 'deceased' | 'closed', reason?: string) =>
      call(() => staff.tracing.closeCase(caseId, reason ? { status, reason } : { status })),
    matchContact: (caseId: string, query: Parameters<typeof staff.tracing.matchContact>[1]) => call(() => staff.tracing.matchContact(caseId, query)),
    previewImport: (caseId: string, rows: Parameters<typeof staff.tracing.previewImport>[1]) => call(() => staff.tracing.previewImport(caseId, rows)),
    importContacts: (caseId: string, rows: Parameters<typeof staff.tracing.importContacts>[1]) => call(() => staff.tracing.importContacts(caseId, rows)),
    lineListCounts: () => call(() => staff.tracing.lineListCounts()),
    markReviewed: (monitoringId: string) => call(() => staff.tracing.markReviewed(monitoringId)),
    recordContactAttempt: (monitoringId: string) => call(() => staff.tracing.recordContactAttempt(monitoringId)),
    closeMonitoring: (monitoringId: string, reason: string) => call(() => staff.tracing.closeMonitoring(monitoringId, reason)),
  };
}
