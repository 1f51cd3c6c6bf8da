/**
 * Staff: rows of public.staff keyed by user_id (react-admin's id), with their districts
 * (staff_districts) read and written alongside. Row-level security decides who is seen and changed:
 * administrators everyone, supervisors the officers of their state; districts only within the
 * manager's jurisdiction.
 */
import type { GetOneParams, GetOneResult, RaRecord, UpdateParams, UpdateResult } from 'react-admin';
import type { SupabaseClient } from '@supabase/supabase-js';
import type { ResourceOverrides } from './dataProvider.ts';
import { toHttpError } from './errors.ts';

const columns = 'user_id, role, full_name, state_code, active, created_at, updated_at';

async function withDistricts(client: SupabaseClient, row: Record<string, unknown>): Promise<RaRecord> {
  const { data, error } = await client.from('staff_districts').select('district_code').eq('staff_id', row.user_id as string).order('district_code');
  if (error) throw toHttpError(error);
  return { ...row, id: row.user_id as string, districts: (data ?? []).map((d) => d.district_code as string) };
}

export function staffOverrides(client: SupabaseClient): ResourceOverrides {
  return {
    async getOne<R extends RaRecord>(_resource: string, params: GetOneParams<R>): Promise<GetOneResult<R>> {
      const { data, error } = await client.from('staff').select(columns).eq('user_id', String(params.id)).maybeSingle();
      if (error) throw toHttpError(error);
      if (!data) throw toHttpError({ message: 'No such staff member that you manage', status: 404 });
      return { data: (await withDistricts(client, data)) as R };
    },
    async update<R extends RaRecord>(_resource: string, params: UpdateParams): Promise<UpdateResult<R>> {
      const id = String(params.id);
      const { role, full_name, state_code, active } = params.data as Record<string, unknown>;
      const wanted = new Set(((params.data.districts as string[] | undefined) ?? []).filter(Boolean));
      // Only officers cover districts; the others' are removed.
      if (role !== 'officer') wanted.clear();
      const { data, error } = await client
        .from('staff')
        .update({ role, full_name, state_code: state_code || null, active })
        .eq('user_id', id)
        .select(columns);
      if (error) throw toHttpError(error);
      if (!data?.length) throw toHttpError({ message: 'No such staff member that you manage', status: 404 });
      const { data: current, error: readError } = await client.from('staff_districts').select('district_code').eq('staff_id', id);
      if (readError) throw toHttpError(readError);
      const had = new Set((current ?? []).map((d) => d.district_code as string));
      const removed = [...had].filter((code) => !wanted.has(code));
      const added = [...wanted].filter((code) => !had.has(code));
      if (added.length) {
        const { error: addError } = await client.from('staff_districts').insert(added.map((district_code) => ({ staff_id: id, district_code })));
        if (addError) throw toHttpError(addError.code === '42501' ? { ...addError, message: 'districts: outside your jurisdiction' } : addError);
      }
      if (removed.length) {
        const { error: removeError } = await client.from('staff_districts').delete().eq('staff_id', id).in('district_code', removed);
        if (removeError) throw toHttpError(removeError);
      }
      return { data: (await withDistricts(client, data[0])) as R };
    },
  };
}
