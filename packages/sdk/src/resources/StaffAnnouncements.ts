import { NotFoundError, ValidationError, isPermissionError } from '../lib/errors.ts';
import { rowIdFor } from '../lib/createOnce.ts';
import { insertOnce } from '../lib/insertOnce.ts';
import type { RequestOptions, SubmitOptions } from '../lib/Transport.ts';
import { idSchema } from '../schemas/common.ts';
import {
  type AnnouncementTarget,
  type CreateAnnouncementInput,
  type OwnAnnouncementsQuery,
  type Translations,
  type UpdateAnnouncementInput,
  announcementTargetSchema,
  createAnnouncementSchema,
  ownAnnouncementsQuerySchema,
  updateAnnouncementSchema,
} from '../schemas/staffCommunications.ts';
import type { AnnouncementRecord } from '../communications.types.ts';
import { ANNOUNCEMENT_COLUMNS, type AnnouncementRow, Announcements, targetOf } from './Announcements.ts';

/** The four target columns for a target: exactly the matching one set (announcements_target_matches_kind). */
function targetColumns(target: AnnouncementTarget) {
  return {
    target_kind: target.kind,
    target_state: target.kind === 'state' ? target.state : null,
    target_district: target.kind === 'district' ? target.district : null,
    target_status: target.kind === 'status' ? target.status : null,
  };
}

function toRecord(row: AnnouncementRow): AnnouncementRecord {
  return {
    id: row.id,
    // The database admits only translations ({ms, en[, zh, ta]}) in these columns.
    title: row.title as Translations,
    body: row.body as Translations,
    target: targetOf(row),
    created_by: row.created_by,
    created_at: row.created_at,
    updated_at: row.updated_at,
    published_at: row.published_at,
  };
}

