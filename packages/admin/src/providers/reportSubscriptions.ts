/**
 * Daily report subscriptions: the signed-in staff member's own, through the SDK's analytics.reports
 * (its schemas check areas, sections and email; row-level security keeps each to their own).
 */
import type {
  CreateParams,
  CreateResult,
  DeleteParams,
  DeleteResult,
  GetListResult,
  GetOneParams,
  GetOneResult,
  RaRecord,
  UpdateParams,
  UpdateResult,
} from 'react-admin';
import type { SejahteraStaffClient } from '@sejahtera/sdk/staff';
import type { ResourceOverrides } from './dataProvider.ts';
import { toHttpError } from './errors.ts';

const fields = (data: Record<string, unknown>) => ({
  states: (data.states as string[] | undefined) ?? [],
  districts: (data.districts as string[] | undefined) ?? [],
  sections: data.sections as ('high_risk' | 'figures')[] | undefined,
  email: (data.email as string | undefined) || null,
  language: data.language as 'ms' | 'en' | undefined,
  active: data.active as boolean | undefined,
});

export function reportSubscriptionsOverrides(staff: SejahteraStaffClient): ResourceOverrides {
  const reports = staff.analytics.reports;
  const guard = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      throw toHttpError(error);
    }
  };
  return {
    getList: <R extends RaRecord>(): Promise<GetListResult<R>> =>
      guard(async () => {
        const data = (await reports.subscriptions()) as unknown as R[];
        return { data, total: data.length };
      }),
    getOne: <R extends RaRecord>(_resource: string, params: GetOneParams<R>): Promise<GetOneResult<R>> =>
      guard(async () => {
        const found = (await reports.subscriptions()).find((s) => s.id === String(params.id));
        if (!found) throw toHttpError({ message: 'No such subscription of yours', status: 404 });
        return { data: found as unknown as R };
      }),
    create: <R extends RaRecord>(_resource: string, params: CreateParams): Promise<CreateResult<R>> =>
      guard(async () => {
        const key = params.meta?.idempotencyKey as string | undefined;
        return { data: (await reports.subscribe(fields(params.data), key ? { idempotencyKey: key } : {})) as unknown as R };
      }),
    update: <R extends RaRecord>(_resource: string, params: UpdateParams): Promise<UpdateResult<R>> =>
      guard(async () => ({ data: (await reports.updateSubscription(String(params.id), fields(params.data))) as unknown as R })),
    delete: <R extends RaRecord>(_resource: string, params: DeleteParams<R>): Promise<DeleteResult<R>> =>
      guard(async () => {
        await reports.unsubscribe(String(params.id));
        return { data: (params.previousData ?? { id: params.id }) as R };
      }),
  };
}
