/**
 * The console's data provider: ra-supabase's (PostgREST through the shared supabase-js client) for
 * every resource, with per-resource overrides where a resource needs more than plain table access,
 * and custom methods for what is not CRUD (RPCs and edge functions, through the SDK).
 *
 * Conventions for resources added later:
 * - a list (and references to the resource) reads the resource's `*_summary` view: add it to `listViews` below;
 * - a resource whose reads or writes must go through an RPC (audit, validation in SQL) gets a file
 *   `providers/<resource>.ts` exporting a `ResourceOverrides` and an entry in `overrides` below;
 * - other actions (import, close monitoring...) are custom methods on `SejahteraDataProvider`, called
 *   in components with `useDataProvider<SejahteraDataProvider>()` and react-query's useMutation.
 */
import type { DataProvider } from 'react-admin';
import { supabaseDataProvider } from 'ra-supabase';
import type { SupabaseClient } from '@supabase/supabase-js';
import type {
  AnnouncementRecord,
  AnnouncementTarget,
  DailyFigure,
  DashboardDailyQuery,
  DashboardSummary,
  DashboardSummaryQuery,
  FeedbackMessage,
  FeedbackThread,
  FeedbackTicket,
  HighRiskArea,
  HighRiskQuery,
  ReportSummary,
  SejahteraStaffClient,
} from '@sejahtera/sdk/staff';
import type {
  Case,
  ContactImportPreview,
  ContactImportReport,
  ContactImportRowInput,
  ContactMatch,
  ContactMatchQuery,
  LineListCounts,
  Monitoring,
} from '@sejahtera/sdk/staff';
import { SUPABASE_ANON_KEY, SUPABASE_URL } from '../config.ts';
import { personsOverrides } from './persons.ts';
import { casesOverrides, contactsOverrides, labResultsOverrides, monitoringOverrides, tracingMethods } from './tracing.ts';
import { announcementMethods, announcementsOverrides } from './announcements.ts';
import { reportSubscriptionsOverrides } from './reportSubscriptions.ts';
import { staffOverrides } from './staff.ts';
import { questionnairesOverrides } from './questionnaires.ts';
import { toHttpError } from './errors.ts';

/** The standard methods a resource may override. */
export type ResourceOverrides = Partial<Pick<DataProvider, 'getList' | 'getOne' | 'getMany' | 'getManyReference' | 'create' | 'update' | 'delete'>>;

/** Resources whose lists and references (getList, getMany, getManyReference) read a view rather than the table of their name. */
const listViews: Record<string, string> = {
  persons: 'persons_summary',
  cases: 'cases_summary',
  contacts: 'contacts_summary',
  monitoring: 'monitoring_summary',
  lab_results: 'lab_results_summary',
  feedback_tickets: 'feedback_ticket_summary',
};
const viewMethods = new Set(['getList', 'getMany', 'getManyReference']);

/** The console's own methods beyond CRUD. */
export interface SejahteraMethods {
  /** A person's full record (status history, assessments, contacts, cases, lab results), audited. */
  personDetail(personId: string): Promise<Record<string, unknown>>;
  /** Closes an active case as recovered, deceased or closed, with the officer's reason (SQL: public.close_case). */
  closeCase(caseId: string, status: 'recovered' | 'deceased' | 'closed', reason?: string): Promise<Case>;
  /** Whether the contact being typed matches an existing person, as far as the officer may see (SQL: public.match_contact). */
  matchContact(caseId: string, query: ContactMatchQuery): Promise<ContactMatch>;
  /** What importing these rows would do, nothing written (SQL: public.preview_contact_import). */
  previewImport(caseId: string, rows: ContactImportRowInput[]): Promise<ContactImportPreview>;
  /** Imports a case's contacts in one set-based call (SQL: public.import_contacts). */
  importContacts(caseId: string, rows: ContactImportRowInput[]): Promise<ContactImportReport>;
  /** How many monitoring periods are on each line list (SQL: public.monitoring_list_counts). */
  lineListCounts(): Promise<LineListCounts>;
  /** A symptomatic contact's report reviewed (SQL: public.mark_monitoring_reviewed). */
  markReviewed(monitoringId: string): Promise<Monitoring>;
  /** An attempt to reach a contact, counted (SQL: public.record_contact_attempt). */
  recordContactAttempt(monitoringId: string): Promise<Monitoring>;
  /** A monitoring period closed early with a reason (SQL: public.close_monitoring). */
  closeMonitoring(monitoringId: string, reason: string): Promise<Monitoring>;
  /** The dashboard's figures for a range and area (SQL: public.dashboard_summary). */
  dashboardSummary(query: DashboardSummaryQuery): Promise<DashboardSummary>;
  /** One metric day by day (SQL: public.dashboard_daily). */
  dashboardDaily(query: DashboardDailyQuery): Promise<DailyFigure[]>;
  /** High-risk profiles per state or district (SQL: public.high_risk_summary). */
  highRisk(query: HighRiskQuery): Promise<HighRiskArea[]>;
  /** Publishes a draft announcement to its audience, once (publishing again changes nothing). */
  publishAnnouncement(id: string): Promise<AnnouncementRecord>;
  /** About how many people an announcement for this audience would reach now (SQL: public.announcement_audience_estimate). */
  announcementAudience(target: AnnouncementTarget): Promise<number>;
  /** A feedback ticket and its messages, oldest first. */
  feedbackThread(ticketId: string): Promise<FeedbackThread>;
  /** An agent's reply on a ticket (the sender is notified by the database); one message per idempotency key. */
  feedbackReply(ticketId: string, message: string, idempotencyKey?: string): Promise<FeedbackMessage>;
  /** Sets a ticket's status: open, answered or closed. */
  feedbackSetStatus(ticketId: string, status: FeedbackTicket['status']): Promise<FeedbackTicket>;
  /** The signed-in staff member's daily reports, newest first. */
  reports(): Promise<ReportSummary[]>;
  /** A daily report rendered as CSV or as its document (HTML). */
  reportDownload(id: string, kind: 'csv' | 'document'): Promise<string>;
}

