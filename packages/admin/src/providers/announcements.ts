/**
 * Announcements: listed and read from the announcements table (row-level security: staff see those
 * they may write, for their jurisdiction), written through the SDK (its schemas check the
 * translations and the audience; a retried create writes one draft). The form edits the table's own
 * columns (title.ms/en, body.ms/en, target_kind and its one target column); publishing is
 * `publishAnnouncement` on the data provider, and the composer's audience size `announcementAudience`.
 */
import type { CreateParams, CreateResult, RaRecord, UpdateParams, UpdateResult } from 'react-admin';
import type { AnnouncementRecord, AnnouncementTarget, SejahteraStaffClient } from '@sejahtera/sdk/staff';
import type { ResourceOverrides } from './dataProvider.ts';
import { toHttpError } from './errors.ts';

/** The record as the list and form see it: the table's columns. */
export function toRow(record: AnnouncementRecord): RaRecord {
  const { target, ...rest } = record;
  return {
    ...rest,
    target_kind: target.kind,
    target_state: target.kind === 'state' ? target.state : null,
    target_district: target.kind === 'district' ? target.district : null,
    target_status: target.kind === 'status' ? target.status : null,
  };
}

/** The SDK's target from the form's columns (the SDK's schema names a missing one). */
export function targetOf(data: Record<string, unknown>): AnnouncementTarget {
  switch (data.target_kind) {
    case 'state':
      return { kind: 'state', state: data.target_state as string };
    case 'district':
      return { kind: 'district', district: data.target_district as string };
    case 'status':
      return { kind: 'status', status: data.target_status as never };
    default:
      return { kind: (data.target_kind ?? 'everyone') as 'everyone' };
  }
}

const texts = (value: unknown) => {
  const v = (value ?? {}) as { ms?: string; en?: string };
  return { ms: v.ms ?? '', en: v.en ?? '' };
};

export function announcementsOverrides(staff: SejahteraStaffClient): ResourceOverrides {
  return {
    async create<R extends RaRecord>(_resource: string, params: CreateParams): Promise<CreateResult<R>> {
      try {
        const record = await staff.announcements.create(
          { title: texts(params.data.title), body: texts(params.data.body), target: targetOf(params.data) },
          params.meta?.idempotencyKey ? { idempotencyKey: params.meta.idempotencyKey as string } : {},
        );
        return { data: toRow(record) as R };
      } catch (error) {
        throw toHttpError(error);
      }
    },
    async update<R extends RaRecord>(_resource: string, params: UpdateParams): Promise<UpdateResult<R>> {
      try {
        const record = await staff.announcements.update(String(params.id), {
          title: texts(params.data.title),
          body: texts(params.data.body),
          target: targetOf(params.data),
        });
        return { data: toRow(record) as R };
      } catch (error) {
        throw toHttpError(error);
      }
    },
  };
}

/** The data provider's announcement methods beyond CRUD. */
export function announcementMethods(staff: SejahteraStaffClient) {
  return {
    /** About how many people an announcement for `target` would reach if published now (`announcements.audience`). */
    async announcementAudience(target: AnnouncementTarget): Promise<number> {
      try {
        return await staff.announcements.audience(target);
      } catch (error) {
        throw toHttpError(error);
      }
    },
  };
}
