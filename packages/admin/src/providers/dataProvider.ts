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
import type { SejahteraStaffClient } from '@sejahtera/sdk/staff';
import { SUPABASE_ANON_KEY, SUPABASE_URL } from '../config.ts';
import { personsOverrides } from './persons.ts';
import { toHttpError } from './errors.ts';

/** The standard methods a resource may override. */
export type ResourceOverrides = Partial<Pick<DataProvider, 'getList' | 'getOne' | 'getMany' | 'getManyReference' | 'create' | 'update' | 'delete'>>;

/** Resources whose lists and references (getList, getMany, getManyReference) read a view rather than the table of their name. */
const listViews: Record<string, string> = { persons: 'persons_summary' };
const viewMethods = new Set(['getList', 'getMany', 'getManyReference']);

/** The console's own methods beyond CRUD. */
export interface SejahteraMethods {
  /** A person's full record (status history, assessments, contacts, cases, lab results), audited. */
  personDetail(personId: string): Promise<Record<string, unknown>>;
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
    ]),
  });
  const overrides: Record<string, ResourceOverrides> = {
    persons: personsOverrides(client, staff),
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
  };
}