export type SejahteraDataProvider = DataProvider & SejahteraMethods;

export function createDataProvider(client: SupabaseClient, staff: SejahteraStaffClient): SejahteraDataProvider {
  const base = supabaseDataProvider({
    instanceUrl: SUPABASE_URL,
    apiKey: SUPABASE_ANON_KEY,
    supabaseClient: client,
    // Reference tables keyed by a code: react-admin's `id` is that code.
    primaryKeys: new Map([
      ['states', ['code']],
      ['districts', ['code']],
      ['monitoring_summary', ['monitoring_id']],
      ['staff', ['user_id']],
      ['questions', ['questionnaire_id', 'code']],
    ]),
  });
  const overrides: Record<string, ResourceOverrides> = {
    persons: personsOverrides(client, staff),
    cases: casesOverrides(client, staff),
    contacts: contactsOverrides(client, staff),
    monitoring: monitoringOverrides(client),
    lab_results: labResultsOverrides(client, staff),
    announcements: announcementsOverrides(staff),
    staff: staffOverrides(client, staff),
    questionnaires: questionnairesOverrides(client),
    report_subscriptions: reportSubscriptionsOverrides(staff),
  };
  const sdk = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      throw toHttpError(error);
    }
  };
  const dispatch = <M extends keyof ResourceOverrides>(method: M) =>
    ((resource: string, params: unknown) => {
      const own = overrides[resource]?.[method] as ((resource: string, params: unknown) => Promise<unknown>) | undefined;
      if (own) return own(resource, params);
      const target = viewMethods.has(method) ? (listViews[resource] ?? resource) : resource;
      return (base[method] as (resource: string, params: unknown) => Promise<unknown>)(target, params);
    }) as DataProvider[M];

  return {
    ...base,
    getList: dispatch('getList'),
    getOne: dispatch('getOne'),
    getMany: dispatch('getMany'),
    getManyReference: dispatch('getManyReference'),
    create: dispatch('create'),
    update: dispatch('update'),
    delete: dispatch('delete'),
    async personDetail(personId) {
      try {
        return (await staff.privacy.personDetail(personId)) as unknown as Record<string, unknown>;
      } catch (error) {
        throw toHttpError(error);
      }
    },
    ...tracingMethods(staff),
    dashboardSummary: (query) => sdk(() => staff.analytics.summary(query)),
    dashboardDaily: (query) => sdk(() => staff.analytics.daily(query)),
    highRisk: (query) => sdk(() => staff.analytics.highRisk(query)),
    publishAnnouncement: (id) => sdk(() => staff.announcements.publish(id)),
    ...announcementMethods(staff),
    feedbackThread: (ticketId) => sdk(() => staff.feedback.get(ticketId)),
    feedbackReply: (ticketId, message, idempotencyKey) =>
      sdk(() => staff.feedback.reply(ticketId, { message }, idempotencyKey ? { idempotencyKey } : {})),
    feedbackSetStatus: (ticketId, status) => sdk(() => staff.feedback.setStatus(ticketId, status)),
    reports: () => sdk(() => staff.analytics.reports.list()),
    reportDownload: (id, kind) => sdk(() => (kind === 'csv' ? staff.analytics.reports.downloadCsv(id) : staff.analytics.reports.downloadDocument(id))),
  };
}
