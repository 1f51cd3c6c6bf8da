/** Type-level tests: what the compiler lets an app write, and what it infers. Run by `vitest --typecheck`. */
import { createServerClient } from '@supabase/ssr';
import { createClient } from '@supabase/supabase-js';
import { describe, expectTypeOf, it } from 'vitest';
import type * as z from 'zod/mini';
import {
  type Assessment,
  type CurrentStatus,
  type DeclarationDue,
  type DeclarationState,
  type District,
  type FieldErrorCode,
  type FieldIssue,
  type MonitoringPeriod,
  type State,
  type UpdateDependentInput,
  type UpdateProfileInput,
  fieldIssues,
  type Database,
  type Dependent,
  type Person,
  type Questionnaire,
  type RiskStatus,
  SejahteraClient,
  type SejahteraError,
  type SejahteraErrorCode,
  type StatusChange,
  type ValidationError,
  createSejahtera,
  isSejahteraError,
  isValidationError,
  registerProfileSchema,
  submitAssessmentSchema,
} from '../src/index.ts';

declare const sejahtera: SejahteraClient;

describe('createSejahtera', () => {
  it('takes a URL and key, or an existing client (typed ESM, or CommonJS through @supabase/ssr)', () => {
    expectTypeOf(createSejahtera({ url: 'http://127.0.0.1:54321', anonKey: 'key' })).toEqualTypeOf<SejahteraClient>();
    expectTypeOf(createSejahtera).toBeCallableWith({ client: createClient<Database>('http://127.0.0.1:54321', 'key') });
    const cookies = { getAll: () => [], setAll: () => {} };
    expectTypeOf(createSejahtera).toBeCallableWith({ client: createServerClient<Database>('http://127.0.0.1:54321', 'key', { cookies }) });
    expectTypeOf(createSejahtera).toBeCallableWith({ url: 'u', anonKey: 'k', retry: false, language: 'en' });
    // @ts-expect-error: the key is required
    createSejahtera({ url: 'http://127.0.0.1:54321' });
    // @ts-expect-error: not a language of the database
    createSejahtera({ url: 'u', anonKey: 'k', language: 'fr' });
    // @ts-expect-error: not a client
    createSejahtera({ client: {} });
  });

  it('exposes the client underneath, typed with the database', async () => {
    const { data } = await sejahtera.supabase.from('persons').select('id, status').single();
    expectTypeOf(data).toEqualTypeOf<{ id: string; status: RiskStatus } | null>();
  });
});

describe('namespaces', () => {
  it('return domain types, never any', () => {
    expectTypeOf(sejahtera.profile.get).returns.resolves.toEqualTypeOf<Person | null>();
    expectTypeOf(sejahtera.profile.register).returns.resolves.toEqualTypeOf<Person>();
    expectTypeOf(sejahtera.dependents.list).returns.resolves.toEqualTypeOf<Dependent[]>();
    expectTypeOf(sejahtera.dependents.remove).returns.resolves.toEqualTypeOf<'deleted' | 'unlinked'>();
    expectTypeOf(sejahtera.assessments.questionnaire).returns.resolves.toEqualTypeOf<Questionnaire>();
    expectTypeOf(sejahtera.assessments.submit).returns.resolves.toEqualTypeOf<Assessment>();
    expectTypeOf(sejahtera.status.current).returns.resolves.toEqualTypeOf<CurrentStatus>();
    expectTypeOf(sejahtera.status.history).returns.resolves.toEqualTypeOf<StatusChange[]>();
    expectTypeOf<Person>().not.toBeAny();
    expectTypeOf<Assessment['classification']>().toEqualTypeOf<RiskStatus | null>();
    expectTypeOf<CurrentStatus['status']>().toEqualTypeOf<RiskStatus>();
  });

  it('persons never carry the write-only identity number', () => {
    expectTypeOf<Person>().not.toHaveProperty('identity_number');
    expectTypeOf<Person>().toHaveProperty('identity_masked').toEqualTypeOf<string | null>();
  });

  it('take per-call options last: an idempotency key and a signal', () => {
    expectTypeOf(sejahtera.assessments.submit).toBeCallableWith({ answers: { cough: false } }, { idempotencyKey: 'key-12345678', signal: AbortSignal.timeout(1000) });
    expectTypeOf(sejahtera.profile.get).toBeCallableWith({ signal: new AbortController().signal });
    // @ts-expect-error: answers are true or false
    sejahtera.assessments.submit({ answers: { cough: 'yes' } });
    // @ts-expect-error: reads take no idempotency key
    sejahtera.profile.get({ idempotencyKey: 'x' });
    // @ts-expect-error: a relationship the database does not know
    sejahtera.dependents.add({ full_name: 'A Child', relationship: 'cousin' });
  });
});

