/**
 * Type-level tests of @sejahtera/sdk/staff: its client and factory, the staff namespaces (results typed from
 * the database, never any), and what the public entry leaves out.
 */
import { createClient } from '@supabase/supabase-js';
import { describe, expectTypeOf, it } from 'vitest';
import type * as z from 'zod/mini';
import * as publicEntry from '../src/index.ts';
import { type Database, createSejahtera } from '../src/index.ts';
import {
  type AddedContact,
  type Case,
  type CaseContact,
  type ContactImportReport,
  type DailyFigure,
  type DashboardSummary,
  type DataExport,
  type HighRiskArea,
  type LabResult,
  type LineList,
  type LineListCounts,
  type LineListPage,
  type Monitoring,
  type Outbreak,
  type PersonRecord,
  type RiskStatus,
  type SejahteraClient,
  type SejahteraStaffClient,
  type StaffAnnouncements,
  type StaffFeedback,
  type StaffPrivacy,
  contactImportRowSchema,
  createCaseSchema,
  createSejahteraStaff,
  enterLabResultSchema,
} from '../src/staff.ts';

declare const sejahtera: SejahteraStaffClient;
declare const publicClient: SejahteraClient;

describe('createSejahteraStaff', () => {
  it('takes what createSejahtera takes and returns the staff client, which is a client', () => {
    expectTypeOf(createSejahteraStaff({ url: 'http://127.0.0.1:54321', anonKey: 'key' })).toEqualTypeOf<SejahteraStaffClient>();
    expectTypeOf(createSejahteraStaff).toBeCallableWith({ client: createClient<Database>('http://127.0.0.1:54321', 'key') });
    expectTypeOf(createSejahteraStaff).parameters.toEqualTypeOf<Parameters<typeof createSejahtera>>();
    expectTypeOf<SejahteraStaffClient>().toExtend<SejahteraClient>();
    expectTypeOf(sejahtera.announcements).toEqualTypeOf<StaffAnnouncements>();
    expectTypeOf(sejahtera.feedback).toEqualTypeOf<StaffFeedback>();
    expectTypeOf(sejahtera.privacy).toEqualTypeOf<StaffPrivacy>();
    // @ts-expect-error: the key is required
    createSejahteraStaff({ url: 'http://127.0.0.1:54321' });
  });

  it('the public entry has neither the staff namespaces nor their schemas', () => {
    expectTypeOf(publicClient).not.toHaveProperty('tracing');
    expectTypeOf(publicClient).not.toHaveProperty('labs');
    expectTypeOf(publicClient).not.toHaveProperty('analytics');
    expectTypeOf(publicClient.privacy).not.toHaveProperty('personDetail');
    expectTypeOf(publicClient.announcements).not.toHaveProperty('create');
    expectTypeOf(publicClient.feedback).not.toHaveProperty('queue');
    expectTypeOf(publicEntry).not.toHaveProperty('createSejahteraStaff');
    expectTypeOf(publicEntry).not.toHaveProperty('createCaseSchema');
    expectTypeOf(publicEntry).not.toHaveProperty('enterLabResultSchema');
    expectTypeOf(publicEntry).not.toHaveProperty('createAnnouncementSchema');
    expectTypeOf(publicEntry).not.toHaveProperty('feedbackQueueQuerySchema');
    expectTypeOf(publicEntry).toHaveProperty('createSejahtera');
    expectTypeOf(publicEntry).toHaveProperty('announcementListQuerySchema');
  });
});

