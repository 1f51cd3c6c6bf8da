/**
 * Persons: the list reads persons_summary (row-level security of persons applies), searched by name,
 * phone or the masked identity number's visible digits; opening one reads public.person_detail
 * through the SDK, which writes the audit log's read row. No list or reference ever reads persons
 * directly, so every officer read of a record is audited.
 */
import type { GetListParams, GetListResult, GetOneParams, GetOneResult, RaRecord } from 'react-admin';
import type { SupabaseClient } from '@supabase/supabase-js';
import type { SejahteraStaffClient } from '@sejahtera/sdk/staff';
import type { ResourceOverrides } from './dataProvider.ts';
import { toHttpError } from './errors.ts';

const sortable = new Set(['full_name', 'status', 'status_since', 'district_name', 'created_at', 'date_of_birth']);

/** Characters that would change the meaning of a PostgREST `or=(...)` filter or of an ilike pattern. */
const reserved = /[,()*%_\\:"'.]/g;

/**
 * The PostgREST `or` filter for a search text: the name contains it; if it has digits, the phone
 * contains them (a local 01x... number is matched without its leading 0, as phones are stored as
 * +601x...), and the masked identity number ends with them (only its last four digits are visible).
 */
export function personSearchFilter(text: string): string | null {
  const words = text.replace(reserved, ' ').trim().replace(/\s+/g, ' ');
  if (!words) return null;
  const alternatives = [`full_name.ilike.*${words}*`];
  const digits = text.replace(/\D/g, '');
  if (digits.length >= 3 && /^[\d\s+\-*]+$/.test(text.trim())) {
    const national = digits.replace(/^60/, '').replace(/^0/, '');
    alternatives.push(`phone.ilike.*${national}*`);
    if (digits.length <= 4) alternatives.push(`identity_masked.ilike.*${digits}`);
    else alternatives.push(`identity_masked.ilike.*${digits.slice(-4)}`);
  }
  return alternatives.join(',');
}

export function personsOverrides(client: SupabaseClient, staff: SejahteraStaffClient): ResourceOverrides {
  return {
    async getList<R extends RaRecord>(_resource: string, params: GetListParams): Promise<GetListResult<R>> {
      const { page = 1, perPage = 25 } = params.pagination ?? {};
      const field = params.sort && sortable.has(params.sort.field) ? params.sort.field : 'full_name';
      const ascending = (params.sort?.order ?? 'ASC') === 'ASC';
      const filter = params.filter ?? {};
      // An exact count, on purpose. Above db-max-rows (1,000) PostgREST's `count=estimated` answers the
      // planner's guess, as `planned` does, and the planner does not know row-level security's outcome:
      // at 100,062 synthetic persons every role was told 93,808, the officer who sees 6,139 included. It
      // saves little: the first page through the API took 108-127 ms exact, 87-101 ms estimated, by role
      // (the policies no longer run per row; supabase/tests/synthetic/persons-list.ts for the SQL side).
      let query = client.from('persons_summary').select('*', { count: 'exact' });
      const search = typeof filter.q === 'string' ? personSearchFilter(filter.q) : null;
      if (search) query = query.or(search);
      if (filter.status) query = Array.isArray(filter.status) ? query.in('status', filter.status) : query.eq('status', filter.status);
      if (filter.district_code) query = query.eq('district_code', filter.district_code);
      if (filter.state_code) query = query.eq('state_code', filter.state_code);
      // A search puts null names at the other end than the persons (full_name, id) index does (first when
      // ascending, last when descending): the same order, as full_name is never null, but not one the
      // index gives, so the planner does not walk it testing every row against the search (see the
      // console migration). The first page by name walks the index; a search scans and sorts.
      query = query
        .order(field, { ascending, ...(search && field === 'full_name' ? { nullsFirst: ascending } : {}) })
        .order('id', { ascending: true });
      const from = (page - 1) * perPage;
      const { data, error, count } = await query.range(from, from + perPage - 1);
      if (error) throw toHttpError(error);
      return { data: (data ?? []) as R[], total: count ?? 0 };
    },
    async getOne<R extends RaRecord>(_resource: string, params: GetOneParams<R>): Promise<GetOneResult<R>> {
      try {
        const record = await staff.privacy.personDetail(String(params.id));
        return { data: record as unknown as R };
      } catch (error) {
        throw toHttpError(error);
      }
    },
  };
}