function sameJson(a: unknown, b: unknown): boolean {
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return a === b;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((key) => sameJson((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}

function notFound(id: string): NotFoundError {
  return new NotFoundError('No draft announcement that you may change', { details: { id } });
}

/**
 * Announcements as staff work with them (`@sejahtera/sdk/staff`): reading, as everyone does, and writing
 * drafts and publishing them: officers to their districts, supervisors to their state and its districts,
 * administrators to any audience. Publishing puts an announcement in its audience's inboxes and sends a
 * push, once.
 */
export class StaffAnnouncements extends Announcements {
  /**
   * The announcements the signed-in staff member wrote, drafts and published (or only one kind, by
   * `published`), newest first, with every translation. Empty for anyone who writes none.
   * Throws ValidationError, AuthError `not_signed_in`.
   *
   * @example
   * ```ts
   * const drafts = await sejahtera.announcements.listOwn({ published: false });
   * ```
   */
  async listOwn(query: OwnAnnouncementsQuery = {}, options: RequestOptions = {}): Promise<AnnouncementRecord[]> {
    const { published, limit = 50 } = this.transport.parse(ownAnnouncementsQuerySchema, query);
    const user = await this.transport.userId();
    const rows = await this.transport.request(
      'safe',
      (signal) => {
        let request = this.transport.supabase.from('announcements').select(ANNOUNCEMENT_COLUMNS).eq('created_by', user);
        if (published === true) request = request.not('published_at', 'is', null);
        if (published === false) request = request.is('published_at', null);
        return request.order('created_at', { ascending: false }).order('id', { ascending: false }).limit(limit).abortSignal(signal);
      },
      options,
    );
    return (rows ?? []).map(toRecord);
  }

  /**
   * About how many people an announcement to `target` would reach if it were published now: the accounts
   * of the persons in that place or status group, or guardians of one. Exact while fewer than 20,000
   * persons are in it, else estimated from a sample to two significant digits (a few milliseconds at
   * national scale, where an exact count takes seconds). For the audiences the caller may write to only.
   * Throws ValidationError, PermissionError (an audience outside the writer's jurisdiction, or not staff who
   * announce), AuthError.
   *
   * @example
   * ```ts
   * const people = await sejahtera.announcements.audience({ kind: 'district', district: 'MY-10-07' });
   * ```
   */
  async audience(target: AnnouncementTarget, options: RequestOptions = {}): Promise<number> {
    const { target_kind, target_state, target_district, target_status } = targetColumns(this.transport.parse(announcementTargetSchema, target));
    await this.transport.userId();
    const people = await this.transport.request(
      'safe',
      (signal) =>
        this.transport.supabase
          .rpc('announcement_audience_estimate', {
            target_kind,
            target_state: target_state ?? undefined,
            target_district: target_district ?? undefined,
            target_status: target_status ?? undefined,
          })
          .abortSignal(signal),
      options,
    );
    // The function always answers a number; null only if the call were answered empty.
    return people ?? 0;
  }

  /**
   * Writes a draft: its title and body in Malay and English (Chinese and Tamil optional), and its
   * audience. Nobody sees it until it is published. With an `idempotencyKey` (a uuid: it becomes the
   * announcement's id) a retried call writes one draft. Throws ValidationError (per field),
   * PermissionError (an audience outside the writer's jurisdiction, or not staff who announce),
   * ConflictError (`idempotencyKey` already used for another announcement), AuthError.
   *
   * @example
   * ```ts
   * const draft = await sejahtera.announcements.create({
   *   title: { ms: 'Saringan percuma', en: 'Free screening' },
   *   body: { ms: 'Saringan COVID-19 percuma di Dewan Orang Ramai SS2, Sabtu ini.', en: 'Free COVID-19 screening at the SS2 community hall this Saturday.' },
   *   target: { kind: 'district', district: 'MY-10-07' },
   * });
   * ```
   */
  async create(input: CreateAnnouncementInput, options: SubmitOptions = {}): Promise<AnnouncementRecord> {
    const { title, body, target } = this.transport.parse(createAnnouncementSchema, input);
    const id = rowIdFor(this.transport, options);
    await this.transport.userId();
    const supabase = this.transport.supabase;
    const row = await insertOnce(
      () =>
        this.transport.requestOne(
          'safe',
          (signal) => supabase.from('announcements').insert({ id, title, body, ...targetColumns(target) }).select(ANNOUNCEMENT_COLUMNS).abortSignal(signal).single(),
          options,
          () => notFound(id),
        ),
      () => this.transport.request('safe', (signal) => supabase.from('announcements').select(ANNOUNCEMENT_COLUMNS).eq('id', id).abortSignal(signal).maybeSingle(), options),
      (stored) => sameJson(stored.title, title) && sameJson(stored.body, body) && sameJson(targetOf(stored), target),
    );
    return toRecord(row);
  }

  /**
   * Changes a draft (only the fields given). Published announcements are frozen: publish a new one.
   * Throws ValidationError (per field; `published_at` when it was already published), PermissionError
   * (a new audience outside the writer's jurisdiction), NotFoundError (no such draft the caller may
   * change), AuthError.
   *
   * @example
   * ```ts
   * await sejahtera.announcements.update(draft.id, { target: { kind: 'state', state: 'MY-10' } });
   * ```
   */
  async update(id: string, input: UpdateAnnouncementInput, options: RequestOptions = {}): Promise<AnnouncementRecord> {
    const announcementId = this.transport.parse(idSchema, id);
    const { title, body, target } = this.transport.parse(updateAnnouncementSchema, input);
    await this.transport.userId();
    const supabase = this.transport.supabase;
    const patch = { ...(title && { title }), ...(body && { body }), ...(target && targetColumns(target)) };
    // Setting the same values again changes nothing, so it is retried like a read.
    const rows = await this.transport.request(
      'safe',
      (signal) => supabase.from('announcements').update(patch).eq('id', announcementId).is('published_at', null).select(ANNOUNCEMENT_COLUMNS).abortSignal(signal),
      options,
    );
    const row = rows?.[0];
    if (row) return toRecord(row);
    const published = await this.transport.request(
      'safe',
      (signal) => supabase.from('announcements').select('published_at').eq('id', announcementId).abortSignal(signal).maybeSingle(),
      options,
    );
    if (published?.published_at) {
      const reason = 'this announcement was published and can no longer be changed; publish a new one instead';
      throw new ValidationError(`published_at: ${reason}`, { published_at: [reason] }, { status: 400 });
    }
    throw notFound(announcementId);
  }

  /**
   * Publishes a draft: the database puts it, at once and once, in the inbox of everyone in its audience
   * (through their own person or a dependent), and queues their push notifications; then it is frozen.
   * Publishing again returns the announcement as it is (the fan-out happened once), so the call is
   * retried after a lost response like a read.
   * Throws NotFoundError (no draft the caller may publish), AuthError.
   *
   * @example
   * ```ts
   * const { published_at } = await sejahtera.announcements.publish(draft.id);
   * ```
   */
  async publish(id: string, options: RequestOptions = {}): Promise<AnnouncementRecord> {
    const announcementId = this.transport.parse(idSchema, id);
    await this.transport.userId();
    try {
      const row = await this.transport.requestOne(
        'safe',
        (signal) => this.transport.supabase.rpc('publish_announcement', { id: announcementId }).abortSignal(signal),
        options,
        () => notFound(announcementId),
      );
      return toRecord(row);
    } catch (error) {
      // The database refuses drafts the caller may not see as forbidden; whether one exists is not theirs to learn.
      if (isPermissionError(error)) throw notFound(announcementId);
      throw error;
    }
  }
}