describe('tracing, labs, analytics, privacy', () => {
  it('return domain types, never any', () => {
    expectTypeOf(sejahtera.tracing.createCase).returns.resolves.toEqualTypeOf<Case>();
    expectTypeOf(sejahtera.tracing.listCases).returns.resolves.toEqualTypeOf<Case[]>();
    expectTypeOf(sejahtera.tracing.addContact).returns.resolves.toEqualTypeOf<AddedContact>();
    expectTypeOf(sejahtera.tracing.listContacts).returns.resolves.toEqualTypeOf<CaseContact[]>();
    expectTypeOf(sejahtera.tracing.importContacts).returns.resolves.toEqualTypeOf<ContactImportReport>();
    expectTypeOf(sejahtera.tracing.lineList).returns.resolves.toEqualTypeOf<LineListPage>();
    expectTypeOf(sejahtera.tracing.lineListCounts).returns.resolves.toEqualTypeOf<LineListCounts>();
    expectTypeOf(sejahtera.tracing.closeMonitoring).returns.resolves.toEqualTypeOf<Monitoring>();
    expectTypeOf(sejahtera.tracing.listOutbreaks).returns.resolves.toEqualTypeOf<Outbreak[]>();
    expectTypeOf(sejahtera.labs.enter).returns.resolves.toEqualTypeOf<LabResult>();
    expectTypeOf(sejahtera.analytics.summary).returns.resolves.toEqualTypeOf<DashboardSummary>();
    expectTypeOf(sejahtera.analytics.daily).returns.resolves.toEqualTypeOf<DailyFigure[]>();
    expectTypeOf(sejahtera.analytics.highRisk).returns.resolves.toEqualTypeOf<HighRiskArea[]>();
    expectTypeOf(sejahtera.privacy.exportMyData).returns.resolves.toEqualTypeOf<DataExport>();
    expectTypeOf(sejahtera.privacy.personDetail).returns.resolves.toEqualTypeOf<PersonRecord>();
    expectTypeOf<ContactImportReport['rows'][number]['outcome']>().toEqualTypeOf<'inserted' | 'matched' | 'already_listed' | 'rejected'>();
    expectTypeOf<LineListPage['rows'][number]['line_list']>().toEqualTypeOf<LineList>();
    expectTypeOf<DashboardSummary['people_by_status']>().toEqualTypeOf<Record<RiskStatus, number>>();
    expectTypeOf<PersonRecord>().not.toHaveProperty('identity_number');
    expectTypeOf<DataExport['persons'][number]>().not.toHaveProperty('identity_number');
    expectTypeOf<PersonRecord>().not.toBeAny();
  });

  it('take per-call options last; creations carry an idempotency key, reads a signal only', () => {
    const signal = new AbortController().signal;
    expectTypeOf(sejahtera.tracing.createCase).toBeCallableWith(
      { person_id: 'p', case_number: 'SEL-1', diagnosis_date: '2026-11-01' },
      { idempotencyKey: 'k', signal },
    );
    expectTypeOf(sejahtera.labs.enter).toBeCallableWith({ person_id: 'p', test_type: 'pcr', result: 'negative', sampled_on: '2026-11-01' }, { idempotencyKey: 'k' });
    expectTypeOf(sejahtera.tracing.importContacts).toBeCallableWith('case', [{ full_name: 'A', phone: null }], { signal });
    // @ts-expect-error: reads take no idempotency key
    sejahtera.tracing.lineList({ list: 'closed' }, { idempotencyKey: 'x' });
    // @ts-expect-error: not a line list
    sejahtera.tracing.lineList({ list: 'everyone' });
    // @ts-expect-error: not a test result
    sejahtera.labs.enter({ person_id: 'p', test_type: 'pcr', result: 'maybe', sampled_on: '2026-11-01' });
    // @ts-expect-error: not a metric
    sejahtera.analytics.daily({ metric: 'deaths', from_date: '2026-11-01', to_date: '2026-11-02' });
  });

  it('exports the schemas forms validate with', () => {
    expectTypeOf<z.input<typeof createCaseSchema>>().toHaveProperty('case_number').toEqualTypeOf<string>();
    expectTypeOf<z.output<typeof enterLabResultSchema>['result']>().toEqualTypeOf<'positive' | 'negative' | 'inconclusive'>();
    expectTypeOf<z.input<typeof contactImportRowSchema>['phone']>().toEqualTypeOf<string | null | undefined>();
  });
});
