import type { Database } from '../database.types.ts';
import { NotFoundError } from '../lib/errors.ts';
import { translationOf } from '../lib/localize.ts';
import type { RequestOptions, Transport } from '../lib/Transport.ts';
import { type AnnouncementListQuery, announcementListQuerySchema } from '../schemas/communications.ts';
import { idSchema, languageSchema } from '../schemas/common.ts';
import * as z from 'zod/mini';
import type { Language } from '../types.ts';
import type { AnnouncementTarget } from '../schemas/staffCommunications.ts';
import type { Announcement } from '../communications.types.ts';

/** A row of public.announcements. */
export type AnnouncementRow = Database['public']['Tables']['announcements']['Row'];

/** The columns read of an announcement, by its audience and by the staff who write it. */
export const ANNOUNCEMENT_COLUMNS = 'id, title, body, target_kind, target_state, target_district, target_status, created_by, created_at, updated_at, published_at';

/** An announcement's audience from its four target columns. */
export function targetOf(row: Pick<AnnouncementRow, 'target_kind' | 'target_state' | 'target_district' | 'target_status'>): AnnouncementTarget {
  if (row.target_kind === 'state' && row.target_state) return { kind: 'state', state: row.target_state };
  if (row.target_kind === 'district' && row.target_district) return { kind: 'district', district: row.target_district };
  if (row.target_kind === 'status' && row.target_status) return { kind: 'status', status: row.target_status };
  return { kind: 'everyone' };
}

/** An announcement in `language`, else in Malay (every announcement has it). */
function toAnnouncement(row: AnnouncementRow, language: Language): Announcement {
  const title = translationOf(row.title, language, ['ms']);
  const shown = title?.language ?? 'ms';
  return {
    id: row.id,
    language: shown,
    title: title?.text ?? '',
    body: translationOf(row.body, shown, ['ms'])?.text ?? '',
    target: targetOf(row),
    published_at: row.published_at ?? row.created_at,
  };
}

/**
 * Announcements, as their audience reads them: those published to everyone, or to the signed-in user's
 * or a dependent's state, district or status. Staff write and publish them through `StaffAnnouncements`
 * (`@sejahtera/sdk/staff`).
 */
export class Announcements {
  /** @internal How requests are sent; shared with the staff subclass. */
  protected readonly transport: Transport;

  constructor(transport: Transport) {
    this.transport = transport;
  }

  /**
   * The published announcements the signed-in user may see (those to everyone, to their or a dependent's
   * state, district or status), newest first, in `language` (default: the client's; else Malay).
   * Throws ValidationError, AuthError `not_signed_in`.
   *
   * @example
   * ```ts
   * for (const { title, body, published_at } of await sejahtera.announcements.list({ language: 'en' })) show(title, body, published_at);
   * ```
   */
  async list(query: AnnouncementListQuery = {}, options: RequestOptions = {}): Promise<Announcement[]> {
    const { limit = 20, language = this.transport.language } = this.transport.parse(announcementListQuerySchema, query);
    await this.transport.userId();
    const rows = await this.transport.request(
      'safe',
      (signal) =>
        this.transport.supabase
          .from('announcements')
          .select(ANNOUNCEMENT_COLUMNS)
          // Staff also see the drafts they may write: those are not announcements yet.
          .not('published_at', 'is', null)
          .order('published_at', { ascending: false })
          .order('id', { ascending: false })
          .limit(limit)
          .abortSignal(signal),
      options,
    );
    return (rows ?? []).map((row) => toAnnouncement(row, language));
  }

  /**
   * One published announcement the signed-in user may see, in `language` (default: the client's; else
   * Malay), e.g. the one a notification is about. Throws NotFoundError (none such for this user: not
   * published, not to their audiences, or no such id), ValidationError, AuthError `not_signed_in`.
   *
   * @example
   * ```ts
   * const { title, body } = await sejahtera.announcements.get(notification.data.announcement_id as string, { language: 'en' });
   * ```
   */
  async get(announcementId: string, params: { language?: Language } = {}, options: RequestOptions = {}): Promise<Announcement> {
    const id = this.transport.parse(idSchema, announcementId);
    const language = this.transport.parse(z.optional(languageSchema), params.language) ?? this.transport.language;
    await this.transport.userId();
    const row = await this.transport.requestOne(
      'safe',
      (signal) =>
        this.transport.supabase.from('announcements').select(ANNOUNCEMENT_COLUMNS).eq('id', id).not('published_at', 'is', null).abortSignal(signal).maybeSingle(),
      options,
      () => new NotFoundError('No such announcement for you', { details: { announcement_id: id } }),
    );
    return toAnnouncement(row, language);
  }
}