describe('schemas', () => {
  it('infer what forms send and what the SDK sends on', () => {
    expectTypeOf<z.input<typeof registerProfileSchema>['full_name']>().toEqualTypeOf<string>();
    expectTypeOf<z.output<typeof registerProfileSchema>['preferred_language']>().toEqualTypeOf<'ms' | 'en' | 'zh' | 'ta' | undefined>();
    expectTypeOf<z.output<typeof submitAssessmentSchema>['answers']>().toEqualTypeOf<Record<string, boolean>>();
  });
});

describe('errors', () => {
  it('guards narrow unknown errors', () => {
    const error: unknown = new Error('x');
    if (isSejahteraError(error)) {
      expectTypeOf(error).toEqualTypeOf<SejahteraError>();
      expectTypeOf(error.code).toEqualTypeOf<SejahteraErrorCode>();
    }
    if (isValidationError(error)) {
      expectTypeOf(error).toEqualTypeOf<ValidationError>();
      expectTypeOf(error.fields).toEqualTypeOf<Readonly<Record<string, readonly string[]>>>();
    }
  });
});

describe('the reads the site asked for', () => {
  it('status.current carries the declaration and the monitoring period; due() a list; geography states and districts', () => {
    expectTypeOf<CurrentStatus['declaration']>().toEqualTypeOf<DeclarationState>();
    expectTypeOf<CurrentStatus['monitoring']>().toEqualTypeOf<MonitoringPeriod | null>();
    expectTypeOf<MonitoringPeriod['state']>().toEqualTypeOf<'active' | 'completed' | 'lost_to_follow_up' | 'became_case' | 'closed_by_officer'>();
    expectTypeOf<MonitoringPeriod['outbreak']>().toEqualTypeOf<{ code: string; name: string } | null>();
    expectTypeOf<DeclarationState['kind']>().toEqualTypeOf<'day0' | 'daily'>();
    expectTypeOf(sejahtera.assessments.due()).toEqualTypeOf<Promise<DeclarationDue[]>>();
    expectTypeOf<DeclarationDue['relationship']>().toEqualTypeOf<string | null>();
    expectTypeOf(sejahtera.assessments.questionnaire).toBeCallableWith({ id: 'a uuid', language: 'en' });
    expectTypeOf(sejahtera.geography.states({ language: 'en' })).toEqualTypeOf<Promise<State[]>>();
    expectTypeOf(sejahtera.geography.districts({ state_code: 'MY-10' })).toEqualTypeOf<Promise<District[]>>();
    expectTypeOf<State['kind']>().toEqualTypeOf<'state' | 'federal_territory'>();
    // @ts-expect-error: states take a language, not a state
    sejahtera.geography.states({ state_code: 'MY-10' });
  });

  it('updates: null clears an optional field, undefined leaves it; required fields cannot be null', () => {
    expectTypeOf<UpdateDependentInput['date_of_birth']>().toEqualTypeOf<string | null | undefined>();
    expectTypeOf<UpdateDependentInput['gender']>().toEqualTypeOf<'male' | 'female' | null | undefined>();
    expectTypeOf<UpdateDependentInput['district_code']>().toEqualTypeOf<string | null | undefined>();
    expectTypeOf<UpdateProfileInput['address']>().toEqualTypeOf<string | null | undefined>();
    expectTypeOf<UpdateProfileInput['phone']>().toEqualTypeOf<string | null | undefined>();
    expectTypeOf(sejahtera.dependents.update).toBeCallableWith('id', { gender: null, district_code: null });
    // @ts-expect-error: a dependent's name cannot be emptied
    sejahtera.dependents.update('id', { full_name: null });
    // @ts-expect-error: nor the relationship
    sejahtera.dependents.update('id', { relationship: null });
    // @ts-expect-error: nor one's preferred language
    sejahtera.profile.update({ preferred_language: null });
  });

  it('field issues carry a code of a known set', () => {
    expectTypeOf<FieldIssue['code']>().toEqualTypeOf<FieldErrorCode>();
    expectTypeOf<ValidationError['issues']>().toEqualTypeOf<readonly FieldIssue[]>();
    expectTypeOf<SejahteraError['issues']>().toEqualTypeOf<readonly FieldIssue[]>();
    expectTypeOf(fieldIssues(registerProfileSchema.safeParse({}).error!)).toEqualTypeOf<FieldIssue[]>();
    const code: FieldErrorCode = 'invalid_mykad';
    expectTypeOf(code).toExtend<string>();
    // @ts-expect-error: not a code the SDK gives
    const unknown: FieldErrorCode = 'bad_field';
    void unknown;
  });
});
